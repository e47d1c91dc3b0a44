/**
 * The order step's latency percentiles as a Mermaid chart (baseline as bars, this PR as a
 * line: Mermaid draws no legend) and the same numbers in a table right after it.
 */

import { CHART_PERCENTILES, type PercentileSet } from '../compare/percentiles.js';
import { plural } from '../core/text.js';
import { formatChange } from './markdown-format.js';
import { chartNumber, renderXyChart } from './mermaid.js';

export interface PercentileChartInput {
  current: PercentileSet;
  baseline?: PercentileSet | undefined;
  /** How many runs the baseline merges. */
  baselineRuns?: number;
}

export function renderPercentileChart(input: PercentileChartInput): string {
  const current = CHART_PERCENTILES.map((p) => input.current[p]);
  const baselineSet = input.baseline;
  const baseline = baselineSet ? CHART_PERCENTILES.map((p) => baselineSet[p]) : undefined;
  const chart = renderXyChart({
    title: 'Order step latency percentiles',
    categories: CHART_PERCENTILES,
    yAxisTitle: 'ms',
    ...(baseline ? { bars: [baseline], lines: [current] } : { bars: [current] }),
  });
  const header = `| series | ${CHART_PERCENTILES.join(' | ')} |`;
  const align = `| :-- |${' --: |'.repeat(CHART_PERCENTILES.length)}`;
  const row = (label: string, values: readonly number[]) =>
    `| ${label} | ${values.map(chartNumber).join(' | ')} |`;
  const rows: string[] = [];
  let caption: string;
  if (baseline && baselineSet) {
    const runs = input.baselineRuns;
    rows.push(row(`baseline (bars${runs ? `, ${plural(runs, 'run')} merged` : ''})`, baseline));
    rows.push(row('this PR (line)', current));
    rows.push(
      `| change | ${CHART_PERCENTILES.map((p) =>
        formatChange(baselineSet[p] === 0 ? null : (input.current[p] - baselineSet[p]) / baselineSet[p]),
      ).join(' | ')} |`,
    );
    caption = 'Bars: the baseline history’s merged histograms; line: this PR. Latency in ms.';
  } else {
    rows.push(row('this PR (bars)', current));
    caption = 'No baseline yet: this PR only. Latency in ms.';
  }
  return ['### Order latency percentiles', '', chart, '', caption, '', header, align, ...rows].join('\n');
}
