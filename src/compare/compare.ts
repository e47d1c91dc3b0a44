/**
 * Compares a run with its baseline history: the order percentiles of the history (the chart) and
 * the newest entry's commit. The gate's verdict no longer comes from here: see judgement.ts and
 * RULE.md (the rule below is the legacy table, shown only where no verdict view is given).
 *
 * **The regression rule.** CI runners are noisy, and a gate that compares with one previous
 * run raises false alarms. So each metric is compared with the history of the last runs of the
 * same load profile (up to 20): the reference is the MEDIAN of the metric over those runs, and
 * the noise band is 3 × MAD (the median absolute deviation, scaled by 1.4826 so it reads as a
 * standard deviation). A metric regresses only when it is worse than the reference by more
 * than the tolerance (relative, 10% by default), AND by more than the noise band (absolute),
 * AND, for latencies, by at least 1 ms. An improvement is the same test the other way round.
 * With fewer than 5 runs in the history the comparison is flagged as short: the noise band is
 * computed from what is there, and with a single run it is 0, so only the tolerance applies.
 * Without a baseline every metric is `no-baseline` and nothing regresses.
 *
 * Metrics: success rate and throughput (higher is better); order p50 and p95, the flow's mean,
 * and the p95 of login, products and cart (lower is better).
 */
import type { RunResults } from '../results/results.js';
import type { BaselineEntry, BaselineFile } from './baseline-file.js';
import { COMPARED_METRICS, type ComparedMetric, type MetricUnit } from './metrics.js';
import { mergedPercentiles, type PercentileSet, runPercentiles } from './percentiles.js';
import { median, scaledMad } from './stats.js';
import { DEFAULT_TOLERANCE } from './tolerance.js';

export type { MetricUnit } from './metrics.js';
export type { PercentileSet } from './percentiles.js';
export { DEFAULT_TOLERANCE, parseTolerance } from './tolerance.js';

export type MetricVerdict = 'ok' | 'regressed' | 'improved' | 'no-baseline';

/** The noise band is this many scaled MADs wide. */
export const NOISE_MADS = 3;
/** Below this many entries the history is "short": its noise band is not reliable yet. */
export const MIN_RELIABLE_HISTORY = 5;
/** A latency must move by at least this much (ms) to count as a change. */
export const MIN_LATENCY_CHANGE_MS = 1;

export interface ComparisonRow {
  metric: string;
  label: string;
  unit: MetricUnit;
  higherIsBetter: boolean;
  /** The reference: the median over the history; null without a baseline. */
  baseline: number | null;
  current: number;
  /** (current − baseline) / baseline; null without a baseline or when the baseline is 0. */
  change: number | null;
  /** The noise band (absolute, in the metric's unit): 3 × scaled MAD; null without a baseline. */
  noise: number | null;
  verdict: MetricVerdict;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Names of the regressed metrics, e.g. ['order.p95', 'success_rate']. */
  regressions: string[];
  improvements: string[];
  /** How many baseline entries the reference was computed from. */
  entries: number;
  /** 1 to 4 entries: the noise band is not reliable yet. */
  shortHistory: boolean;
  tolerance: number;
  baselineKey?: string;
  /** The newest entry's commit and time. */
  baselineSha?: string;
  baselineRecordedAt?: string;
  /** Order step percentiles (ms): this run's, and the history's merged histograms'. */
  orderPercentiles: { current: PercentileSet; baseline?: PercentileSet };
}

export interface CompareOptions {
  /** Relative tolerance, e.g. 0.1 for 10%. */
  tolerance?: number;
}

const EPS = 1e-9;

function judge(
  m: ComparedMetric,
  current: number,
  reference: number,
  noise: number,
  tolerance: number,
): MetricVerdict {
  const diff = current - reference;
  const worse = m.higherIsBetter ? -diff : diff;
  const size = Math.abs(worse);
  const beyondTolerance = size > tolerance * Math.abs(reference) + EPS;
  const beyondNoise = size > noise + EPS;
  const bigEnough = m.unit !== 'ms' || size >= MIN_LATENCY_CHANGE_MS - EPS;
  if (!(beyondTolerance && beyondNoise && bigEnough)) return 'ok';
  return worse > 0 ? 'regressed' : 'improved';
}

function relativeChange(current: number, reference: number): number | null {
  if (reference === 0) return current === 0 ? 0 : null;
  return (current - reference) / Math.abs(reference);
}

/** Compares `current` with the baseline file's entries (see the rule above). */
export function compareWithBaseline(
  current: RunResults,
  baseline: BaselineFile | undefined,
  options: CompareOptions = {},
): Comparison {
  const comparison = compareRuns(current, baseline?.entries ?? [], options.tolerance);
  if (baseline) comparison.baselineKey = baseline.key;
  return comparison;
}

/** Compares `current` with a history of entries, oldest first (see the rule above). */
export function compareRuns(
  current: RunResults,
  entries: readonly BaselineEntry[],
  tolerance: number = DEFAULT_TOLERANCE,
): Comparison {
  const history = entries.map((e) => e.results);
  const rows = COMPARED_METRICS.map((m): ComparisonRow => {
    const value = m.value(current);
    const base = { metric: m.metric, label: m.label, unit: m.unit, higherIsBetter: m.higherIsBetter };
    if (history.length === 0) {
      return { ...base, baseline: null, current: value, change: null, noise: null, verdict: 'no-baseline' };
    }
    const values = history.map((r) => m.value(r));
    const reference = median(values);
    const noise = NOISE_MADS * scaledMad(values);
    return {
      ...base,
      baseline: reference,
      current: value,
      change: relativeChange(value, reference),
      noise,
      verdict: judge(m, value, reference, noise, tolerance),
    };
  });
  const newest = entries[entries.length - 1];
  const comparison: Comparison = {
    rows,
    regressions: rows.filter((r) => r.verdict === 'regressed').map((r) => r.metric),
    improvements: rows.filter((r) => r.verdict === 'improved').map((r) => r.metric),
    entries: history.length,
    shortHistory: history.length > 0 && history.length < MIN_RELIABLE_HISTORY,
    tolerance,
    orderPercentiles: { current: runPercentiles(current) },
  };
  const merged = mergedPercentiles(history);
  if (merged) comparison.orderPercentiles.baseline = merged;
  if (newest) {
    comparison.baselineSha = newest.sha;
    comparison.baselineRecordedAt = newest.recordedAt;
  }
  return comparison;
}
