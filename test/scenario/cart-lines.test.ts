import { describe, expect, it } from 'vitest';
import { ledgerLines } from '../../src/scenario/cart-lines.js';

describe("ledgerLines (an accepted order's lines from the cart's pending lines)", () => {
  it('sums a product held twice, in first-seen order, with ids as strings', () => {
    expect(
      ledgerLines([
        { id: 2, quantity: 1 },
        { id: 'a', quantity: 2 },
        { id: 2, quantity: 3 },
      ]),
    ).toEqual([
      { productId: '2', quantity: 4 },
      { productId: 'a', quantity: 2 },
    ]);
  });

  it('takes the first `count` lines only (a shopper reuses its line slots from order to order)', () => {
    const slots = [
      { id: 1, quantity: 1 },
      { id: 7, quantity: 5 },
    ];
    expect(ledgerLines(slots, 1)).toEqual([{ productId: '1', quantity: 1 }]);
    expect(ledgerLines(slots, 0)).toEqual([]);
  });

  it('sums through a map past 16 lines, with the same result', () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({ id: i % 5, quantity: 1 }));
    expect(ledgerLines(lines)).toEqual([0, 1, 2, 3, 4].map((id) => ({ productId: String(id), quantity: 8 })));
  });
});
