/**
 * Matchers compiled once per run into plain functions of (status, response). The body is parsed
 * only when a JSON condition needs it; a body that is not JSON fails every JSON condition.
 */
import { getAll, type JsonPath, parseJsonPath } from './json-path.js';
import type { Condition, Matcher } from './matcher-schema.js';

/** What a matcher reads: `json()` parses the body (once) and may throw. */
export interface MatchedResponse {
  json(): unknown;
  readonly bodyText?: string;
  readonly headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export type CompiledMatcher = (status: number, response: MatchedResponse) => boolean;

/** One test on one value. */
type ValueTest = (value: unknown) => boolean;

function statusTest(pattern: number | string): (status: number) => boolean {
  if (typeof pattern === 'number') return (s) => s === pattern;
  const hundreds = Number(pattern[0]) * 100;
  return (s) => s >= hundreds && s < hundreds + 100;
}

/** Equal as JSON scalars, or as texts ("5" equals 5: query strings and JSON disagree on types). */
export function sameScalar(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || expected === null || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function valueTests(c: Condition): ValueTest[] {
  const tests: ValueTest[] = [];
  if (c.equals !== undefined) {
    const expected = c.equals;
    tests.push((v) => sameScalar(v, expected));
  }
  if (c.oneOf !== undefined) {
    const options = c.oneOf;
    tests.push((v) => options.some((o) => sameScalar(v, o)));
  }
  if (c.contains !== undefined) {
    const part = c.contains;
    // A list contains an element; a text contains a substring.
    tests.push((v) =>
      Array.isArray(v) ? v.some((x) => sameScalar(x, part)) : (asText(v)?.includes(part) ?? false),
    );
  }
  if (c.regex !== undefined) {
    const re = new RegExp(c.regex);
    tests.push((v) => {
      const text = asText(v);
      return text !== undefined && re.test(text);
    });
  }
  const bounds: [number | undefined, (a: number, b: number) => boolean][] = [
    [c.gt, (a, b) => a > b],
    [c.gte, (a, b) => a >= b],
    [c.lt, (a, b) => a < b],
    [c.lte, (a, b) => a <= b],
  ];
  for (const [bound, compare] of bounds) {
    if (bound === undefined) continue;
    tests.push((v) => {
      const n = asNumber(v);
      return n !== undefined && compare(n, bound);
    });
  }
  return tests;
}

function allHold(tests: readonly ValueTest[], value: unknown): boolean {
  for (let i = 0; i < tests.length; i++) if (!tests[i]!(value)) return false;
  return true;
}

/** A condition as a test of the response; `needsJson` when it reads the parsed body. */
function compileCondition(c: Condition): { test: (r: MatchedResponse, doc: () => unknown) => boolean } {
  const tests = valueTests(c);
  const exists = c.exists;
  const judge = (values: unknown[]): boolean => {
    const present = values.filter((v) => v !== undefined);
    if (exists !== undefined && present.length > 0 !== exists) return false;
    if (tests.length === 0) return true;
    // With a `*` path: one of the values must pass every test.
    for (const v of present) if (allHold(tests, v)) return true;
    return false;
  };
  if (c.header !== undefined) {
    const name = c.header.toLowerCase();
    return {
      test: (r) => {
        const h = r.headers?.[name];
        return judge(h === undefined ? [] : Array.isArray(h) ? h : [h]);
      },
    };
  }
  if (c.path === undefined) {
    return { test: (r) => judge(r.bodyText === undefined ? [] : [r.bodyText]) };
  }
  const path: JsonPath = parseJsonPath(c.path);
  return {
    test: (_r, doc) => {
      let parsed: unknown;
      try {
        parsed = doc();
      } catch {
        return false;
      }
      return judge(getAll(parsed, path));
    },
  };
}

export function compileMatcher(matcher: Matcher): CompiledMatcher {
  const statuses = matcher.status?.map(statusTest);
  const conditions = (matcher.body ?? []).map(compileCondition);
  const all = (matcher.all ?? []).map(compileMatcher);
  const any = (matcher.any ?? []).map(compileMatcher);
  // Called for every response: plain loops, no closure per call beyond the lazy parse.
  return (status, response) => {
    if (statuses) {
      let hit = false;
      for (let i = 0; i < statuses.length && !hit; i++) hit = statuses[i]!(status);
      if (!hit) return false;
    }
    if (conditions.length > 0) {
      const doc = () => response.json();
      for (let i = 0; i < conditions.length; i++) if (!conditions[i]!.test(response, doc)) return false;
    }
    for (let i = 0; i < all.length; i++) if (!all[i]!(status, response)) return false;
    if (any.length > 0) {
      let hit = false;
      for (let i = 0; i < any.length && !hit; i++) hit = any[i]!(status, response);
      if (!hit) return false;
    }
    return true;
  };
}
