import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import type { CompareInputKey, RawCompareInputs } from '../paired/paired-settings.js';
import { RUN_USAGE } from './run-args.js';

/** `compare`'s own flags; every other flag is a run flag (the profile both builds get). */
export const COMPARE_OPTIONS = {
  'base-command': { type: 'string' },
  'head-command': { type: 'string' },
  'base-seed-command': { type: 'string' },
  'head-seed-command': { type: 'string' },
  'min-rounds': { type: 'string' },
  'max-rounds': { type: 'string' },
  'time-budget': { type: 'string' },
  'gate-metrics': { type: 'string' },
  tolerance: { type: 'string' },
  'success-tolerance': { type: 'string' },
  'fail-on-inconclusive': { type: 'boolean' },
  warmup: { type: 'string' },
  'ready-path': { type: 'string' },
  'ready-timeout': { type: 'string' },
  'report-dir': { type: 'string' },
} as const;

export const COMPARE_USAGE = `Usage: order-load-gate compare --base-command CMD --head-command CMD --target URL [options]

Measures the base and the head build on this machine in alternating rounds (blocks of A B B A or
B A A B, drawn at random): each round starts that build's target with its command, waits for
ready, seeds, runs the profile and stops it. Then, per metric, the change of head vs base with a
95% confidence interval.

Builds:
  --base-command CMD        starts the base build's target (serving --target)
  --head-command CMD        starts the head build's target (serving --target)
  --base-seed-command CMD   the base build's seed command, where it differs from --seed-command
  --head-seed-command CMD   the head build's seed command, where it differs
  --ready-path P            polled until 2xx before each round (default /health)
  --ready-timeout D         (default 60s)
Rounds and verdict:
  --min-rounds N            even, at least 4 (default 6)
  --max-rounds N            more pairs only while a gated metric is open, none regressed (default 32)
  --time-budget D           no pair started that would end after D; 0 = none (default 5m)
  --gate-metrics LIST       metrics that can fail (default order.p95,success_rate)
  --tolerance T             relative, for latencies and throughput (default 10%)
  --success-tolerance T     percentage points, for the success rate (default 1%)
  --fail-on-inconclusive    an inconclusive gated metric fails too
  --warmup N|auto           unmeasured order flows at the start of every round, before the integrity
                            check's "before"; auto: two per user, for at most 50 users; 0: none (default auto)
  --report-dir DIR          paired.json and every round's results and log (default order-load-gate-report)
  (--report FILE writes report.html: the verdict, the rounds and the head's last round)

Exit codes: 0 pass, 1 a gated metric regressed or an integrity violation, 2 a round could not be done.

The profile (the same for both builds):
${RUN_USAGE.split('\n').slice(2).join('\n')}`;

export interface ParsedCompareArgs {
  compare: Record<string, string | boolean | undefined>;
  runArgv: string[];
  help: boolean;
}

/** Splits argv into compare's flags and the run flags (passed on to parseRunArgs). */
export function splitCompareArgs(argv: string[]): ParsedCompareArgs {
  const own: string[] = [];
  const runArgv: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = /^--([^=]+)/.exec(arg)?.[1];
    if (name && name in COMPARE_OPTIONS) {
      own.push(arg);
      const takesValue = COMPARE_OPTIONS[name as keyof typeof COMPARE_OPTIONS].type === 'string';
      if (takesValue && !arg.includes('=') && i + 1 < argv.length) own.push(argv[++i]!);
    } else runArgv.push(arg);
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: own, options: COMPARE_OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new ConfigError(
      'compare arguments',
      own.join(' '),
      `valid options (${(err as Error).message}); see --help`,
    );
  }
  return { compare: values, runArgv, help: runArgv.includes('--help') || runArgv.includes('-h') };
}

const FLAG_OF: Record<CompareInputKey, string> = {
  minRounds: '--min-rounds',
  maxRounds: '--max-rounds',
  timeBudget: '--time-budget',
  gateMetrics: '--gate-metrics',
  tolerance: '--tolerance',
  successTolerance: '--success-tolerance',
  failOnInconclusive: '--fail-on-inconclusive',
  warmup: '--warmup',
};
export const compareFlagName = (key: CompareInputKey): string => FLAG_OF[key];

export function rawCompareInputs(values: ParsedCompareArgs['compare']): RawCompareInputs {
  const s = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  return {
    minRounds: s('min-rounds'),
    maxRounds: s('max-rounds'),
    timeBudget: s('time-budget'),
    gateMetrics: s('gate-metrics'),
    tolerance: s('tolerance'),
    successTolerance: s('success-tolerance'),
    failOnInconclusive: values['fail-on-inconclusive'] === true ? 'true' : undefined,
    warmup: s('warmup'),
  };
}
