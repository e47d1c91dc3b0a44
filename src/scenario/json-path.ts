/**
 * The scenario file's JSON paths: a small dotted syntax, on purpose.
 *
 *   $                      the whole document
 *   token   / $.token      a key of the root object
 *   data.products          nested keys
 *   items.0.id / items[0]  a number segment indexes an array (or is a key of an object)
 *   items[*].variants[*]   `*` (or `[*]`) takes every element (or value) at that level:
 *                          the path then yields the list of everything it reached, flattened
 *
 * Keys that contain a dot cannot be addressed. A path that does not lead anywhere yields `undefined`
 * (a path with `*` yields a list, empty when nothing matched).
 */

/** A parsed path: its segments ([] for the root); '*' is the wildcard. */
export type JsonPath = readonly string[];

export const WILDCARD = '*';
const SEGMENT = /^[^.\s[\]]+$/;
/** `name[*]`, `name[0]`, `[*]`: the brackets become segments of their own. */
const BRACKETS = /\[(\*|\d+)\]/g;

function segmentsOf(path: string): string[] | undefined {
  const body = path.startsWith('$.') ? path.slice(2) : path.startsWith('$[') ? path.slice(1) : path;
  if (body === '') return undefined;
  const out: string[] = [];
  for (const part of body.split('.')) {
    const head = part.replace(BRACKETS, '');
    const index = part.indexOf('[');
    if (index >= 0 && part.slice(index).replace(BRACKETS, '') !== '') return undefined;
    if (index !== 0 && !SEGMENT.test(index > 0 ? part.slice(0, index) : part)) return undefined;
    if (index !== 0 && head !== '') out.push(index > 0 ? part.slice(0, index) : part);
    for (const m of part.matchAll(BRACKETS)) out.push(m[1]!);
    if (index === 0 && out.length === 0) return undefined;
  }
  return out;
}

/** Returns the problem with `path` as text, or undefined when it is valid. */
export function jsonPathProblem(path: string): string | undefined {
  if (path === '$') return undefined;
  if (segmentsOf(path) === undefined) {
    return path.replace(/^\$\.?/, '') === ''
      ? 'a dotted path such as "data.items.0.id", or "$" for the whole body'
      : `a dotted path such as "data.items.0.id" or "items[*].variants[*]" ("${path}" has an empty or invalid segment)`;
  }
  return undefined;
}

export function parseJsonPath(path: string): JsonPath {
  const problem = jsonPathProblem(path);
  if (problem) throw new TypeError(`invalid JSON path "${path}": expected ${problem}`);
  if (path === '$') return [];
  return segmentsOf(path)!;
}

/** True when the path has a `*` (it then yields a list). */
export function hasWildcard(path: JsonPath): boolean {
  return path.includes(WILDCARD);
}

function step(current: unknown, segment: string): unknown {
  if (current === null || typeof current !== 'object') return undefined;
  if (Array.isArray(current)) return /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
  if (!Object.hasOwn(current, segment)) return undefined;
  return (current as Record<string, unknown>)[segment];
}

function collect(value: unknown, path: JsonPath, from: number, into: unknown[]): void {
  let current = value;
  for (let i = from; i < path.length; i++) {
    const segment = path[i]!;
    if (segment === WILDCARD) {
      if (current === null || typeof current !== 'object') return;
      const children = Array.isArray(current) ? current : Object.values(current);
      for (const child of children) collect(child, path, i + 1, into);
      return;
    }
    current = step(current, segment);
    if (current === undefined) return;
  }
  into.push(current);
}

/**
 * The value at `path` in `value`, or undefined. A path with `*` yields the list of every value it
 * reached (in document order).
 */
export function getPath(value: unknown, path: JsonPath | string): unknown {
  const segments = typeof path === 'string' ? parseJsonPath(path) : path;
  if (hasWildcard(segments)) {
    const out: unknown[] = [];
    collect(value, segments, 0, out);
    return out;
  }
  let current = value;
  for (let i = 0; i < segments.length && current !== undefined; i++) current = step(current, segments[i]!);
  return current;
}

/** Every value `path` reaches: one (or none) without `*`, any number with it. */
export function getAll(value: unknown, path: JsonPath): unknown[] {
  if (hasWildcard(path)) return getPath(value, path) as unknown[];
  const one = getPath(value, path);
  return one === undefined ? [] : [one];
}

/** The path as written in scenario files (for messages). */
export function formatJsonPath(path: JsonPath): string {
  return path.length === 0 ? '$' : path.join('.');
}
