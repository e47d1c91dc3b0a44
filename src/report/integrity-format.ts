/**
 * The integrity report for humans: a plain-text block for the terminal (after the results block)
 * and a markdown section for the job summary and the PR comment (untrusted text escaped).
 */

import type {
  AttemptCounts,
  IntegrityReport,
  ProcessingObservations,
  Violation,
} from '../results/integrity-types.js';
import { escapeInline } from './escape.js';
import { formatLatency, formatTable } from './format.js';

export const INTEGRITY_TITLE = 'Integrity';
const MAX_VIOLATIONS_SHOWN = 20;
const MAX_PRODUCTS_SHOWN = 20;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatAnswers(a: AttemptCounts): string {
  return (
    `${plural(a.attempts, 'order request')}: ${a.accepted} accepted, ${a.outOfStock} clean out-of-stock, ` +
    `${a.serverErrors} server errors (5xx), ${a.noAnswer} without answer, ${a.otherFailures} other`
  );
}

function checkedLine(r: IntegrityReport): string {
  const s = r.summary;
  const created = s.ordersCreated === null ? '' : `; the shop holds ${s.ordersCreated} new orders`;
  return (
    `${plural(s.ordersAccepted, 'accepted order')} (${plural(s.unitsAccepted, 'unit')}) reconciled with the stock of ` +
    `${plural(s.productsChecked, 'product')}${created}; ${s.ordersReadBack} read back`
  );
}

function flashLine(r: IntegrityReport): string | undefined {
  const f = r.flashSale;
  if (!f) return undefined;
  return (
    `product ${f.productId}, ${f.stockBefore} units, ${f.demand} buyers: ${f.accepted} accepted (expected ${f.expectedAccepted}), ` +
    `${f.outOfStock} clean out-of-stock, ${f.unclean} not clean; final stock ${f.stockAfter} (expected ${f.expectedStockAfter})`
  );
}

function processingLine(p: ProcessingObservations): string {
  const l = p.latencyMs;
  const clock = p.timing === 'server' ? "shop's timestamps" : 'as observed by the gate';
  const all =
    p.notProcessedCount === 0
      ? `all ${p.processed} "${p.processedStatus}"`
      : `${p.processed} of ${p.polled} "${p.processedStatus}"`;
  return (
    `${all} after ${formatLatency(p.waitedMs)} (limit ${formatLatency(p.waitLimitMs)}); ` +
    `creation to processing p50 ${formatLatency(l.p50)}, p95 ${formatLatency(l.p95)}, max ${formatLatency(l.max)} (${clock})`
  );
}

function verdictText(r: IntegrityReport): string {
  if (!r.checked) return `not checked: ${r.skipped ?? ''}`;
  return r.violations.length === 0
    ? 'clean (no violation)'
    : `FAILED, ${plural(r.violations.length, 'violation')}`;
}

/** The terminal block. */
export function formatIntegrityBlock(r: IntegrityReport): string {
  const out = [`${INTEGRITY_TITLE}: ${verdictText(r)}`];
  if (!r.checked) return out.join('\n');
  out.push(`  Checked:      ${checkedLine(r)}`);
  out.push(`  Answers:      ${formatAnswers(r.summary.orderAnswers)}`);
  const flash = flashLine(r);
  if (flash) out.push(`  Flash sale:   ${flash}`);
  if (r.processing) out.push(`  Processing:   ${processingLine(r.processing)}`);
  for (const v of r.violations.slice(0, MAX_VIOLATIONS_SHOWN)) out.push(`  ✗ [${v.kind}] ${v.message}`);
  if (r.violations.length > MAX_VIOLATIONS_SHOWN)
    out.push(`  … and ${r.violations.length - MAX_VIOLATIONS_SHOWN} more (see the results file)`);
  const bad = r.products.filter((p) => !p.ok).slice(0, MAX_PRODUCTS_SHOWN);
  if (bad.length > 0) {
    const rows = [['product', 'before', 'after', 'decrease', 'units accepted']];
    for (const p of bad) {
      rows.push([
        p.productId,
        String(p.before ?? '-'),
        String(p.after ?? '-'),
        String(p.stockDecrease ?? '-'),
        String(p.unitsAccepted),
      ]);
    }
    out.push(
      formatTable(rows)
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  }
  for (const n of r.notes) out.push(`  Note: ${n}`);
  return out.join('\n');
}

/** The gate's failure reasons: one line per violation (at most 10, then how many more). */
export function integrityFailureReasons(r: IntegrityReport | undefined): string[] {
  if (!r) return [];
  const lines = r.violations.slice(0, 10).map((v) => `integrity: ${v.message}`);
  if (r.violations.length > 10) lines.push(`integrity: … and ${r.violations.length - 10} more violations`);
  return lines;
}

function violationItem(v: Violation): string {
  return `- ❌ \`${v.kind}\` ${escapeInline(v.message, 300)}`;
}

/** The markdown section (a level-3 heading, the checks, the violations, notes). */
export function renderIntegrityMarkdown(r: IntegrityReport | undefined): string {
  if (!r) return '';
  if (!r.checked) return `### Integrity: not checked\n\n> ℹ️ ${escapeInline(r.skipped ?? '', 300)}`;
  const ok = r.violations.length === 0;
  const lines = [`### Integrity: ${ok ? '✅ clean' : `❌ ${plural(r.violations.length, 'violation')}`}`, ''];
  lines.push('| check | result |', '| :-- | :-- |');
  lines.push(`| reconciled | ${escapeInline(checkedLine(r), 300)} |`);
  lines.push(`| order answers | ${escapeInline(formatAnswers(r.summary.orderAnswers), 300)} |`);
  const flash = flashLine(r);
  if (flash) lines.push(`| flash sale | ${escapeInline(flash, 300)} |`);
  if (r.processing) lines.push(`| processing | ${escapeInline(processingLine(r.processing), 300)} |`);
  if (!ok) {
    lines.push('');
    lines.push(...r.violations.slice(0, MAX_VIOLATIONS_SHOWN).map(violationItem));
    if (r.violations.length > MAX_VIOLATIONS_SHOWN)
      lines.push(`- … and ${r.violations.length - MAX_VIOLATIONS_SHOWN} more (see the results file)`);
  }
  const bad = r.products.filter((p) => !p.ok).slice(0, MAX_PRODUCTS_SHOWN);
  if (bad.length > 0) {
    lines.push(
      '',
      '| product | stock before | stock after | decrease | units accepted |',
      '| :-- | --: | --: | --: | --: |',
    );
    for (const p of bad) {
      lines.push(
        `| ${escapeInline(p.productId, 40)} | ${p.before ?? '—'} | ${p.after ?? '—'} | ${p.stockDecrease ?? '—'} | ${p.unitsAccepted} |`,
      );
    }
  }
  if (r.notes.length > 0) {
    lines.push('', ...r.notes.slice(0, 10).map((n) => `<sub>${escapeInline(n, 300)}</sub><br>`));
  }
  return lines.join('\n');
}
