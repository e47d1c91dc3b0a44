/**
 * The HTML report: ONE self-contained file (uPlot's code and styles, the data and the chart code
 * inlined; a Content-Security-Policy that forbids any network request) with the charts over the
 * whole run, the per-step table, the results block, integrity, thresholds and the baseline
 * comparison when there is one. It opens from a CI artifact with nothing else around it.
 */
import type { Comparison } from '../../compare/compare.js';
import { formatDuration } from '../../core/duration.js';
import type { StepSeconds } from '../../engine/second-timeline.js';
import type { RunResults } from '../../results/results.js';
import type { ThresholdResult } from '../../results/thresholds.js';
import { RESULTS_TITLE } from '../text-report.js';
import type { VerdictView } from '../verdict-view.js';
import { loadChartAssets } from './assets.js';
import { chartPoints } from './chart-data.js';
import { CHART_SCRIPT } from './chart-script.js';
import { comparisonHtml } from './comparison-section.js';
import { escapeHtml, jsonForScript, scriptForInline } from './html.js';
import { integrityHtml, integrityOf, readIntegrity } from './integrity-view.js';
import {
  errorSamplesHtml,
  type RunVerdict,
  resultsBlockHtml,
  stepTableHtml,
  summaryStatsHtml,
  thresholdsHtml,
  verdictOf,
  warningsHtml,
} from './sections.js';
import { BASE_CSS } from './styles.js';
import { verdictHtml } from './verdict-section.js';

export interface HtmlReportInput {
  results: RunResults;
  thresholds?: readonly ThresholdResult[];
  /** The baseline comparison (the action's runs); its section is left out without one. */
  comparison?: Comparison;
  /** The verdict (paired rounds or history); replaces the comparison section when given. */
  verdictView?: VerdictView;
  /** Each second's per-step latency (RunOutcome.stepLatency); without it the charts show all requests. */
  stepLatency?: readonly StepSeconds[];
  /** Defaults to pass/fail from the thresholds and integrity. */
  verdict?: RunVerdict;
  failureReasons?: readonly string[];
  /** A human description of the load plan. */
  profile?: string;
  /** Defaults to the results' `integrity` field. */
  integrity?: unknown;
  /** When the report was made (defaults to now). */
  generatedAt?: Date;
}

/** No network at all: only the inlined scripts and styles, and data: images. */
export const REPORT_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

const REPORT_CSS = `
footer.page { color: var(--muted); font-size: 12px; padding: 0 24px 24px; max-width: 1400px; margin: 0 auto; }
`;

const MOUNT_SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById('olg-data').textContent);
  window.OLGCharts.mount(document.getElementById('olg-charts'), { points: data.points });
})();`;

function section(id: string, title: string, body: string): string {
  if (body === '') return '';
  return `<section class="card" id="${id}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

function headline(input: HtmlReportInput, verdict: RunVerdict): string {
  const r = input.results;
  const sub = [
    ...(input.profile?.includes(r.target) ? [] : [r.target]),
    `started ${r.startedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}`,
    `duration ${formatDuration(r.durationMs)}`,
    ...(input.profile ? [input.profile] : []),
  ];
  return `<header class="top"><h1>${escapeHtml(RESULTS_TITLE)}</h1><span class="pill ${verdict}" id="verdict">${verdict}</span><span class="sub">${escapeHtml(sub.join(' · '))}</span></header>`;
}

function banners(input: HtmlReportInput): string {
  const out: string[] = [];
  if (input.results.interrupted !== undefined)
    out.push(`<div class="banner warn">Interrupted: ${escapeHtml(input.results.interrupted)}</div>`);
  const reasons = input.failureReasons ?? [];
  if (reasons.length > 0) {
    out.push(
      `<div class="banner bad"><strong>Why it failed</strong><ul class="plain">${reasons
        .map((r) => `<li>${escapeHtml(r)}</li>`)
        .join('')}</ul></div>`,
    );
  }
  return out.join('\n');
}

/** The report as one HTML document. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const results = input.results;
  const thresholds = input.thresholds ?? [];
  const integrity = input.integrity ?? integrityOf(results);
  const view = readIntegrity(integrity);
  const verdict = input.verdict ?? verdictOf(thresholds, view ? view.ok || !view.checked : true);
  const assets = loadChartAssets();
  const data = { points: chartPoints(results.timeline, input.stepLatency) };
  const generated = (input.generatedAt ?? new Date()).toISOString();
  const body = [
    banners(input),
    section('summary', 'Summary', summaryStatsHtml(results)),
    section(
      'charts',
      'Over the run',
      '<div class="charts" id="olg-charts"><noscript>The charts need JavaScript.</noscript></div>',
    ),
    section(
      'steps',
      'Per step',
      `${stepTableHtml(results)}\n<p class="muted">Latency in ms; flow = the whole iteration (log in, products, cart, order).</p>`,
    ),
    section('integrity', 'Integrity', integrityHtml(integrity)),
    input.verdictView && input.verdictView.mode !== 'none'
      ? section(
          'judgement',
          input.verdictView.mode === 'paired'
            ? 'Base vs head, measured side by side'
            : 'Compared with the stored runs',
          verdictHtml(input.verdictView),
        )
      : input.comparison
        ? section('comparison', 'Compared with the baseline', comparisonHtml(input.comparison))
        : '',
    section('thresholds', 'Thresholds', thresholdsHtml(thresholds)),
    section('results', RESULTS_TITLE, resultsBlockHtml(results)),
    section('warnings', 'Warnings', warningsHtml(results.warnings)),
    section('errors', 'Errors (samples)', errorSamplesHtml(results)),
  ].filter((s) => s !== '');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>${escapeHtml(`${RESULTS_TITLE}: ${results.target}`)}</title>
<style>${assets.css}</style>
<style>${BASE_CSS}${REPORT_CSS}</style>
</head>
<body>
${headline(input, verdict)}
<main>
${body.join('\n')}
</main>
<footer class="page">${escapeHtml(`${results.tool.name} ${results.tool.version} · report generated ${generated}`)}</footer>
<script type="application/json" id="olg-data">${jsonForScript(data)}</script>
<script>${scriptForInline(assets.js)}</script>
<script>${scriptForInline(CHART_SCRIPT)}</script>
<script>${MOUNT_SCRIPT}</script>
</body>
</html>
`;
}
