/**
 * The integrity check's outcome, read generically from the results (its `integrity` field when
 * present): whether it was checked, its violations, and its other plain fields. Nothing here
 * depends on the integrity module's types, only on that shape: { checked?, ok?, violations?: [] }.
 */
import { escapeHtml } from './html.js';

export interface IntegrityView {
  checked: boolean;
  ok: boolean;
  violations: string[];
  /** Other plain fields (numbers and strings, one level deep), as label and text. */
  details: [string, string][];
  /** Its `notes`, when a list of texts. */
  notes: string[];
}

const MAX_VIOLATIONS = 50;
const MAX_DETAILS = 20;
const MAX_TEXT = 300;
const MESSAGE_KEYS = ['message', 'detail', 'description', 'text', 'reason'];
const KIND_KEYS = ['kind', 'type', 'code', 'rule', 'check'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function describeViolation(v: unknown): string {
  if (typeof v === 'string') return cut(v);
  if (!isRecord(v)) return cut(JSON.stringify(v) ?? String(v));
  const message = MESSAGE_KEYS.map((k) => v[k]).find((x) => typeof x === 'string') as string | undefined;
  const kind = KIND_KEYS.map((k) => v[k]).find((x) => typeof x === 'string') as string | undefined;
  if (message) return cut(kind && !message.startsWith(kind) ? `${kind}: ${message}` : message);
  return cut(JSON.stringify(v));
}

/** The results' integrity field, if any. */
export function integrityOf(results: unknown): unknown {
  return isRecord(results) ? results.integrity : undefined;
}

/** A view of an integrity outcome, or undefined when there is none. */
export function readIntegrity(value: unknown): IntegrityView | undefined {
  if (!isRecord(value)) return undefined;
  const list = Array.isArray(value.violations) ? value.violations : [];
  const violations = list.slice(0, MAX_VIOLATIONS).map(describeViolation);
  if (list.length > MAX_VIOLATIONS) violations.push(`… and ${list.length - MAX_VIOLATIONS} more`);
  const checked =
    typeof value.checked === 'boolean'
      ? value.checked
      : typeof value.skipped === 'boolean'
        ? !value.skipped
        : true;
  const okField = typeof value.ok === 'boolean' ? value.ok : value.passed;
  const ok = typeof okField === 'boolean' ? okField : list.length === 0;
  return { checked, ok, violations, details: plainFields(value), notes: stringList(value.notes) };
}

const isPlain = (v: unknown) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

/** Plain fields, and those of objects one level down as `parent.field`. */
function plainFields(value: Record<string, unknown>): [string, string][] {
  const details: [string, string][] = [];
  for (const [key, v] of Object.entries(value)) {
    if (['checked', 'ok', 'passed', 'violations', 'notes'].includes(key) || typeof v === 'boolean') continue;
    if (isPlain(v)) details.push([key, cut(String(v))]);
    else if (isRecord(v) && key !== 'inputs') {
      for (const [k, inner] of Object.entries(v))
        if (isPlain(inner)) details.push([`${key}.${k}`, cut(String(inner))]);
    }
  }
  return details.slice(0, MAX_DETAILS);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value
        .filter((v) => typeof v === 'string')
        .slice(0, MAX_VIOLATIONS)
        .map(cut)
    : [];
}

/** The integrity section's inner HTML: checked yes/no, the verdict, the violations, the details. */
export function integrityHtml(value: unknown): string {
  const view = readIntegrity(value);
  if (!view) return '';
  const parts: string[] = [];
  if (!view.checked) {
    const reason = view.details.find(([k]) => k === 'skipped' || k === 'reason')?.[1];
    parts.push(
      `<div class="banner warn" data-integrity="not-checked">Checked: no${reason ? ` (${escapeHtml(reason)})` : ''}.</div>`,
    );
  } else if (view.ok && view.violations.length === 0) {
    parts.push('<div class="banner ok" data-integrity="ok">Checked: yes. No violations.</div>');
  } else {
    const n = view.violations.length;
    parts.push(
      `<div class="banner bad" data-integrity="violations">Checked: yes. ${n === 0 ? 'Failed' : n === 1 ? '1 violation' : `${n} violations`}.</div>`,
    );
  }
  if (view.violations.length > 0) {
    parts.push(
      `<ul class="plain violations">${view.violations.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul>`,
    );
  }
  if (view.notes.length > 0) {
    parts.push(`<ul class="plain notes">${view.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  }
  const why = view.checked ? undefined : view.details.find(([k]) => k === 'skipped' || k === 'reason');
  const details = view.details.filter((d) => d !== why);
  if (details.length > 0) {
    const rows = details.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`);
    parts.push(`<dl class="kv">${rows.join('')}</dl>`);
  }
  return parts.join('\n');
}
