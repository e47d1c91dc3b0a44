import { parseTolerance } from '../compare/compare.js';
import { parseDuration } from '../core/duration.js';
import { COMPARE_MODES } from '../gate/compare-mode.js';
import { type GateModeSettings, readGateMode, resolveGateRunSettings } from '../gate/gate-mode.js';
import type { GateSettings } from '../gate/gate-settings.js';
import { resolveCompareSettings } from '../paired/paired-settings.js';
import { parseBaselineLocation } from '../publish/baseline-location.js';
import { parseChoice } from '../settings/parse-values.js';
import { actionInputName, RUN_INPUTS } from '../settings/run-inputs.js';
import type { RawRunInputs } from '../settings/run-settings.js';

/**
 * The action's inputs, read through a getter (core.getInput in the action, a map in tests)
 * and turned into the same validated settings the CLI builds. Errors name the input as the
 * workflow spells it.
 */
export type InputGetter = (name: string) => string;

/**
 * The run's inputs as the action takes them, made from their declarations (RUN_INPUTS): a list
 * input is one item a line ('#' starts a comment line); an empty input falls back to its
 * environment variable, then to the action's own default where it has one (seed: none).
 */
function readRunInputs(
  get: InputGetter,
  opt: (name: string) => string | undefined,
  env: NodeJS.ProcessEnv,
): RawRunInputs {
  const raw: RawRunInputs = {};
  for (const input of RUN_INPUTS) {
    if (input.action === undefined) continue;
    const value =
      input.kind === 'list'
        ? get(input.action)
            .split(/\r?\n/)
            .map((l) => l.trim())
            .filter((l) => l !== '' && !l.startsWith('#'))
        : (opt(input.action) ??
          (input.env ? env[input.env] : undefined) ??
          (input.actionDefault !== undefined && input.actionDefault !== ''
            ? input.actionDefault
            : undefined));
    if (value !== undefined) (raw as Record<string, unknown>)[input.key] = value;
  }
  return raw;
}

/**
 * The gate's own inputs (the action only) with their defaults as action.yml declares them; the
 * run's inputs are declared in RUN_INPUTS. `npm run lint` holds action.yml against both lists.
 */
export const GATE_INPUTS = {
  'start-command': '',
  'stop-command': '',
  'ready-path': '/health',
  'ready-timeout': '60s',
  baseline: 'branch:order-load-gate-baselines',
  'baseline-key': '',
  'update-baseline': 'auto',
  'regression-tolerance': '10%',
  compare: 'auto',
  'base-start-command': '',
  'base-seed-command': '',
  'min-rounds': '6',
  'max-rounds': '32',
  'time-budget': '5m',
  'gate-metrics': 'order.p95,success_rate',
  'success-tolerance': '1%',
  'fail-on-inconclusive': 'false',
  warmup: 'auto',
  comment: 'auto',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, as action.yml writes it
  'github-token': '${{ github.token }}',
  'report-dir': 'order-load-gate-report',
  mode: 'run',
  'results-dir': '',
} as const;

/** Values that must never be printed: the caller masks them (core.setSecret). */
export function secretInputs(get: InputGetter): string[] {
  return [get('admin-token'), get('github-token'), get('password')].filter((v) => v.trim() !== '');
}

export function readGateSettings(
  get: InputGetter,
  env: NodeJS.ProcessEnv = process.env,
): GateSettings & GateModeSettings {
  const opt = (name: string): string | undefined => {
    const v = get(name).trim();
    return v === '' ? undefined : v;
  };
  const reportDir = opt('report-dir') ?? GATE_INPUTS['report-dir'];
  // The action's own: results in the report directory, a plain progress line in the log.
  const raw: RawRunInputs = {
    ...readRunInputs(get, opt, env),
    out: `${reportDir}/results.json`,
    progress: 'plain',
  };
  const mode = readGateMode(opt);
  const run = resolveGateRunSettings(raw, mode, actionInputName);
  const readyTimeoutMs = parseDuration(opt('ready-timeout') ?? GATE_INPUTS['ready-timeout'], 'ready-timeout');
  const readyPath = opt('ready-path') ?? GATE_INPUTS['ready-path'];
  return {
    ...mode,
    run,
    shape: opt('shape'),
    reportDir,
    startCommand: opt('start-command'),
    stopCommand: opt('stop-command'),
    readyPath: readyPath.startsWith('/') ? readyPath : `/${readyPath}`,
    readyTimeoutMs,
    baseline: parseBaselineLocation(opt('baseline') ?? GATE_INPUTS.baseline, 'baseline'),
    baselineKey: opt('baseline-key'),
    updateBaseline: parseChoice(opt('update-baseline') ?? GATE_INPUTS['update-baseline'], 'update-baseline', [
      'auto',
      'true',
      'false',
    ] as const),
    tolerance: parseTolerance(
      opt('regression-tolerance') ?? GATE_INPUTS['regression-tolerance'],
      'regression-tolerance',
    ),
    compare: parseChoice(opt('compare') ?? GATE_INPUTS.compare, 'compare', COMPARE_MODES),
    ...(opt('base-start-command') ? { baseStartCommand: opt('base-start-command') } : {}),
    ...(opt('base-seed-command') ? { baseSeedCommand: opt('base-seed-command') } : {}),
    verdict: resolveCompareSettings(
      {
        minRounds: opt('min-rounds') ?? GATE_INPUTS['min-rounds'],
        maxRounds: opt('max-rounds') ?? GATE_INPUTS['max-rounds'],
        timeBudget: opt('time-budget') ?? GATE_INPUTS['time-budget'],
        gateMetrics: opt('gate-metrics') ?? GATE_INPUTS['gate-metrics'],
        successTolerance: opt('success-tolerance') ?? GATE_INPUTS['success-tolerance'],
        failOnInconclusive: opt('fail-on-inconclusive') ?? GATE_INPUTS['fail-on-inconclusive'],
        warmup: opt('warmup') ?? GATE_INPUTS.warmup,
      },
      (key) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    ),
    comment: parseChoice(opt('comment') ?? GATE_INPUTS.comment, 'comment', [
      'auto',
      'always',
      'never',
    ] as const),
    githubToken: opt('github-token'),
  };
}
