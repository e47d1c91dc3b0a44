/**
 * `order-load-gate diff`: benchstat for results files. The first operand is the base, each next
 * one a head compared with it; an operand is a results file or a directory of them (a group of
 * runs). A single paired.json (or a report directory holding one) is judged again from its rounds.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type Judgement,
  judgeGroups,
  judgePaired,
  type MetricSample,
  sampleOf,
} from '../compare/judgement.js';
import { ConfigError, ExitCode, GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { resolveCompareSettings } from '../paired/paired-settings.js';
import { formatJudgementTable } from '../report/change-format.js';
import { parseResults } from '../results/results-schema.js';

export const DIFF_USAGE = `Usage: order-load-gate diff BASE HEAD [HEAD ...]
       order-load-gate diff report-dir/paired.json

Compares results files the way benchstat compares benchmarks: per metric the base and head
values, the change with a 95% confidence interval and a verdict ("~": inconclusive).
BASE and HEAD are results files (run --out) or directories of them (several runs of one
build: Welch's interval on log values; one run against several: a prediction interval).
A paired.json written by "compare" is judged again from its rounds (paired log ratios).

Options:
  --gate-metrics LIST       metrics marked as gated (default order.p95,success_rate)
  --tolerance T             relative, for latencies and throughput (default 10%)
  --success-tolerance T     percentage points, for the success rate (default 1%)

Exit codes: 0 no gated metric regressed, 1 one did, 2 the files could not be read.`;

const OPTIONS = {
  'gate-metrics': { type: 'string' },
  tolerance: { type: 'string' },
  'success-tolerance': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new GateError('OLG_ERR_RESULTS', `${path}: cannot be read as JSON (${(err as Error).message})`);
  }
}

const isPaired = (json: unknown): json is { rounds: (MetricSample & { side: string })[] } =>
  typeof json === 'object' && json !== null && (json as { kind?: unknown }).kind === 'order-load-gate/paired';

/** The runs of one operand: a results file, or every results file in a directory (sorted). */
async function readGroup(operand: string): Promise<MetricSample[]> {
  const info = await stat(operand).catch(() => undefined);
  if (!info) throw new ConfigError('diff operand', operand, 'a results file or a directory of results files');
  if (info.isFile()) return [sampleOf(parseResults(await readJson(operand), operand))];
  const files = (await readdir(operand)).filter((f) => f.endsWith('.json') && f !== 'paired.json').sort();
  const samples: MetricSample[] = [];
  for (const f of files)
    samples.push(sampleOf(parseResults(await readJson(join(operand, f)), join(operand, f))));
  if (samples.length === 0)
    throw new ConfigError('diff operand', operand, 'a directory holding results files (*.json)');
  return samples;
}

export async function diffCommand(
  argv: string[],
  stdout: NodeJS.WritableStream,
  _logger: Logger,
): Promise<number> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (err) {
    throw new ConfigError(
      'diff arguments',
      argv.join(' '),
      `valid options (${(err as Error).message}); see --help`,
    );
  }
  const { values, positionals } = parsed;
  if (values.help) {
    stdout.write(`${DIFF_USAGE}\n`);
    return ExitCode.pass;
  }
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const { judge } = resolveCompareSettings(
    {
      gateMetrics: str('gate-metrics'),
      tolerance: str('tolerance'),
      successTolerance: str('success-tolerance'),
    },
    (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
  );
  const tables: string[] = [];
  const judgements: Judgement[] = [];
  if (positionals.length === 1) {
    let path = positionals[0]!;
    if ((await stat(path).catch(() => undefined))?.isDirectory()) path = join(path, 'paired.json');
    const json = await readJson(path);
    if (!isPaired(json))
      throw new ConfigError('diff operand', path, 'a paired.json written by compare, or two operands');
    const pairs = Math.floor(json.rounds.length / 2);
    const b: MetricSample[] = [];
    const h: MetricSample[] = [];
    for (let i = 0; i < pairs * 2; i++) (json.rounds[i]!.side === 'base' ? b : h).push(json.rounds[i]!);
    const j = judgePaired(b, h, judge);
    judgements.push(j);
    tables.push(`${path}: ${j.n} pairs of rounds (paired log ratios)\n\n${formatJudgementTable(j)}`);
  } else if (positionals.length >= 2) {
    const base = await readGroup(positionals[0]!);
    for (const operand of positionals.slice(1)) {
      const head = await readGroup(operand);
      const j = judgeGroups(base, head, judge);
      judgements.push(j);
      tables.push(
        `${positionals[0]} (${base.length} run${base.length === 1 ? '' : 's'}) vs ${operand} (${head.length} run${head.length === 1 ? '' : 's'})\n\n${formatJudgementTable(j)}`,
      );
    }
  } else {
    stdout.write(`${DIFF_USAGE}\n`);
    return ExitCode.error;
  }
  stdout.write(`${tables.join('\n\n')}\n`);
  return judgements.some((j) => j.regressions.length > 0) ? ExitCode.fail : ExitCode.pass;
}
