/**
 * The intervals behind every verdict (see "How a regression is decided" in the README).
 *
 * - Paired rounds: per pair the log ratio ln(head / base); a Student t interval on the mean log
 *   ratio, back-transformed to a relative change exp(x) − 1. Logs because latency changes are
 *   multiplicative (a slower query adds a share, not a constant, to a loaded shop's p95) and
 *   the ratio's log is symmetric; the t interval because with 3-10 pairs it is exact for normal
 *   log ratios and robust for mildly skewed ones, where a bootstrap of so few pairs undercovers.
 * - History: the new run against the stored runs' log values: the shift ln(current) − mean with
 *   the t prediction half-width t · s · √(1 + 1/n), i.e. the new run judged against the
 *   run-to-run spread the history has actually shown.
 * - Success rate: counts, not a band: Newcombe's hybrid score interval (method 10) for the
 *   difference of two proportions, from two Wilson score intervals.
 */
import { normalQuantile, studentTQuantile } from './distributions.js';

export const CONFIDENCE = 0.95;

/** A change with its interval: relative (0.031 = +3.1%) or, for proportions, absolute. */
export interface ChangeInterval {
  estimate: number;
  low: number;
  high: number;
  /** Pairs (paired), stored runs (history) or the smaller count (proportions). */
  n: number;
  /** Paired: the sample sd of the pairs' log ratios, how far one pair strays (planning). */
  spread?: number;
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The sample standard deviation (n − 1); 0 for a single value. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

const positive = (xs: readonly number[]) => xs.every((x) => Number.isFinite(x) && x > 0);

/**
 * The relative change of head vs base from paired measurements (base[i] and head[i] measured
 * in the same pair of rounds). Undefined when a value is not positive or there are no pairs;
 * with one pair the estimate has an unbounded interval.
 */
export function pairedRatioInterval(
  base: readonly number[],
  head: readonly number[],
  confidence = CONFIDENCE,
): ChangeInterval | undefined {
  const n = Math.min(base.length, head.length);
  if (n === 0 || !positive(base.slice(0, n)) || !positive(head.slice(0, n))) return undefined;
  const d = Array.from({ length: n }, (_, i) => Math.log(head[i]! / base[i]!));
  const m = mean(d);
  if (n < 2)
    return { estimate: Math.expm1(m), low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, n };
  const spread = sampleSd(d);
  const half = (studentTQuantile(1 - (1 - confidence) / 2, n - 1) * spread) / Math.sqrt(n);
  return { estimate: Math.expm1(m), low: Math.expm1(m - half), high: Math.expm1(m + half), n, spread };
}

/** The most pairs `pairsForHalfWidth` names; beyond it the advice is "a steadier round". */
export const MAX_PLANNED_PAIRS = 1000;

/**
 * Planning: the fewest pairs whose t interval, at this spread of the pairs' log ratios, is at
 * most ±halfWidth (relative, 0.05 = ±5%). What a gate left inconclusive would need: the
 * spread is itself estimated from few pairs, so this is a guide, not a promise. Undefined
 * beyond MAX_PLANNED_PAIRS.
 */
export function pairsForHalfWidth(
  spread: number,
  halfWidth: number,
  confidence = CONFIDENCE,
): number | undefined {
  const h = Math.log1p(halfWidth);
  if (!(spread >= 0) || !(h > 0)) return undefined;
  const q = 1 - (1 - confidence) / 2;
  for (let n = 2; n <= MAX_PLANNED_PAIRS; n++) {
    if ((studentTQuantile(q, n - 1) * spread) / Math.sqrt(n) <= h) return n;
  }
  return undefined;
}

/**
 * The relative change of one new run vs a history of runs, judged against the history's
 * run-to-run spread (a t prediction interval on log values). Needs two stored runs or more.
 */
export function historyShiftInterval(
  history: readonly number[],
  current: number,
  confidence = CONFIDENCE,
): ChangeInterval | undefined {
  const n = history.length;
  if (n < 2 || !positive(history) || !positive([current])) return undefined;
  const logs = history.map(Math.log);
  const shift = Math.log(current) - mean(logs);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * sampleSd(logs) * Math.sqrt(1 + 1 / n);
  return { estimate: Math.expm1(shift), low: Math.expm1(shift - half), high: Math.expm1(shift + half), n };
}

/** Wilson's score interval for a proportion `successes / n`. */
export function wilsonInterval(
  successes: number,
  n: number,
  confidence = CONFIDENCE,
): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's interval (method 10) for the difference head − base of two proportions, in
 * absolute terms (−0.02 = two percentage points lower). Undefined when a side has no trials.
 */
export function proportionDifferenceInterval(
  base: { successes: number; n: number },
  head: { successes: number; n: number },
  confidence = CONFIDENCE,
): ChangeInterval | undefined {
  if (base.n <= 0 || head.n <= 0) return undefined;
  const p0 = base.successes / base.n;
  const p1 = head.successes / head.n;
  const w0 = wilsonInterval(base.successes, base.n, confidence);
  const w1 = wilsonInterval(head.successes, head.n, confidence);
  const d = p1 - p0;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w0.high - p0) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p0 - w0.low) ** 2),
    n: Math.min(base.n, head.n),
  };
}

/**
 * The relative change between two independent groups of runs (`diff` of results files):
 * Welch's t interval on the difference of mean log values. With one run on the head side it is
 * the history interval; with one run on both sides the interval is unbounded.
 */
export function unpairedRatioInterval(
  base: readonly number[],
  head: readonly number[],
  confidence = CONFIDENCE,
): ChangeInterval | undefined {
  if (base.length === 0 || head.length === 0 || !positive(base) || !positive(head)) return undefined;
  if (head.length === 1 && base.length >= 2) return historyShiftInterval(base, head[0]!, confidence);
  const lb = base.map(Math.log);
  const lh = head.map(Math.log);
  const shift = mean(lh) - mean(lb);
  const n = Math.min(base.length, head.length);
  if (base.length < 2 || head.length < 2) {
    return { estimate: Math.expm1(shift), low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY, n };
  }
  const vb = sampleSd(lb) ** 2 / lb.length;
  const vh = sampleSd(lh) ** 2 / lh.length;
  const se = Math.sqrt(vb + vh);
  if (se === 0) return { estimate: Math.expm1(shift), low: Math.expm1(shift), high: Math.expm1(shift), n };
  const df = (vb + vh) ** 2 / (vb ** 2 / (lb.length - 1) + vh ** 2 / (lh.length - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { estimate: Math.expm1(shift), low: Math.expm1(shift - half), high: Math.expm1(shift + half), n };
}
