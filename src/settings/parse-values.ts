import { ConfigError } from '../core/errors.js';

/** Small validators shared by the settings builders. Each names the input in its error. */

export function parseIntInRange(value: string, input: string, min: number, max: number): number {
  const text = value.trim();
  if (!/^-?\d+$/.test(text)) throw new ConfigError(input, value, `an integer from ${min} to ${max}`);
  const n = Number(text);
  if (n < min || n > max) throw new ConfigError(input, value, `an integer from ${min} to ${max}`);
  return n;
}

export function parseChoice<T extends string>(value: string, input: string, choices: readonly T[]): T {
  const text = value.trim() as T;
  if (!choices.includes(text)) throw new ConfigError(input, value, `one of ${choices.join(', ')}`);
  return text;
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

export function parseBoolean(value: string, input: string): boolean {
  const text = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(text)) return true;
  if (['false', 'no', '0', 'off', ''].includes(text)) return false;
  throw new ConfigError(input, value, 'true or false');
}
