/**
 * The verdict section of the job summary and the PR comment: each gated metric in one line
 * ("order p95 +3.1% (95% CI -4.0% .. +9.8%): unchanged"), the table of all metrics, the rounds
 * (paired: a table and a chart of base and head per pair) or the stored series (history: a trend
 * chart), and what to do with an inconclusive answer.
 */
import { COMPARED_METRICS } from '../compare/metrics.js';
import {
  formatChange,
  formatJudgementLine,
  formatMetricValue,
  formatTolerance,
  inconclusiveAdvice,
} from './change-format.js';
import { renderXyChart } from './mermaid.js';
import { roundRows } from './rounds-format.js';
import type { VerdictView } from './verdict-view.js';

const ICON: Record<string, string> = { regressed: '❌', improved: '🚀', unchanged: '✅', inconclusive: '❔' };

function mdTable(rows: readonly (readonly string[])[], numericFrom = 1): string {
  const [head, ...body] = rows;
  const align = head!.map((_, i) => (i >= numericFrom ? '--:' : ':--'));
  return [
    `| ${head!.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...body.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function pairsChart(view: VerdictView, metric: string): string {
  const m = COMPARED_METRICS.find((x) => x.metric === metric);
  const rounds = view.rounds ?? [];
  if (!m || rounds.length < 2) return '';
  const base: number[] = [];
  const head: number[] = [];
  for (const r of rounds) (r.side === 'base' ? base : head).push(m.value(r.results));
  const n = Math.min(base.length, head.length);
  return renderXyChart({
    title: `${m.label} per pair: bars = base, line = head`,
    categories: Array.from({ length: n }, (_, i) => `pair${i + 1}`),
    yAxisTitle: m.unit === 'ms' ? `${m.label} (ms)` : m.label,
    bars: [base.slice(0, n)],
    lines: [head.slice(0, n)],
  });
}

function trendChart(view: VerdictView): string {
  const t = view.trend;
  if (!t || t.stored.length === 0) return '';
  const values = [...t.stored.map((s) => s.value), t.current];
  return renderXyChart({
    title: `${t.label} of the stored runs, oldest first; the last point is this run`,
    categories: values.map((_, i) => (i === values.length - 1 ? 'now' : `r${i + 1}`)),
    yAxisTitle: `${t.label} (ms)`,
    lines: [values],
  });
}

export function renderVerdictMarkdown(view: VerdictView | undefined): string {
  if (!view || view.mode === 'none') return '';
  const out: string[] = [];
  if (view.mode === 'paired') {
    const j = view.judgement;
    const secs = view.elapsedMs !== undefined ? ` in ${Math.round(view.elapsedMs / 1000)} s` : '';
    out.push(
      `### Base vs head, measured side by side (${view.rounds?.length ?? 0} rounds, ${j?.n ?? 0} pairs${secs})`,
    );
  } else {
    out.push('### Compared with the stored runs (history)');
  }
  if (view.learning) {
    out.push(
      `> ℹ️ learning: ${view.learning.have} of ${view.learning.need} runs recorded for this profile. Until then the comparison is shown but cannot fail the step.`,
    );
  }
  const j = view.judgement;
  if (j) {
    const gated = j.metrics.filter((m) => m.gated);
    out.push(gated.map((m) => `- ${ICON[m.verdict]} **${formatJudgementLine(m)}**`).join('\n'));
    const rows = [
      [
        'metric',
        view.mode === 'paired' ? 'base' : 'stored runs',
        view.mode === 'paired' ? 'head' : 'this run',
        'change (95% CI)',
        'tolerance',
        'verdict',
      ],
    ];
    for (const m of j.metrics) {
      rows.push([
        `${m.label}${m.gated ? ' (gated)' : ''}`,
        formatMetricValue(m, m.base),
        formatMetricValue(m, m.head),
        formatChange(m),
        formatTolerance(m),
        m.gated ? m.verdict : `${m.verdict} (reported only)`,
      ]);
    }
    out.push(`<details><summary>All metrics</summary>\n\n${mdTable(rows)}\n\n</details>`);
    const advice = inconclusiveAdvice(j, view.stoppedBy);
    if (advice && !view.learning) out.push(`> ❔ ${advice}`);
  }
  if (view.mode === 'paired' && view.rounds && view.rounds.length > 0) {
    const gateMetrics = j?.metrics.filter((m) => m.gated).map((m) => m.metric) ?? [];
    out.push(pairsChart(view, gateMetrics.find((m) => m !== 'success_rate') ?? 'order.p95'));
    out.push(
      `<details><summary>Rounds, in the order run</summary>\n\n${mdTable(roundRows(view.rounds, gateMetrics), 2)}\n\n</details>`,
    );
  }
  if (view.mode === 'history') out.push(trendChart(view));
  out.push(
    view.mode === 'paired'
      ? '<sub>Per pair of rounds the log ratio head/base; a Student t interval on their mean, shown as a percent. Success rate: Newcombe interval on the order counts. A gated metric fails the step only when its whole interval is worse than the tolerance.</sub>'
      : '<sub>This run against the stored runs’ run-to-run spread: a t prediction interval on log values, shown as a percent. Success rate: Newcombe interval on the order counts. Only gated metrics can fail the step.</sub>',
  );
  return out.filter((s) => s !== '').join('\n\n');
}
