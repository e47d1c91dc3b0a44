/**
 * Latency histograms: HdrHistogram (hdr-histogram-js, pure JS) recording integer MICROSECONDS,
 * 3 significant digits, from 1 µs to 1 h. Results carry them as compressed base64 so shards
 * and baselines can be merged and re-summarised exactly.
 */
import type { Histogram } from 'hdr-histogram-js';
import * as int32Module from 'hdr-histogram-js/dist/Int32Histogram.js';

export type { Histogram } from 'hdr-histogram-js';

/*
 * The library's entry module also loads its WebAssembly build (and compiles a probe module at
 * import): about 7 MB more RSS than the plain JS classes taken here. Encoding (with pako) is in
 * histogram-codec.ts, which the load itself never needs.
 */
type Int32HistogramClass = new (lowest: number, highest: number, digits: number) => Histogram;
// A CommonJS default export: Node hands over module.exports, a bundler its `default`.
const int32 = int32Module as unknown as { default: Int32HistogramClass | { default: Int32HistogramClass } };
const Int32Histogram: Int32HistogramClass =
  typeof int32.default === 'function' ? int32.default : int32.default.default;

/** The largest recordable latency: 1 hour, in microseconds. Longer values are clamped to it. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

/** Latency statistics in milliseconds, rounded to 0.01 ms. */
export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export const ZERO_SUMMARY: Readonly<LatencySummary> = Object.freeze({
  min: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p95: 0,
  p99: 0,
  max: 0,
});

export function createHistogram(): Histogram {
  const histogram = new Int32Histogram(1, HIGHEST_TRACKABLE_US, 3);
  // As the library's build() sets it: adding a wider histogram (another tool's results) grows this one.
  histogram.autoResize = true;
  return histogram;
}

/** Records a latency given in (fractional) milliseconds; NaN and negatives count as 1 µs. */
export function recordMs(histogram: Histogram, ms: number): void {
  let us = Math.round(ms * 1000);
  if (!(us >= 1)) us = 1;
  else if (us > HIGHEST_TRACKABLE_US) us = HIGHEST_TRACKABLE_US;
  histogram.recordValue(us);
}

/** Adds `from`'s counts into `into`. */
export function addHistogram(into: Histogram, from: Histogram): void {
  into.add(from);
}

/** A new histogram holding the sum of the given ones. */
export function mergeHistograms(histograms: Iterable<Histogram>): Histogram {
  const out = createHistogram();
  for (const h of histograms) out.add(h);
  return out;
}

export function histogramCount(histogram: Histogram): number {
  return histogram.totalCount;
}

function usToMs(us: number): number {
  return Math.round(us / 10) / 100;
}

/** The value (ms) at a percentile (0-100); 0 for an empty histogram. */
export function percentileMs(histogram: Histogram, percentile: number): number {
  if (histogram.totalCount === 0) return 0;
  return usToMs(histogram.getValueAtPercentile(percentile));
}

/**
 * {min, mean, p50, p90, p95, p99, max} in ms, rounded to 0.01 ms; zeros when empty. Values are
 * HDR bucket bounds (within 0.1%), so that min <= p50 <= ... <= p99 <= max always holds.
 */
export function summarize(histogram: Histogram): LatencySummary {
  if (histogram.totalCount === 0) return { ...ZERO_SUMMARY };
  return {
    // Percentile 0 and 100 give the lowest / highest equivalent values of the extreme buckets, the
    // same whether the histogram was recorded here or decoded (whose exact extremes are lost).
    min: usToMs(histogram.getValueAtPercentile(0)),
    mean: usToMs(histogram.mean),
    p50: usToMs(histogram.getValueAtPercentile(50)),
    p90: usToMs(histogram.getValueAtPercentile(90)),
    p95: usToMs(histogram.getValueAtPercentile(95)),
    p99: usToMs(histogram.getValueAtPercentile(99)),
    max: usToMs(histogram.getValueAtPercentile(100)),
  };
}
