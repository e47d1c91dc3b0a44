/**
 * The markdown report, used both as the job summary and as the sticky PR comment: the verdict
 * first, then the results block, the comparison with the baseline, the latency chart, the
 * thresholds, the collapsed per-step details and a footer ending with the hidden marker.
 * Untrusted text is escaped (escape.ts) and the whole stays under GitHub's comment limit.
 */

import type { Comparison } from '../compare/compare.js';
import { runPercentiles } from '../compare/percentiles.js';
import { plural } from '../core/text.js';
import type { IntegrityReport } from '../results/integrity-types.js';
import type { RunResults } from '../results/results.js';
import type { ThresholdResult } from '../results/thresholds.js';
import { escapeInline, fencedBlock } from './escape.js';
import { renderIntegrityMarkdown } from './integrity-format.js';
import { renderPercentileChart } from './markdown-chart.js';
import { renderDetails } from './markdown-details.js';
import { shortSha } from './markdown-format.js';
import {
  type ReportVerdict,
  renderComparison,
  renderHeadline,
  renderThresholds,
} from './markdown-sections.js';
import { formatResultsBlock } from './text-report.js';
import { renderVerdictMarkdown } from './verdict-markdown.js';
import type { VerdictView } from './verdict-view.js';

export type { ReportVerdict } from './markdown-sections.js';

/** GitHub refuses issue comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** The report aims below the limit, leaving a margin for characters GitHub counts twice. */
export const DEFAULT_MAX_REPORT_CHARS = 60_000;
const SAMPLE_LIMITS = [50, 20, 5, 0];

export interface MarkdownReportInput {
  results: RunResults;
  comparison?: Comparison;
  /** The verdict (paired rounds or history); replaces the old comparison table when given. */
  verdictView?: VerdictView;
  thresholds: ThresholdResult[];
  verdict: ReportVerdict;
  /** Why the run failed or errored, for humans (escaped when rendered). */
  failureReasons: string[];
  /** The commit measured (this PR's head) and the one the baseline came from. */
  headSha?: string;
  baseSha?: string;
  baseRef?: string;
  /** What was measured: a pull request's head ("this PR") or a run of a push, schedule... ("this run"; default). */
  subject?: 'pr' | 'run';
  /** A human description of the load plan. */
  profile: string;
  runUrl?: string;
  /** The hidden HTML comment that identifies the sticky comment, e.g. <!-- order-load-gate:users-500 -->. */
  marker?: string;
  /** The integrity check (src/reconcile), rendered after the results block. */
  integrity?: IntegrityReport | undefined;
  /** Upper bound on the report's length (default 60,000). */
  maxChars?: number;
}

/** The results block's summary lines (up to its first blank line), fenced as text. */
function resultsBlock(results: RunResults): string {
  const block = formatResultsBlock(results);
  const head = block.split('\n\n')[0] ?? block;
  return fencedBlock(head, 'text');
}

/** `marker` as an HTML comment that cannot end early. */
export function markerComment(marker: string): string {
  const trimmed = marker.trim();
  const m = /^<!--([\s\S]*)-->$/.exec(trimmed);
  // A well-formed comment is kept byte for byte: callers search for it to update the comment.
  if (m && !m[1]!.includes('--') && !/^-?>/.test(m[1]!) && !m[1]!.endsWith('-')) return trimmed;
  const inner = (m ? m[1]! : trimmed).replace(/--+>?|<!--/g, '-').trim();
  return `<!-- ${inner} -->`;
}

function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    return u.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    return undefined;
  }
}

/** "this PR" on pull requests, "this run" on pushes, schedules and local runs. */
export function subjectLabel(subject: MarkdownReportInput['subject']): string {
  return subject === 'pr' ? 'this PR' : 'this run';
}

function footer(input: MarkdownReportInput): string {
  const parts: string[] = [];
  const head = input.headSha ? shortSha(input.headSha) : 'this run';
  const baseSha = input.baseSha ?? input.comparison?.baselineSha;
  const entries = input.comparison?.entries ?? 0;
  if (baseSha) {
    const ref = input.baseRef ? ` ${escapeInline(input.baseRef, 100)}` : '';
    const history = entries > 0 ? `, baseline of ${plural(entries, 'run')}` : '';
    parts.push(
      `Compared ${head} (${subjectLabel(input.subject)}) with ${shortSha(baseSha)} (base${ref}${history})`,
    );
  } else {
    const ref = input.baseRef ? ` on ${escapeInline(input.baseRef, 100)}` : '';
    parts.push(`Measured ${head}; no baseline commit${ref} to compare with`);
  }
  if (input.comparison?.baselineKey) parts.push(`baseline key \`${input.comparison.baselineKey}\``);
  parts.push(`profile: ${escapeInline(input.profile, 200)}`);
  const url = safeUrl(input.runUrl);
  if (url) parts.push(`[workflow run](<${url}>)`);
  parts.push(`${escapeInline(input.results.tool.name, 40)} ${escapeInline(input.results.tool.version, 40)}`);
  const lines = ['---', '', `<sub>${parts.join(' · ')}</sub>`];
  if (input.marker !== undefined) lines.push('', markerComment(input.marker));
  return lines.join('\n');
}

function assemble(sections: readonly string[]): string {
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

/** The report; see the module comment for its sections. */
export function renderMarkdownReport(input: MarkdownReportInput): string {
  const max = Math.min(input.maxChars ?? DEFAULT_MAX_REPORT_CHARS, GITHUB_COMMENT_LIMIT);
  const comparison = input.comparison;
  const top = [
    renderHeadline({ ...input, integrity: input.integrity ?? input.results.integrity }),
    resultsBlock(input.results),
    renderIntegrityMarkdown(input.integrity ?? input.results.integrity),
    input.verdictView
      ? renderVerdictMarkdown(input.verdictView)
      : renderComparison(comparison, subjectLabel(input.subject)),
    renderPercentileChart({
      current: comparison?.orderPercentiles.current ?? runPercentiles(input.results),
      baseline: comparison?.orderPercentiles.baseline,
      baselineRuns: comparison?.entries ?? 0,
      subject: subjectLabel(input.subject),
    }),
    renderThresholds(input.thresholds),
  ];
  const end = footer(input);
  for (const maxSamples of SAMPLE_LIMITS) {
    const report = assemble([...top, renderDetails(input.results, { maxSamples }), end]);
    if (report.length <= max) return report;
  }
  const note =
    '_Per-step details left out: the report would exceed GitHub’s comment size limit. See the results file._';
  const withoutDetails = assemble([...top, note, end]);
  if (withoutDetails.length <= max) return withoutDetails;
  // Only absurd inputs get here: cut the top sections, keep the footer and its marker.
  const cutNote = '\n\n_… report truncated to fit GitHub’s comment size limit._\n\n';
  const room = Math.max(0, max - end.length - cutNote.length - 1);
  const text = assemble(top);
  // Cut at a blank line (between blocks: never inside a fence or a table) when there is one.
  const blank = text.lastIndexOf('\n\n', room);
  const head = (blank > 0 ? text.slice(0, blank) : text.slice(0, room)).replace(/[\uD800-\uDBFF]$/, '');
  return `${head}${cutNote}${end}\n`;
}
