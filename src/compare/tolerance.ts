/** The regression tolerance setting: "10%" or "0.1", a relative change. */
import { ConfigError } from '../core/errors.js';

export const DEFAULT_TOLERANCE = 0.1;

const EXPECTED = 'a relative tolerance from 0% to 1000%, such as 10% or 0.1';

/** Parses "10%", "12.5 %", "0.1" into a fraction (0.1). `input` names the setting in errors. */
export function parseTolerance(value: string, input = 'tolerance'): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$/.exec(value);
  if (!m) throw new ConfigError(input, value, EXPECTED);
  const n = Number(m[1]);
  const fraction = m[2] === '%' ? n / 100 : n;
  if (!Number.isFinite(fraction) || fraction > 10) throw new ConfigError(input, value, EXPECTED);
  // A bare number above 1 is almost surely a percentage without its sign: refuse to guess.
  if (m[2] !== '%' && n > 1) {
    throw new ConfigError(input, value, `${EXPECTED} (write ${n}% for a percentage)`);
  }
  return fraction;
}
