/** The baseline comparison as HTML: the metrics table and a note on the history. */

import { type Comparison, MIN_RELIABLE_HISTORY, NOISE_MADS } from '../../compare/compare.js';
import { plural } from '../../core/text.js';
import { formatBaselineCell, formatChange, formatValue } from '../markdown-format.js';
import { escapeHtml, htmlTable } from './html.js';

const VERDICTS: Record<string, { text: string; cls: string }> = {
  ok: { text: 'ok', cls: 'pass' },
  regressed: { text: 'regressed', cls: 'fail' },
  improved: { text: 'improved', cls: 'pass' },
  'no-baseline': { text: 'no baseline', cls: '' },
};

/** The comparison section's inner HTML; a short note when there is no baseline. */
export function comparisonHtml(comparison: Comparison | undefined): string {
  if (!comparison || comparison.entries === 0) {
    return '<p class="muted">No baseline for this profile yet: nothing was compared and nothing can regress.</p>';
  }
  const rows = comparison.rows.map((r) => {
    const v = VERDICTS[r.verdict] ?? { text: r.verdict, cls: '' };
    return [
      `${escapeHtml(r.label)} <span class="muted">${escapeHtml(r.metric)}</span>`,
      escapeHtml(formatBaselineCell(r)),
      escapeHtml(formatValue(r.unit, r.current)),
      r.baseline === null ? '—' : escapeHtml(formatChange(r.change)),
      `<span class="pill ${v.cls}">${escapeHtml(v.text)}</span>`,
    ];
  });
  const notes: string[] = [];
  if (comparison.shortHistory) {
    notes.push(
      `<div class="banner warn">The baseline has only ${escapeHtml(plural(comparison.entries, 'run'))}: its noise band is not reliable yet (it needs ${MIN_RELIABLE_HISTORY}).</div>`,
    );
  }
  const key = comparison.baselineKey ? ` (key ${escapeHtml(comparison.baselineKey)})` : '';
  notes.push(
    `<p class="muted">Baseline${key} = median of the last ${escapeHtml(plural(comparison.entries, 'run'))}; ± = noise band (${NOISE_MADS} × MAD). A metric regresses when it is worse by more than ${escapeHtml(`${Number((comparison.tolerance * 100).toFixed(2))}%`)} and by more than the noise band.</p>`,
  );
  const table = htmlTable(['metric', 'baseline', 'this run', 'change', 'verdict'], rows, {
    numeric: [false, true, true, true, false],
    className: 'comparison',
  });
  return `${table}\n${notes.join('\n')}`;
}
