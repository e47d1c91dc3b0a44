import { ConfigError } from '../core/errors.js';

/** Small validators shared by the settings builders. Each names the input in its error. */

export function parseIntInRange(value: string, input: string, min: number, max: number): number {
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) throw new ConfigError(input, value, `an integer from ${min} to ${max}`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(input, value, `an integer from ${min} to ${max}`);
  return n;
}

export function parseNumberInRange(value: string, input: string, min: number, max: number): number {
  const text = value.trim();
  const n = Number(text);
  if (text === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new ConfigError(input, value, `a number from ${min} to ${max}`);
  }
  return n;
}

/** "0.95", "95%" -> 0.95 */
export function parseRatio(value: string, input: string): number {
  const text = value.trim();
  const pct = text.endsWith('%');
  const n = Number(pct ? text.slice(0, -1) : text);
  const ratio = pct ? n / 100 : n;
  if (text === '' || !Number.isFinite(ratio) || ratio < 0 || ratio > 10) {
    throw new ConfigError(input, value, 'a ratio such as 0.1 or 10%');
  }
  return ratio;
}

export function parseChoice<T extends string>(value: string, input: string, choices: readonly T[]): T {
  const text = value.trim() as T;
  if (!choices.includes(text)) throw new ConfigError(input, value, `one of ${choices.join(', ')}`);
  return text;
}

export function parseBoolean(value: string, input: string): boolean {
  const text = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(text)) return true;
  if (['false', 'no', '0', 'off', ''].includes(text)) return false;
  throw new ConfigError(input, value, 'true or false');
}

export function parseTargetUrl(value: string, input: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(input, value, 'an absolute http(s) URL such as http://127.0.0.1:8000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(input, value, 'an http:// or https:// URL');
  }
  if (url.username || url.password) {
    throw new ConfigError(input, `${url.protocol}//***@${url.host}`, 'a URL without credentials in it');
  }
  return url.toString().replace(/\/+$/, '');
}

/** A value that was given: not absent, not blank. */
export function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}
