import { describe, expect, it } from 'vitest';
import { getPath, jsonPathProblem, parseJsonPath } from '../../src/scenario/json-path.js';

describe('JSON paths', () => {
  const doc = { token: 'abc', data: { items: [{ id: 7 }, { id: 'x' }], empty: null }, '0': 'zero' };

  it('reads the root, keys, nested keys and array indexes', () => {
    expect(getPath(doc, '$')).toBe(doc);
    expect(getPath(doc, 'token')).toBe('abc');
    expect(getPath(doc, '$.token')).toBe('abc');
    expect(getPath(doc, 'data.items.0.id')).toBe(7);
    expect(getPath(doc, 'data.items.1.id')).toBe('x');
    expect(getPath(doc, '0')).toBe('zero');
    expect(getPath([1, [2, 3]], '1.0')).toBe(2);
  });

  it('yields undefined for paths that lead nowhere, and keeps null', () => {
    expect(getPath(doc, 'data.items.5.id')).toBeUndefined();
    expect(getPath(doc, 'data.items.first')).toBeUndefined();
    expect(getPath(doc, 'token.length')).toBeUndefined();
    expect(getPath(doc, 'constructor')).toBeUndefined();
    expect(getPath(null, 'a')).toBeUndefined();
    expect(getPath(doc, 'data.empty')).toBeNull();
  });

  it('rejects malformed paths', () => {
    expect(jsonPathProblem('a..b')).toMatch(/empty or invalid segment/);
    expect(jsonPathProblem('')).toBeDefined();
    expect(jsonPathProblem('$.')).toBeDefined();
    expect(jsonPathProblem('items[x]')).toBeDefined();
    expect(jsonPathProblem('items[*]b')).toBeDefined();
    expect(jsonPathProblem('a b')).toBeDefined();
    expect(() => parseJsonPath('.a')).toThrow(/invalid JSON path/);
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('a.0.b')).toEqual(['a', '0', 'b']);
  });

  it('reads brackets and collects every match of a wildcard, flattened in document order', () => {
    expect(parseJsonPath('items[*].variants[*]')).toEqual(['items', '*', 'variants', '*']);
    expect(parseJsonPath('items[0].id')).toEqual(['items', '0', 'id']);
    expect(parseJsonPath('a.*.b')).toEqual(['a', '*', 'b']);
    expect(parseJsonPath('$[*]')).toEqual(['*']);
    const catalog = {
      items: [{ variants: [{ id: 1 }, { id: 2 }] }, { variants: [] }, { variants: [{ id: 3 }] }],
    };
    expect(getPath(catalog, 'items[*].variants[*].id')).toEqual([1, 2, 3]);
    expect(getPath(catalog, 'items[*].variants[*]')).toHaveLength(3);
    expect(getPath({ byId: { a: 1, b: 2 } }, 'byId.*')).toEqual([1, 2]);
    expect(getPath({ items: 'x' }, 'items[*]')).toEqual([]);
    expect(getPath(catalog, 'items[2].variants[0].id')).toBe(3);
  });
});
