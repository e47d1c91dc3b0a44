import { describe, expect, it } from 'vitest';
import { renderPercentileChart } from '../../src/report/markdown-chart.js';
import { axisTop, chartNumber, xyChartLines } from '../../src/report/mermaid.js';

const NUMBER = String.raw`-?\d+(?:\.\d+)?`;
const LIST = new RegExp(String.raw`^\[(${NUMBER}, ){3}${NUMBER}\]$`);

/** The lines of the first ```mermaid block of a text. */
function mermaidLines(text: string): string[] {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(text);
  if (!m) throw new Error('no mermaid block');
  return m[1]!.split('\n');
}

describe('chartNumber and axisTop', () => {
  it('writes plain decimals', () => {
    expect(chartNumber(120)).toBe('120');
    expect(chartNumber(120.5)).toBe('120.5');
    expect(chartNumber(0.004)).toBe('0');
    expect(chartNumber(-0.001)).toBe('0');
    expect(chartNumber(1234.567)).toBe('1234.57');
    expect(chartNumber(Number.NaN)).toBe('0');
    expect(chartNumber(1e21)).toBe('1000000000000000000000');
  });

  it('rounds the axis top up a little above the maximum', () => {
    expect(axisTop(165)).toBe(200);
    expect(axisTop(199.04)).toBe(250);
    expect(axisTop(1.65)).toBe(2);
    expect(axisTop(0)).toBe(1);
  });
});

describe('xyChartLines', () => {
  it('writes valid xychart-beta syntax', () => {
    const lines = xyChartLines({
      title: 'Order "latency"',
      categories: ['p50', 'p 90'],
      yAxisTitle: 'ms',
      bars: [[1, 2.5]],
      lines: [[3, 4]],
    });
    expect(lines).toEqual([
      'xychart-beta',
      '    title "Order  latency "',
      '    x-axis [p50, "p 90"]',
      '    y-axis "ms" 0 --> 4.5',
      '    bar [1, 2.5]',
      '    line [3, 4]',
    ]);
  });
});

describe('renderPercentileChart', () => {
  const current = { p50: 150.02, p90: 190.08, p95: 195.07, p99: 199.04 };
  const baseline = { p50: 100.03, p90: 104.06, p95: 104.06, p99: 110 };

  it('draws baseline bars and this PR as a line, with the same numbers in a table', () => {
    const md = renderPercentileChart({ current, baseline, baselineRuns: 12, subject: 'this PR' });
    const lines = mermaidLines(md);
    expect(lines[0]).toBe('xychart-beta');
    expect(lines[1]).toMatch(/^ {4}title "[^"\n]+"$/);
    expect(lines[2]).toBe('    x-axis [p50, p90, p95, p99]');
    expect(lines[3]).toBe('    y-axis "ms" 0 --> 250');
    expect(lines[4]).toBe('    bar [100.03, 104.06, 104.06, 110]');
    expect(lines[5]).toBe('    line [150.02, 190.08, 195.07, 199.04]');
    expect(lines).toHaveLength(6);
    for (const l of lines.slice(4)) expect(l.replace(/^ {4}(bar|line) /, '')).toMatch(LIST);
    expect(md).toContain('| series | p50 | p90 | p95 | p99 |');
    expect(md).toContain('| baseline (bars, 12 runs merged) | 100.03 | 104.06 | 104.06 | 110 |');
    expect(md).toContain('| this PR (line) | 150.02 | 190.08 | 195.07 | 199.04 |');
    expect(md).toContain('| change | +50.0% | +82.7% | +87.5% | +80.9% |');
    // the table comes right after the chart
    expect(md.indexOf('| series |')).toBeGreaterThan(md.indexOf('```\n'));
  });

  it('draws one series without a baseline', () => {
    const md = renderPercentileChart({ current, subject: 'this PR' });
    const lines = mermaidLines(md);
    expect(lines.filter((l) => /^ {4}(bar|line) /.test(l))).toEqual([
      '    bar [150.02, 190.08, 195.07, 199.04]',
    ]);
    expect(md).toContain('| this PR (bars) | 150.02 | 190.08 | 195.07 | 199.04 |');
    expect(md).not.toContain('baseline (bars');
  });
});
