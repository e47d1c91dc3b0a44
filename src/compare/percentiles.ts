/** Latency percentiles of a step over a whole baseline history: its histograms merged exactly. */
import { mergeHistograms, percentileMs } from '../engine/histogram.js';
import { decodeHistogram } from '../engine/histogram-codec.js';
import type { MetricStep } from '../engine/recorder.js';
import type { BaselineResults } from './baseline-file.js';

export const CHART_PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;
export type ChartPercentile = (typeof CHART_PERCENTILES)[number];
/** Latencies in ms at p50, p90, p95 and p99. */
export type PercentileSet = Record<ChartPercentile, number>;

/** The percentiles of one run's step, as summarised in its results. */
export function runPercentiles(results: BaselineResults, step: MetricStep = 'order'): PercentileSet {
  const l = results.steps[step].latencyMs;
  return { p50: l.p50, p90: l.p90, p95: l.p95, p99: l.p99 };
}

/**
 * The percentiles of a step over all the given results, from the sum of their HDR histograms
 * (not an average of percentiles); undefined when there are no results.
 */
export function mergedPercentiles(
  history: readonly BaselineResults[],
  step: MetricStep = 'order',
): PercentileSet | undefined {
  if (history.length === 0) return undefined;
  const merged = mergeHistograms(history.map((r) => decodeHistogram(r.steps[step].histogram)));
  return {
    p50: percentileMs(merged, 50),
    p90: percentileMs(merged, 90),
    p95: percentileMs(merged, 95),
    p99: percentileMs(merged, 99),
  };
}
