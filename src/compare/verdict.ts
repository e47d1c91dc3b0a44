/**
 * From an interval to a word. With `worse` the change in the bad direction:
 * - regressed: the whole interval is worse than +tolerance;
 * - improved: the whole interval is better than −tolerance;
 * - unchanged: the whole interval lies within ±tolerance;
 * - inconclusive: anything else (the interval straddles a tolerance edge): more data needed.
 */
import type { ChangeInterval } from './intervals.js';

export type ChangeVerdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive';

export function judgeInterval(
  interval: ChangeInterval | undefined,
  tolerance: number,
  higherIsBetter: boolean,
): ChangeVerdict {
  if (!interval || Number.isNaN(interval.low) || Number.isNaN(interval.high)) return 'inconclusive';
  const worseLow = higherIsBetter ? -interval.high : interval.low;
  const worseHigh = higherIsBetter ? -interval.low : interval.high;
  if (worseLow > tolerance) return 'regressed';
  if (worseHigh < -tolerance) return 'improved';
  if (worseLow >= -tolerance && worseHigh <= tolerance) return 'unchanged';
  return 'inconclusive';
}
