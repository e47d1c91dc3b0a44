/** The markdown report's top sections: the verdict line, the comparison table, the thresholds. */
import { type Comparison, MIN_RELIABLE_HISTORY, NOISE_MADS } from '../compare/compare.js';
import type { ThresholdResult } from '../results/thresholds.js';
import { escapeInline } from './escape.js';
import { formatBaselineCell, formatChange, formatValue, plural, VERDICT_LABELS } from './markdown-format.js';
import { formatMetricValue } from './text-report.js';

export const TOOL_TITLE = 'order-load-gate';
export type ReportVerdict = 'pass' | 'fail' | 'error';

const HEADLINE_MAX_CHARS = 200;
const REASON_MAX_CHARS = 300;
const MAX_REASONS = 20;
const MAX_THRESHOLDS = 100;
const EXPRESSION_MAX_CHARS = 80;

export interface HeadlineInput {
  verdict: ReportVerdict;
  failureReasons: readonly string[];
  comparison?: Comparison | undefined;
  thresholds: readonly ThresholdResult[];
  /** Integrity violations lead the fail headline. */
  integrity?: { violations: readonly { message: string }[] } | undefined;
}

/** What the fail headline says: the regressed metrics and the failed thresholds, else the first reason. */
function failSummary(input: HeadlineInput): { text: string; usedReason: boolean } {
  const parts: string[] = [];
  const violations = input.integrity?.violations ?? [];
  if (violations.length > 0) {
    const more = violations.length > 1 ? ` (+${violations.length - 1} more)` : '';
    parts.push(`integrity violation: ${escapeInline(violations[0]!.message, 120)}${more}`);
  }
  const regressions = input.comparison?.regressions ?? [];
  if (regressions.length > 0) parts.push(`regression in ${regressions.join(', ')}`);
  const failed = input.thresholds.filter((t) => !t.ok);
  if (failed.length > 0) {
    const list = failed.map((t) => escapeInline(t.expression, EXPRESSION_MAX_CHARS)).join(', ');
    parts.push(`threshold${failed.length === 1 ? '' : 's'} failed: ${list}`);
  }
  if (parts.length > 0) return { text: parts.join('; '), usedReason: false };
  const first = input.failureReasons[0];
  return first === undefined
    ? { text: 'fail', usedReason: false }
    : { text: escapeInline(first, HEADLINE_MAX_CHARS), usedReason: true };
}

/** The report's first line (a level-2 heading with the verdict), and the reasons below it. */
export function renderHeadline(input: HeadlineInput): string {
  let title: string;
  let usedReason = false;
  switch (input.verdict) {
    case 'pass':
      title = `## ✅ ${TOOL_TITLE}: pass`;
      break;
    case 'fail': {
      const summary = failSummary(input);
      usedReason = summary.usedReason;
      title = `## ❌ ${TOOL_TITLE}: ${summary.text}`;
      break;
    }
    case 'error': {
      const reason = input.failureReasons[0];
      usedReason = reason !== undefined;
      title = `## ⚠️ ${TOOL_TITLE}: error — ${reason === undefined ? 'the run could not be completed' : escapeInline(reason, HEADLINE_MAX_CHARS)}`;
      break;
    }
  }
  const reasons = input.failureReasons;
  if (input.verdict === 'pass' || reasons.length === 0 || (usedReason && reasons.length === 1)) return title;
  const lines = reasons.slice(0, MAX_REASONS).map((r) => `- ${escapeInline(r, REASON_MAX_CHARS)}`);
  if (reasons.length > MAX_REASONS) lines.push(`- … and ${reasons.length - MAX_REASONS} more`);
  return `${title}\n\n${lines.join('\n')}`;
}

function toleranceText(tolerance: number): string {
  return `${Number((tolerance * 100).toFixed(2))}%`;
}

/** The comparison with the baseline: a table and a note on the history. */
export function renderComparison(comparison: Comparison | undefined): string {
  const title = '### Compared with the baseline';
  if (!comparison) return `${title}\n\n${NO_BASELINE_NOTE}`;
  const rows = [
    '| metric | baseline | this PR | change | verdict |',
    '| :-- | --: | --: | --: | :-- |',
    ...comparison.rows.map(
      (r) =>
        `| ${r.label} (\`${r.metric}\`) | ${formatBaselineCell(r)} | ${formatValue(r.unit, r.current)} | ${r.baseline === null ? '—' : formatChange(r.change)} | ${VERDICT_LABELS[r.verdict]} |`,
    ),
  ];
  return `${title}\n\n${rows.join('\n')}\n\n${historyNotes(comparison).join('\n\n')}`;
}

const NO_BASELINE_NOTE =
  '> ℹ️ No baseline yet for this profile: nothing was compared and nothing can regress. Runs recorded as baseline build the history.';

function historyNotes(c: Comparison): string[] {
  if (c.entries === 0) return [NO_BASELINE_NOTE];
  const notes: string[] = [];
  if (c.shortHistory) {
    const only = c.entries === 1 ? ' With a single run only the tolerance applies.' : '';
    notes.push(
      `> ⚠️ baseline has only ${plural(c.entries, 'run')}: noise band not reliable yet (it needs ${MIN_RELIABLE_HISTORY}).${only}`,
    );
  }
  notes.push(
    `<sub>Baseline = median of the last ${plural(c.entries, 'run')}; ± = noise band (${NOISE_MADS} × MAD). A metric regresses when it is worse by more than ${toleranceText(c.tolerance)} and by more than the noise band (latencies: and by at least 1 ms).</sub>`,
  );
  return notes;
}

/** The thresholds' results, or '' when there are none. */
export function renderThresholds(thresholds: readonly ThresholdResult[]): string {
  if (thresholds.length === 0) return '';
  const failed = thresholds.filter((t) => !t.ok).length;
  const summary =
    failed === 0 ? `all ${thresholds.length} passed` : `${failed} of ${thresholds.length} failed`;
  const rows = thresholds
    .slice(0, MAX_THRESHOLDS)
    .map(
      (t) =>
        `| ${t.ok ? '✅ pass' : '❌ fail'} | ${escapeInline(t.expression, EXPRESSION_MAX_CHARS)} | ${escapeInline(formatMetricValue(t.metric, t.actual))} |`,
    );
  if (thresholds.length > MAX_THRESHOLDS) rows.push(`| … | ${thresholds.length - MAX_THRESHOLDS} more | |`);
  return [
    `### Thresholds (${summary})`,
    '',
    '| result | threshold | actual |',
    '| :-- | :-- | --: |',
    ...rows,
  ].join('\n');
}
