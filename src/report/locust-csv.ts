/**
 * `--csv PREFIX`: the run as Locust's CSV files, for the spreadsheets and dashboards people built
 * on Locust's `--csv`. Same file names, same header rows, same column order as Locust's
 * StatsCSVFileWriter:
 *   PREFIX_stats.csv          one row per step (Type = HTTP method, Name = step), then Aggregated
 *   PREFIX_stats_history.csv  one Aggregated row per second of the run
 *   PREFIX_failures.csv       one row per step and error kind, with its occurrences
 * Values are ours, in Locust's units (ms, per second). Not measured here, so written as Locust
 * writes what it lacks: Average Content Size 0; in the history, only the second's own 50% and 95%
 * are known ("N/A" for the other percentiles and the running min/max/median/average).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Histogram, mergeHistograms, percentileMs } from '../engine/histogram.js';
import { decodeHistogram } from '../engine/histogram-codec.js';
import type { StepName } from '../engine/types.js';
import { decodeStepHistogram, type RunResults, type StepResults } from '../results/results.js';
import { shownFlowSteps } from './flow-steps.js';

/** Locust's PERCENTILES_TO_REPORT, as its headers spell them. */
const PERCENTILES = [50, 66, 75, 80, 90, 95, 98, 99, 99.9, 99.99, 100] as const;
const PERCENTILE_HEADERS = PERCENTILES.map((p) => `${p}%`);

export const STATS_COLUMNS = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
];

export const HISTORY_COLUMNS = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...PERCENTILE_HEADERS,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];

export const FAILURES_COLUMNS = ['Method', 'Name', 'Error', 'Occurrences'];

const REQUEST_STEPS: readonly StepName[] = ['login', 'products', 'cart', 'order'];
const NA = 'N/A';

/** One CSV field as Python's csv module writes it (quoted when it holds a comma, quote or newline). */
function field(value: string | number): string {
  const text = typeof value === 'number' ? String(Number.isFinite(value) ? round(value) : 0) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => `${r.map(field).join(',')}\r\n`).join('');
}

function percentiles(histogram: Histogram, count: number): (string | number)[] {
  return count === 0 ? PERCENTILES.map(() => NA) : PERCENTILES.map((p) => percentileMs(histogram, p));
}

function statsRow(
  type: string,
  name: string,
  s: Pick<StepResults, 'count' | 'failures' | 'latencyMs' | 'rps'>,
  durationS: number,
  histogram: Histogram,
): (string | number)[] {
  const l = s.latencyMs;
  return [
    type,
    name,
    s.count,
    s.failures,
    l.p50,
    l.mean,
    l.min,
    l.max,
    0,
    s.rps,
    durationS > 0 ? s.failures / durationS : 0,
    ...percentiles(histogram, s.count),
  ];
}

export interface LocustCsvFiles {
  stats: string;
  history: string;
  failures: string;
}

/** One request line of the files: a phase, or a scenario's named step when it has its own. */
interface CsvLine {
  name: string;
  stats: StepResults;
  histogram: Histogram;
  samples: RunResults['errorSamples'];
}

/** The request lines: the scenario's named steps when they are more than the phases, else the phases. */
function csvLines(results: RunResults): CsvLine[] {
  const named = shownFlowSteps(results);
  if (named.length > 0) {
    return named.map((s) => ({
      name: s.name,
      stats: s,
      histogram: decodeHistogram(s.histogram),
      samples: results.errorSamples.filter((e) => e.name === s.name),
    }));
  }
  return REQUEST_STEPS.map((step) => ({
    name: step,
    stats: results.steps[step],
    histogram: decodeStepHistogram(results, step),
    samples: results.errorSamples.filter((e) => e.step === step),
  }));
}

/**
 * The three files' contents, one line per request name as Locust writes them (the scenario's
 * named steps when it has steps of its own). `methods` gives each line's HTTP method (Type).
 */
export function locustCsv(results: RunResults, methods: Partial<Record<string, string>>): LocustCsvFiles {
  const durationS = results.durationMs / 1000;
  const lines = csvLines(results);
  const histograms = lines.map((l) => l.histogram);
  const statsRows: (string | number)[][] = [STATS_COLUMNS];
  for (const line of lines) {
    statsRows.push(statsRow(methods[line.name] ?? '', line.name, line.stats, durationS, line.histogram));
  }
  const all = mergeHistograms(histograms);
  const count = lines.reduce((n, l) => n + l.stats.count, 0);
  const failures = lines.reduce((n, l) => n + l.stats.failures, 0);
  const total = {
    count,
    failures,
    rps: durationS > 0 ? count / durationS : 0,
    latencyMs: {
      min: count === 0 ? 0 : percentileMs(all, 0),
      mean: count === 0 ? 0 : Math.round(all.mean / 10) / 100,
      p50: percentileMs(all, 50),
      max: percentileMs(all, 100),
    },
  } as Pick<StepResults, 'count' | 'failures' | 'latencyMs' | 'rps'>;
  statsRows.push(statsRow('', 'Aggregated', total, durationS, all));

  const startS = Math.floor(Date.parse(results.startedAt) / 1000);
  const historyRows: (string | number)[][] = [HISTORY_COLUMNS];
  let requestsSoFar = 0;
  let failuresSoFar = 0;
  for (const point of results.timeline) {
    requestsSoFar += point.requests;
    failuresSoFar += point.failures;
    const known = point.requests > 0;
    historyRows.push([
      startS + point.t,
      point.users,
      '',
      'Aggregated',
      point.requests,
      point.failures,
      ...PERCENTILES.map((p) => (!known ? NA : p === 50 ? point.p50 : p === 95 ? point.p95 : NA)),
      requestsSoFar,
      failuresSoFar,
      NA,
      NA,
      NA,
      NA,
      0,
    ]);
  }

  const failureRows: (string | number)[][] = [FAILURES_COLUMNS];
  for (const line of lines) {
    for (const [kind, occurrences] of Object.entries(line.stats.errors)) {
      if (occurrences <= 0) continue;
      const sample = line.samples.find((s) => s.kind === kind);
      const error = sample
        ? `${kind}: ${sample.status > 0 ? `${sample.status} ` : ''}${sample.detail}`
        : kind;
      failureRows.push([methods[line.name] ?? '', line.name, error.trim(), occurrences]);
    }
  }
  return { stats: csv(statsRows), history: csv(historyRows), failures: csv(failureRows) };
}

/** Writes PREFIX_stats.csv, PREFIX_stats_history.csv and PREFIX_failures.csv; returns their paths. */
export async function writeLocustCsv(
  prefix: string,
  results: RunResults,
  methods: Partial<Record<string, string>>,
): Promise<string[]> {
  const files = locustCsv(results, methods);
  await mkdir(dirname(prefix), { recursive: true });
  const paths = [`${prefix}_stats.csv`, `${prefix}_stats_history.csv`, `${prefix}_failures.csv`];
  await writeFile(paths[0]!, files.stats);
  await writeFile(paths[1]!, files.history);
  await writeFile(paths[2]!, files.failures);
  return paths;
}
