/**
 * Mermaid `xychart-beta` charts, as GitHub renders them in ```mermaid blocks. Only our own
 * labels and numbers go in: categories are single words, numbers plain decimals.
 */

export interface XyChart {
  title: string;
  /** Single-word category labels, such as p50. */
  categories: readonly string[];
  yAxisTitle: string;
  /** Bars first, then lines; each as long as `categories`. Mermaid draws no legend. */
  bars?: readonly (readonly number[])[];
  lines?: readonly (readonly number[])[];
}

/**
 * A number as Mermaid reads it: a plain decimal with at most 2 decimals, never an exponent,
 * never "-0"; non-finite numbers become 0.
 */
export function chartNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  if (Math.abs(n) >= 1e15) return BigInt(Math.round(n)).toString();
  const text = n.toFixed(2).replace(/\.?0+$/, '');
  return text === '-0' || text === '' ? '0' : text;
}

/** A round top for the y axis, a little above `max`: 165 -> 200, 1.65 -> 2, 0 -> 1. */
export function axisTop(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const padded = max * 1.1;
  const step = 10 ** Math.floor(Math.log10(padded)) / 2;
  return Number((Math.ceil(padded / step) * step).toPrecision(12));
}

function quoted(text: string): string {
  return `"${text.replace(/["\n\r]/g, ' ')}"`;
}

function word(text: string): string {
  return /^[A-Za-z0-9_]+$/.test(text) ? text : quoted(text);
}

/** The chart's source lines, without the fence. */
export function xyChartLines(chart: XyChart): string[] {
  const all = [...(chart.bars ?? []), ...(chart.lines ?? [])].flat();
  const list = (values: readonly number[]) => `[${values.map(chartNumber).join(', ')}]`;
  return [
    'xychart-beta',
    `    title ${quoted(chart.title)}`,
    `    x-axis [${chart.categories.map(word).join(', ')}]`,
    `    y-axis ${quoted(chart.yAxisTitle)} 0 --> ${chartNumber(axisTop(Math.max(0, ...all)))}`,
    ...(chart.bars ?? []).map((values) => `    bar ${list(values)}`),
    ...(chart.lines ?? []).map((values) => `    line ${list(values)}`),
  ];
}

/** The chart as a fenced ```mermaid block. */
export function renderXyChart(chart: XyChart): string {
  return ['```mermaid', ...xyChartLines(chart), '```'].join('\n');
}
