import { ConfigError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses "500ms", "1.5s", "10m", "1h30m", or a bare number of seconds, into milliseconds.
 * `input` names the setting for the error message.
 */
export function parseDuration(value: string | number, input: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value * 1000;
    throw new ConfigError(input, value, 'a duration such as 30s, 5m or 1h30m');
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null = re.exec(text);
  while (m) {
    total += Number(m[1]) * (UNIT_MS[m[2]!] ?? 0);
    matched += m[0].length;
    m = re.exec(text);
  }
  if (text.length === 0 || matched !== text.length) {
    throw new ConfigError(input, value, 'a duration such as 500ms, 30s, 5m or 1h30m');
  }
  return total;
}

/** Parses "1s-3s" (or a single duration) into a [min, max] range in milliseconds. */
export function parseDurationRange(value: string, input: string): [number, number] {
  const parts = value.split('-').map((p) => p.trim());
  if (parts.length === 1) {
    const d = parseDuration(parts[0]!, input);
    return [d, d];
  }
  if (parts.length !== 2) throw new ConfigError(input, value, 'a duration or a range such as 1s-3s');
  const lo = parseDuration(parts[0]!, input);
  const hi = parseDuration(parts[1]!, input);
  if (hi < lo)
    throw new ConfigError(input, value, 'a range whose first bound is not above its second, such as 1s-3s');
  return [lo, hi];
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)}s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${m}m${s}s` : `${m}m`;
}
