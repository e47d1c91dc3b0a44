/**
 * `{{name}}` templates in paths, headers and bodies.
 *
 * Rule: a JSON string that is exactly one placeholder (`"{{quantity}}"`) takes the variable's own
 * value and type (a number stays a number); placeholders inside longer strings are interpolated as
 * text. An unset variable renders as '' inside text and as null as a whole value. Templates are
 * compiled once per scenario, not per request.
 */

export type Vars = Readonly<Record<string, unknown>>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Part = string | { name: string };

/** A compiled string template. */
export interface StringTemplate {
  /** Interpolates as text (`encode` applies to variable values only, e.g. encodeURIComponent). */
  text(vars: Vars, encode?: (s: string) => string): string;
  /** The variable's own value when the template is exactly one placeholder, else the text. */
  value(vars: Vars): unknown;
  readonly variables: readonly string[];
  /** True when the template has no placeholder. */
  readonly constant: boolean;
}

function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Names used in `source` that are not valid variable names (for the loader's messages). */
export function invalidPlaceholders(source: string): string[] {
  const bad: string[] = [];
  for (const m of source.matchAll(PLACEHOLDER)) {
    if (!NAME.test(m[1] ?? '')) bad.push(m[0]);
  }
  return bad;
}

export function compileString(source: string): StringTemplate {
  const parts: Part[] = [];
  let last = 0;
  for (const m of source.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (!NAME.test(name)) continue; // left as literal text; the loader reports it
    if (m.index > last) parts.push(source.slice(last, m.index));
    parts.push({ name });
    last = m.index + m[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  const variables = parts.filter((p): p is { name: string } => typeof p !== 'string').map((p) => p.name);
  const single = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0]!.name : undefined;

  const text = (vars: Vars, encode?: (s: string) => string): string => {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += p;
      else out += encode ? encode(toText(vars[p.name])) : toText(vars[p.name]);
    }
    return out;
  };
  return {
    text,
    value: single !== undefined ? (vars) => vars[single] ?? null : (vars) => text(vars),
    variables,
    constant: variables.length === 0,
  };
}

/** A compiled JSON value with templates in its strings (keys are not templated). */
export type ValueTemplate = (vars: Vars) => unknown;

export function compileValue(value: unknown): ValueTemplate {
  if (typeof value === 'string') {
    const t = compileString(value);
    return t.constant ? () => value : (vars) => t.value(vars);
  }
  if (Array.isArray(value)) {
    const items = value.map(compileValue);
    return (vars) => items.map((item) => item(vars));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, compileValue(v)] as const);
    return (vars) => {
      const out: Record<string, unknown> = {};
      for (const [k, render] of entries) out[k] = render(vars);
      return out;
    };
  }
  return () => value;
}

/** Every variable name used in the strings of a JSON value (keys excluded). */
export function valueVariables(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    for (const name of compileString(value).variables) into.add(name);
  } else if (Array.isArray(value)) {
    for (const item of value) valueVariables(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) valueVariables(v, into);
  }
  return into;
}
