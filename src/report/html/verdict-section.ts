/**
 * The verdict as HTML: each gated metric in one line, every metric in a table, and, in paired
 * mode, the rounds in a table and a chart (base and head per round of the first gated latency);
 * in history mode the stored series as a trend chart. The charts are inline SVG: no script.
 */
import { COMPARED_METRICS } from '../../compare/metrics.js';
import {
  formatChange,
  formatJudgementLine,
  formatMetricValue,
  formatTolerance,
  inconclusiveAdvice,
} from '../change-format.js';
import { roundRows } from '../rounds-format.js';
import type { VerdictView } from '../verdict-view.js';
import { escapeHtml, htmlTable } from './html.js';

const PILL: Record<string, string> = {
  regressed: 'fail',
  improved: 'pass',
  unchanged: 'pass',
  inconclusive: 'stopped',
};

interface Series {
  name: string;
  color: string;
  points: { x: number; y: number }[];
}

/** A small line chart: x from 1 to maxX, y from 0; one polyline and dots per series, a legend. */
export function svgLineChart(title: string, series: readonly Series[], maxX: number, yUnit: string): string {
  const w = 640;
  const h = 220;
  const pad = { l: 56, r: 16, t: 28, b: 28 };
  const ys = series.flatMap((s) => s.points.map((p) => p.y)).filter(Number.isFinite);
  const top = Math.max(1, ...ys) * 1.1;
  const px = (x: number) => pad.l + ((x - 1) / Math.max(1, maxX - 1)) * (w - pad.l - pad.r);
  const py = (y: number) => h - pad.b - (y / top) * (h - pad.t - pad.b);
  const grid = [0, 0.5, 1].map((f) => {
    const y = py(top * f);
    return `<line x1="${pad.l}" x2="${w - pad.r}" y1="${y}" y2="${y}" stroke="#e5e7eb"/><text x="${pad.l - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#6b7280">${escapeHtml((top * f).toFixed(top * f >= 100 ? 0 : 1))}</text>`;
  });
  const lines = series.map((s) => {
    const pts = s.points.filter((p) => Number.isFinite(p.y));
    const path = pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ');
    const dots = pts.map(
      (p) =>
        `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${s.color}"><title>${escapeHtml(`${s.name} ${p.x}: ${p.y.toFixed(2)} ${yUnit}`)}</title></circle>`,
    );
    return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${path}"/>${dots.join('')}`;
  });
  const legend = series.map(
    (s, i) =>
      `<rect x="${pad.l + i * 90}" y="8" width="10" height="10" fill="${s.color}"/><text x="${pad.l + 14 + i * 90}" y="17" font-size="12">${escapeHtml(s.name)}</text>`,
  );
  return `<figure class="verdict-chart"><svg viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeHtml(title)}" width="100%" style="max-width:${w}px">${grid.join('')}${lines.join('')}${legend.join('')}</svg><figcaption class="muted">${escapeHtml(title)}</figcaption></figure>`;
}

function roundsChart(view: VerdictView, metric: string): string {
  const m = COMPARED_METRICS.find((x) => x.metric === metric);
  const rounds = view.rounds ?? [];
  if (!m || rounds.length === 0) return '';
  const points = (side: 'base' | 'head') =>
    rounds.filter((r) => r.side === side).map((r) => ({ x: r.round, y: m.value(r.results) }));
  return svgLineChart(
    `${m.label} (${m.unit}) per round, in the order run`,
    [
      { name: 'base', color: '#2563eb', points: points('base') },
      { name: 'head', color: '#ea580c', points: points('head') },
    ],
    rounds.length,
    m.unit,
  );
}

function trendChart(view: VerdictView): string {
  const t = view.trend;
  if (!t || t.stored.length === 0) return '';
  const stored = t.stored.map((s, i) => ({ x: i + 1, y: s.value }));
  return svgLineChart(
    `${t.label} (ms) of the stored runs, oldest first; the orange point is this run`,
    [
      { name: 'stored', color: '#2563eb', points: stored },
      { name: 'this run', color: '#ea580c', points: [{ x: stored.length + 1, y: t.current }] },
    ],
    stored.length + 1,
    'ms',
  );
}

export function verdictHtml(view: VerdictView): string {
  const out: string[] = [];
  if (view.learning) {
    out.push(
      `<div class="banner warn">Learning: ${view.learning.have} of ${view.learning.need} runs recorded for this profile. The comparison is shown but cannot fail the step yet.</div>`,
    );
  }
  const j = view.judgement;
  if (j) {
    out.push(
      `<ul class="plain verdict-lines">${j.metrics
        .filter((m) => m.gated)
        .map(
          (m) =>
            `<li><span class="pill ${PILL[m.verdict]}">${escapeHtml(m.verdict)}</span> <strong>${escapeHtml(formatJudgementLine(m))}</strong></li>`,
        )
        .join('')}</ul>`,
    );
    const paired = view.mode === 'paired';
    out.push(
      htmlTable(
        [
          'metric',
          paired ? 'base' : 'stored runs',
          paired ? 'head' : 'this run',
          'change (95% CI)',
          'tolerance',
          'verdict',
        ],
        j.metrics.map((m) => [
          `${escapeHtml(m.label)}${m.gated ? ' <span class="muted">(gated)</span>' : ''}`,
          escapeHtml(formatMetricValue(m, m.base)),
          escapeHtml(formatMetricValue(m, m.head)),
          escapeHtml(formatChange(m)),
          escapeHtml(formatTolerance(m)),
          `<span class="pill ${m.gated ? PILL[m.verdict] : ''}">${escapeHtml(m.verdict)}</span>`,
        ]),
        { numeric: [false, true, true, false, true, false], className: 'verdict' },
      ),
    );
    const advice = inconclusiveAdvice(j, view.stoppedBy);
    if (advice && !view.learning) out.push(`<div class="banner warn">${escapeHtml(advice)}</div>`);
  }
  if (view.mode === 'paired' && view.rounds) {
    const gated = j?.metrics.filter((m) => m.gated).map((m) => m.metric) ?? [];
    out.push(roundsChart(view, gated.find((m) => m !== 'success_rate') ?? 'order.p95'));
    const [head, ...rows] = roundRows(view.rounds, gated);
    out.push(
      htmlTable(
        head!.map(escapeHtml),
        rows.map((r) => r.map(escapeHtml)),
        { numeric: head!.map((_, i) => i >= 2), className: 'rounds' },
      ),
    );
  }
  if (view.mode === 'history') out.push(trendChart(view));
  return out.filter((s) => s !== '').join('\n');
}
