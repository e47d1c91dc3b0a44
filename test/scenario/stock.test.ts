import { describe, expect, it } from 'vitest';
import { compileStock, stockProblem } from '../../src/scenario/stock.js';

describe('stock readers', () => {
  it('reads a path, an expression over paths and numeric texts', () => {
    expect(compileStock('stock')({ stock: 4 })).toBe(4);
    expect(compileStock('stock')({ stock: '7' })).toBe(7);
    expect(compileStock('stockOnHand - stockAllocated')({ stockOnHand: 10, stockAllocated: 3 })).toBe(7);
    expect(compileStock('(a + b) * 2 - c / 4')({ a: 1, b: 2, c: 8 })).toBe(4);
    expect(compileStock('levels.0.onHand - 1')({ levels: [{ onHand: 3 }] })).toBe(2);
  });

  it('maps words to units or to "available" (in stock, amount unknown)', () => {
    const read = compileStock('stockLevel', { IN_STOCK: 'available', OUT_OF_STOCK: 0, LOW: 2 });
    expect(read({ stockLevel: 'IN_STOCK' })).toBeNull();
    expect(read({ stockLevel: 'OUT_OF_STOCK' })).toBe(0);
    expect(read({ stockLevel: 'LOW' })).toBe(2);
  });

  it('never takes an unreadable stock as in stock: it says where and what it found', () => {
    expect(compileStock('stockLevel')({ stockLevel: 'IN_STOCK' })).toEqual({
      problem: 'the stock at stockLevel is "IN_STOCK", not a number (map words with stockWords)',
    });
    expect(compileStock('a - b')({ a: 3 })).toEqual({
      problem: 'the stock at b is nothing, not a number (map words with stockWords)',
    });
    expect(compileStock('stock')({ stock: null })).toHaveProperty('problem');
    expect(compileStock('stock')({ stock: '' })).toHaveProperty('problem');
    expect(compileStock('a - b', { YES: 'available' })({ a: 'YES', b: 1 })).toEqual({
      problem: '"a - b" needs numbers, but a word means "available" without a count',
    });
    expect(compileStock('a / b')({ a: 1, b: 0 })).toEqual({ problem: '"a / b" divides by zero' });
  });

  it('rejects malformed expressions with what was expected', () => {
    expect(stockProblem('a - - b')).toMatch(/a number, a JSON path or "\(" at "-"/);
    expect(stockProblem('(a - b')).toMatch(/"\)" at the end/);
    expect(stockProblem('a b')).toMatch(/an operator or the end at "b"/);
    expect(stockProblem('a..b')).toMatch(/a JSON path, found "a..b"/);
    expect(stockProblem('stock-level')).toBeUndefined();
  });
});
