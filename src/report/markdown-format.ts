/** Value, change and verdict formatting shared by the markdown report's sections. */
import type { ComparisonRow, MetricUnit, MetricVerdict } from '../compare/compare.js';
import { escapeInline } from './escape.js';
import { formatLatency, formatPercent } from './format.js';

export const VERDICT_LABELS: Record<MetricVerdict, string> = {
  ok: '✅ ok',
  regressed: '❌ regressed',
  improved: '🚀 improved',
  'no-baseline': '➖ no baseline',
};

/** A value with its unit: "120.50ms", "1.50s", "95.00%", "399.00 req/s". */
export function formatValue(unit: MetricUnit, value: number): string {
  switch (unit) {
    case 'ms':
      return formatLatency(value);
    case 'fraction':
      return formatPercent(value);
    case 'rps':
      return `${value.toFixed(2)} req/s`;
  }
}

/** A relative change with its sign: "+12.3%", "-4.5%", "0.0%"; "n/a" when undefined. */
export function formatChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return 'n/a';
  const text = (change * 100).toFixed(1);
  if (Number(text) === 0) return '0.0%';
  return `${change > 0 ? '+' : ''}${text}%`;
}

/** The baseline cell: the reference, and the noise band when there is one. */
export function formatBaselineCell(row: ComparisonRow): string {
  if (row.baseline === null) return '—';
  const value = formatValue(row.unit, row.baseline);
  return row.noise !== null && row.noise > 0 ? `${value} ± ${formatValue(row.unit, row.noise)}` : value;
}

/** A 40-hex commit as its 7-character short form in a code span; anything else escaped. */
export function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? `\`${sha.slice(0, 7).toLowerCase()}\`` : escapeInline(sha, 40);
}
