/** The collapsed per-step details of the markdown report: latencies, errors, samples, warnings. */
import type { MetricStep } from '../engine/recorder.js';
import type { RunResults } from '../results/results.js';
import { escapeInline } from './escape.js';
import { FLOW_STEPS_TITLE, sampleStepLabel, shownFlowSteps } from './flow-steps.js';
import { formatMs } from './format.js';

const DETAIL_STEPS: readonly MetricStep[] = ['login', 'products', 'cart', 'order', 'flow'];
const MAX_WARNINGS = 20;
const COUNT_ENTRIES_MAX_CHARS = 400;

export interface DetailsOptions {
  /** Error samples to show at most (the rest are counted). */
  maxSamples: number;
}

function stepTable(results: RunResults, named = false): string {
  const rows = [
    '| step | requests | failures | req/s | min | p50 | p90 | p95 | p99 | max | mean |',
    `| :-- |${' --: |'.repeat(10)}`,
  ];
  const lines = named
    ? shownFlowSteps(results).map((s) => [`${escapeInline(s.name, 40)} (${s.phase})`, s] as const)
    : DETAIL_STEPS.map((name) => [name, results.steps[name]] as const);
  for (const [label, s] of lines) {
    const l = s.latencyMs;
    const cells = [l.min, l.p50, l.p90, l.p95, l.p99, l.max, l.mean].map(formatMs);
    rows.push(`| ${label} | ${s.count} | ${s.failures} | ${s.rps.toFixed(2)} | ${cells.join(' | ')} |`);
  }
  return rows.join('\n');
}

/** The named steps' table and errors, or '' when the flow has no steps of its own. */
function flowStepsPart(results: RunResults): string {
  const steps = shownFlowSteps(results);
  if (steps.length === 0) return '';
  const errors = ['| step | errors by kind | status codes |', '| :-- | :-- | :-- |'];
  for (const s of steps)
    errors.push(`| ${escapeInline(s.name, 40)} | ${counts(s.errors)} | ${counts(s.statusCodes)} |`);
  return [`**${FLOW_STEPS_TITLE}**`, stepTable(results, true), errors.join('\n')].join('\n\n');
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return '—';
  return escapeInline(entries.map(([k, n]) => `${k} ×${n}`).join(', '), COUNT_ENTRIES_MAX_CHARS);
}

function errorTable(results: RunResults): string {
  const rows = ['| step | errors by kind | status codes |', '| :-- | :-- | :-- |'];
  for (const name of DETAIL_STEPS) {
    const s = results.steps[name];
    rows.push(`| ${name} | ${counts(s.errors)} | ${name === 'flow' ? '—' : counts(s.statusCodes)} |`);
  }
  return rows.join('\n');
}

function samplesTable(results: RunResults, max: number): string {
  const samples = results.errorSamples;
  if (samples.length === 0) return '';
  const shown = samples.slice(0, Math.max(0, max));
  const lines = [`**Error samples** (${samples.length})`, ''];
  if (shown.length > 0) {
    lines.push('| step | kind | status | count | detail |', '| :-- | :-- | --: | --: | :-- |');
    for (const s of shown) {
      const detail = s.detail === '' ? '—' : escapeInline(s.detail);
      lines.push(
        `| ${escapeInline(sampleStepLabel(s), 60)} | ${escapeInline(s.kind, 30)} | ${s.status > 0 ? s.status : '—'} | ${s.count} | ${detail} |`,
      );
    }
  }
  if (shown.length < samples.length) {
    lines.push('', `_${samples.length - shown.length} more samples not shown (see the results file)._`);
  }
  return lines.join('\n');
}

function warningsList(results: RunResults): string {
  const warnings = results.warnings;
  if (warnings.length === 0) return '';
  const lines = warnings.slice(0, MAX_WARNINGS).map((w) => `- ${escapeInline(w, 300)}`);
  if (warnings.length > MAX_WARNINGS) lines.push(`- … and ${warnings.length - MAX_WARNINGS} more`);
  return ['**Warnings**', '', ...lines].join('\n');
}

function iterationsLine(results: RunResults): string {
  const { completed, dropped, late } = results.iterations;
  if (dropped === 0 && late === 0) return '';
  return `**Iterations:** ${completed} completed, ${dropped} dropped (no free user), ${late} started late (>100 ms behind schedule).`;
}

/** The <details> section; `maxSamples` bounds its size. */
export function renderDetails(results: RunResults, options: DetailsOptions): string {
  const failures = DETAIL_STEPS.slice(0, 4).reduce((n, s) => n + results.steps[s].failures, 0);
  const summary = `Per-step details (${failures} failed request${failures === 1 ? '' : 's'}, ${results.errorSamples.length} error sample${results.errorSamples.length === 1 ? '' : 's'})`;
  const parts = [
    '**Per step** (latency in ms; flow = the whole iteration)',
    stepTable(results),
    flowStepsPart(results),
    '**Errors and status codes**',
    errorTable(results),
    samplesTable(results, options.maxSamples),
    iterationsLine(results),
    warningsList(results),
  ].filter((p) => p !== '');
  return ['<details>', `<summary>${summary}</summary>`, '', parts.join('\n\n'), '', '</details>'].join('\n');
}
