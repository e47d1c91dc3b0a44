/** Small plain-text formatting helpers shared by the reports. */

/** "95.00%" from a fraction. */
export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A latency in ms with 2 decimals: "12.34". */
export function formatMs(ms: number): string {
  return ms.toFixed(2);
}

/** A latency with its unit, readable at any size: "850.00ms", "1.50s". */
export function formatLatency(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${ms.toFixed(2)}ms`;
}

/** An integer, or a number with at most `digits` decimals without trailing zeros. */
export function formatNumber(n: number, digits = 2): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(digits)));
}

export type Align = 'left' | 'right';

/**
 * Aligns rows into columns separated by two spaces; `align` per column (default: first
 * column left, the others right). The first row is the header, underlined with dashes.
 */
export function formatTable(rows: readonly (readonly string[])[], align?: readonly Align[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => {
        const a = align?.[i] ?? (i === 0 ? 'left' : 'right');
        const w = widths[i] ?? 0;
        return a === 'left' ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** "Label:  value" lines with the values aligned. */
export function formatKeyValues(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length + 1));
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`).join('\n');
}
