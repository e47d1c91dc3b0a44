/** Robust statistics for noisy CI measurements: the median and the median absolute deviation. */

/** The scale that makes the MAD estimate the standard deviation of normally distributed data. */
export const MAD_SCALE = 1.4826;

/** The median of the values; NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median absolute deviation from the median, scaled by MAD_SCALE (1.4826) so it reads as
 * a standard deviation; 0 for fewer than two values; NaN for none.
 */
export function scaledMad(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const m = median(values);
  return MAD_SCALE * median(values.map((v) => Math.abs(v - m)));
}
