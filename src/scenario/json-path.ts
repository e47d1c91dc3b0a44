/**
 * The scenario file's JSON paths: a small dotted syntax, on purpose.
 *
 *   $                      the whole document
 *   token   / $.token      a key of the root object
 *   data.products          nested keys
 *   items.0.id             a number segment indexes an array (or is a key of an object)
 *
 * Keys that contain a dot cannot be addressed. A path that does not lead anywhere yields `undefined`.
 */

/** A parsed path: its segments ([] for the root). */
export type JsonPath = readonly string[];

const SEGMENT = /^[^.\s[\]]+$/;

/** Returns the problem with `path` as text, or undefined when it is valid. */
export function jsonPathProblem(path: string): string | undefined {
  if (path === '$') return undefined;
  const body = path.startsWith('$.') ? path.slice(2) : path;
  if (body === '') return 'a dotted path such as "data.items.0.id", or "$" for the whole body';
  for (const segment of body.split('.')) {
    if (!SEGMENT.test(segment)) {
      return `a dotted path such as "data.items.0.id" ("${path}" has an empty or invalid segment)`;
    }
  }
  return undefined;
}

export function parseJsonPath(path: string): JsonPath {
  const problem = jsonPathProblem(path);
  if (problem) throw new TypeError(`invalid JSON path "${path}": expected ${problem}`);
  if (path === '$') return [];
  return (path.startsWith('$.') ? path.slice(2) : path).split('.');
}

/** The value at `path` in `value`, or undefined. */
export function getPath(value: unknown, path: JsonPath | string): unknown {
  const segments = typeof path === 'string' ? parseJsonPath(path) : path;
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else {
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** The path as written in scenario files (for messages). */
export function formatJsonPath(path: JsonPath): string {
  return path.length === 0 ? '$' : path.join('.');
}
