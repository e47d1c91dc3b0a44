/**
 * The terminal results: the origin's "Order Concurrency Test Results" block, a per-step
 * latency table, and the thresholds' verdicts. Plain text, no colours.
 */

import { formatDuration } from '../core/duration.js';
import type { Logger } from '../core/logger.js';
import type { MetricStep } from '../engine/recorder.js';
import type { RunResults } from '../results/results.js';
import { metricKind, type ThresholdResult } from '../results/thresholds.js';
import { FLOW_STEPS_TITLE, sampleStepLabel, shownFlowSteps } from './flow-steps.js';
import {
  formatKeyValues,
  formatLatency,
  formatMs,
  formatNumber,
  formatPercent,
  formatTable,
} from './format.js';
import { formatIntegrityBlock } from './integrity-format.js';

export const RESULTS_TITLE = 'Order Concurrency Test Results';

const TABLE_STEPS: readonly MetricStep[] = ['login', 'products', 'cart', 'order', 'flow'];
const MAX_SAMPLES_SHOWN = 10;

function stepTable(results: RunResults, named = false): string {
  const rows: string[][] = [
    ['step', 'requests', 'failures', 'req/s', 'min', 'p50', 'p90', 'p95', 'p99', 'max', 'mean'],
  ];
  const lines = named
    ? shownFlowSteps(results).map((s) => [`${s.name} (${s.phase})`, s] as const)
    : TABLE_STEPS.map((name) => [name, results.steps[name]] as const);
  for (const [label, s] of lines) {
    const l = s.latencyMs;
    rows.push([
      label,
      String(s.count),
      String(s.failures),
      s.rps.toFixed(2),
      formatMs(l.min),
      formatMs(l.p50),
      formatMs(l.p90),
      formatMs(l.p95),
      formatMs(l.p99),
      formatMs(l.max),
      formatMs(l.mean),
    ]);
  }
  return formatTable(rows);
}

/** The results block printed at the end of a run. */
export function formatResultsBlock(results: RunResults): string {
  const out: string[] = [RESULTS_TITLE, '='.repeat(RESULTS_TITLE.length)];
  const pairs: [string, string][] = [
    ['Total order attempts', String(results.orders.attempted)],
    ['Successful orders', String(results.orders.succeeded)],
    ['Failed orders', String(results.orders.failed)],
    ['Cart failures', String(results.cart.failed)],
    ['Success rate', formatPercent(results.successRate)],
  ];
  if (results.orders.outOfStock > 0) pairs.push(['Refused: out of stock', String(results.orders.outOfStock)]);
  if (results.noOrder.soldOut > 0) pairs.push(['No order sent: sold out', String(results.noOrder.soldOut)]);
  const cutOff = results.iterations.cutOff ?? 0;
  if (cutOff > 0 || results.outcome?.result === 'error')
    pairs.push(['Flows cut off at the stop', String(cutOff)]);
  if (results.login.failed > 0) pairs.push(['Login failures', String(results.login.failed)]);
  if (results.noOrder.productsFailed > 0)
    pairs.push(['Product list failures', String(results.noOrder.productsFailed)]);
  pairs.push(['Duration', formatDuration(results.durationMs)]);
  pairs.push(['Requests/s', results.rps.toFixed(2)]);
  if (results.shard) pairs.push(['Shard', `${results.shard.index + 1} of ${results.shard.count}`]);
  out.push(formatKeyValues(pairs));
  if (results.interrupted !== undefined) out.push(`Interrupted: ${results.interrupted}`);
  if (results.outcome?.result === 'error')
    out.push(`Outcome: error, not judged: ${results.outcome.reason ?? ''} [${results.outcome.code ?? ''}]`);

  out.push('', 'Per step (latency in ms; flow = whole iteration):', stepTable(results));
  if (shownFlowSteps(results).length > 0) out.push('', `${FLOW_STEPS_TITLE}:`, stepTable(results, true));

  const { dropped, late, completed } = results.iterations;
  if (dropped > 0 || late > 0) {
    out.push(
      '',
      `Iterations: ${completed} completed, ${dropped} dropped (no free user), ${late} started late (>100 ms behind schedule)`,
    );
  }

  if (results.errorSamples.length > 0) {
    out.push('', 'Errors (samples):');
    for (const s of results.errorSamples.slice(0, MAX_SAMPLES_SHOWN)) {
      const status = s.status > 0 ? ` ${s.status}` : '';
      const detail = s.detail ? `: ${s.detail}` : '';
      out.push(`  ${sampleStepLabel(s)} ${s.kind}${status} x${s.count}${detail}`);
    }
  }

  if (results.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of results.warnings) out.push(`  - ${w}`);
  }
  return out.join('\n');
}

/** A metric value in its unit: latencies in ms or s, fractions as percentages. */
export function formatMetricValue(metric: string, value: number): string {
  switch (metricKind(metric)) {
    case 'latency':
      return formatLatency(value);
    case 'fraction':
      return formatPercent(value);
    case 'rate':
      return `${formatNumber(value)}/s`;
    default:
      return formatNumber(value);
  }
}

/** One line per threshold: PASS/FAIL, the expression, the actual value. */
export function formatThresholdResults(rows: readonly ThresholdResult[]): string {
  if (rows.length === 0) return 'Thresholds: none';
  const failed = rows.filter((r) => !r.ok).length;
  const table = formatTable(
    [
      ['result', 'threshold', 'actual'],
      ...rows.map((r) => [
        r.ok ? 'PASS' : 'FAIL',
        r.expression,
        r.noData ? 'no data' : formatMetricValue(r.metric, r.actual),
      ]),
    ],
    ['left', 'left', 'right'],
  );
  const verdict = failed === 0 ? `all ${rows.length} passed` : `${failed} of ${rows.length} failed`;
  return `Thresholds (${verdict}):\n${table}`;
}

/** The end of a run on the terminal: the results block, the integrity block and the thresholds. */
export function logRunBlocks(logger: Logger, results: RunResults, thresholds: ThresholdResult[]): void {
  logger.info(formatResultsBlock(results));
  if (results.integrity) logger.info(formatIntegrityBlock(results.integrity));
  if (thresholds.length > 0) logger.info(formatThresholdResults(thresholds));
}
