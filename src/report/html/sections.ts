/**
 * HTML fragments of a finished run, shared by the HTML report and the live UI's end block:
 * the headline figures, the per-step table, the results block, thresholds, warnings, errors.
 * Every piece of text is escaped here.
 */

import { formatDuration } from '../../core/duration.js';
import type { MetricStep } from '../../engine/recorder.js';
import type { RunResults, StepResults } from '../../results/results.js';
import type { ThresholdResult } from '../../results/thresholds.js';
import { FLOW_STEPS_TITLE, sampleStepLabel, shownFlowSteps } from '../flow-steps.js';
import { formatLatency, formatMs, formatPercent } from '../format.js';
import { formatMetricValue, formatResultsBlock } from '../text-report.js';
import { escapeHtml, htmlTable } from './html.js';

const TABLE_STEPS: readonly MetricStep[] = ['login', 'products', 'cart', 'order', 'flow'];
const MAX_SAMPLES = 20;

export type RunVerdict = 'pass' | 'fail' | 'error';

/** A run's verdict from its thresholds and integrity (the gate adds regressions itself). */
export function verdictOf(thresholds: readonly ThresholdResult[], integrityOk = true): RunVerdict {
  return thresholds.every((t) => t.ok) && integrityOk ? 'pass' : 'fail';
}

function stat(label: string, value: string, key: string): string {
  return `<div class="stat" data-stat="${key}"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div></div>`;
}

/** The headline figures as cards. */
export function summaryStatsHtml(results: RunResults): string {
  const o = results.orders;
  return `<div class="stats">${[
    stat('Orders succeeded', `${o.succeeded} / ${o.attempted}`, 'orders'),
    stat('Success rate', formatPercent(results.successRate), 'success-rate'),
    ...(results.noOrder.soldOut > 0
      ? [stat('No order sent: sold out', String(results.noOrder.soldOut), 'sold-out')]
      : []),
    ...(results.noOrder.cartFailed > 0
      ? [stat('Cart failures', String(results.noOrder.cartFailed), 'cart-failures')]
      : []),
    stat('Requests/s', results.rps.toFixed(1), 'rps'),
    stat('Order p95', formatLatency(results.steps.order.latencyMs.p95), 'order-p95'),
    stat('Flow mean', formatLatency(results.steps.flow.latencyMs.mean), 'flow-mean'),
    stat('Duration', formatDuration(results.durationMs), 'duration'),
  ].join('')}</div>`;
}

/**
 * The per-step table over the whole run (latency in ms; flow = whole iteration), then the
 * scenario's named steps in flow order when it has steps of its own (checkout steps...).
 */
export function stepTableHtml(results: RunResults): string {
  const named = shownFlowSteps(results);
  const phases = stepRowsHtml(
    TABLE_STEPS.map((name) => [name, results.steps[name]] as const),
    'steps',
  );
  if (named.length === 0) return phases;
  const own = stepRowsHtml(
    named.map((s) => [`${s.name} (${s.phase})`, s] as const),
    'steps flow-steps',
  );
  return `${phases}\n<h3>${escapeHtml(FLOW_STEPS_TITLE)}</h3>\n${own}`;
}

function stepRowsHtml(lines: readonly (readonly [string, StepResults])[], className: string): string {
  const header = ['step', 'requests', 'failures', 'req/s', 'min', 'p50', 'p90', 'p95', 'p99', 'max'];
  const rows = lines.map(([label, s]) => {
    const l = s.latencyMs;
    return [
      escapeHtml(label),
      String(s.count),
      s.failures > 0 ? `${s.failures} (${formatPercent(s.failureRate, 1)})` : '0',
      s.rps.toFixed(2),
      ...[l.min, l.p50, l.p90, l.p95, l.p99, l.max].map(formatMs),
    ];
  });
  return htmlTable(header, rows, {
    numeric: header.map((_, i) => i > 0),
    className,
  });
}

/** The terminal's "Order Concurrency Test Results" block, as preformatted text. */
export function resultsBlockHtml(results: RunResults): string {
  return `<pre class="block results-block">${escapeHtml(formatResultsBlock(results))}</pre>`;
}

/** The thresholds' verdicts, or '' when there are none. */
export function thresholdsHtml(thresholds: readonly ThresholdResult[]): string {
  if (thresholds.length === 0) return '';
  const rows = thresholds.map((t) => [
    `<span class="pill ${t.ok ? 'pass' : 'fail'}">${t.ok ? 'pass' : 'fail'}</span>`,
    escapeHtml(t.expression),
    escapeHtml(t.noData ? 'no data' : formatMetricValue(t.metric, t.actual)),
  ]);
  return htmlTable(['result', 'threshold', 'actual'], rows, { numeric: [false, false, true] });
}

/** Run warnings (generator saturation, run-time cap, ...) as a list, or ''. */
export function warningsHtml(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  return `<div class="banner warn"><ul class="plain">${warnings
    .map((w) => `<li>${escapeHtml(w)}</li>`)
    .join('')}</ul></div>`;
}

/** The most frequent error samples, or ''. */
export function errorSamplesHtml(results: RunResults): string {
  if (results.errorSamples.length === 0) return '';
  const rows = results.errorSamples
    .slice(0, MAX_SAMPLES)
    .map((s) => [
      escapeHtml(sampleStepLabel(s)),
      escapeHtml(s.kind),
      s.status > 0 ? String(s.status) : '—',
      String(s.count),
      `<span class="wrap">${escapeHtml(s.detail)}</span>`,
    ]);
  return htmlTable(['step', 'kind', 'status', 'count', 'detail'], rows, {
    numeric: [false, false, true, true, false],
  });
}
