/**
 * The reconciliation at its edges, stock per product and the order and unit counts: every violation
 * pinned whole (kind, counts, message): the message is what a person reads in the PR comment, the
 * numbers are what a tool reads.
 */
import { describe, expect, it } from 'vitest';
import { reconcileIntegrity } from '../../src/reconcile/reconcile.js';
import { emptyTally } from '../../src/reconcile/tally.js';
import { answers, ledgerOf, order, snap } from './support/integrity-fixtures.js';

describe('stock per product', () => {
  it.each([
    [{}, { 9: 5 }, 'before', null, 5],
    [{ 9: 5 }, {}, 'after', 5, null],
    [{}, {}, 'before or after', null, null],
  ])('accepted units of a product the inventory does not list (%j, %j): %s', (before, after, when, b, a) => {
    const r = reconcileIntegrity({
      ledger: ledgerOf(2, '9', 3),
      before: snap(before),
      after: snap(after),
      orderErrors: emptyTally(),
    });
    expect(r.violations).toEqual([
      {
        productId: '9',
        kind: 'unknown_product',
        count: 6,
        message: `product 9: accepted orders hold 6 units, but the inventory ${when} the run does not list the product`,
      },
    ]);
    expect(r.products[0]).toEqual({
      productId: '9',
      before: b,
      after: a,
      unitsAccepted: 6,
      stockDecrease: null,
      ok: false,
    });
  });

  it('a product missing on one side without accepted units is no violation', () => {
    const r = reconcileIntegrity({
      ledger: [],
      before: snap({ 3: 1 }),
      after: snap({}),
      orderErrors: emptyTally(),
    });
    expect(r.violations).toEqual([]);
    expect(r.products).toEqual([
      { productId: '3', before: 1, after: null, unitsAccepted: 0, stockDecrease: null, ok: true },
    ]);
  });

  it('stock exactly used up is clean; one more unit is an oversell and a lost decrement', () => {
    const exact = reconcileIntegrity({
      ledger: ledgerOf(5),
      before: snap({ 1: 5 }),
      after: snap({ 1: 0 }),
      orderErrors: answers('1', { 201: 5 }),
    });
    expect(exact.violations).toEqual([]);
    const over = reconcileIntegrity({
      ledger: ledgerOf(6),
      before: snap({ 1: 5 }),
      after: snap({ 1: 0 }),
      orderErrors: answers('1', { 201: 6 }),
    });
    expect(over.violations).toEqual([
      {
        productId: '1',
        kind: 'oversell',
        count: 1,
        expected: 5,
        actual: 6,
        message: 'product 1: oversold by 1: 6 units accepted with only 5 in stock',
      },
      {
        productId: '1',
        kind: 'lost_decrement',
        count: 1,
        expected: 6,
        actual: 5,
        message:
          'product 1: accepted orders hold 6 units but the stock went from 5 to 0 (down 5): 1 decrement(s) lost',
      },
    ]);
  });

  it('negative stock before: every accepted unit is an oversell; below zero after is a violation', () => {
    const r = reconcileIntegrity({
      ledger: ledgerOf(1),
      before: snap({ 1: -2 }),
      after: snap({ 1: -3 }),
      orderErrors: answers('1', { 201: 1 }),
    });
    expect(r.violations).toEqual([
      {
        productId: '1',
        kind: 'oversell',
        count: 1,
        expected: -2,
        actual: 1,
        message: 'product 1: oversold by 1: 1 unit accepted with only -2 in stock',
      },
      {
        productId: '1',
        kind: 'negative_stock',
        count: 3,
        actual: -3,
        message: 'product 1: stock is -3 after the run (below zero)',
      },
    ]);
  });

  it('a decrement without an order is a phantom decrement; stock at 0 after is not negative', () => {
    const r = reconcileIntegrity({
      ledger: ledgerOf(1),
      before: snap({ 1: 4 }),
      after: snap({ 1: 0 }),
      orderErrors: answers('1', { 201: 1 }),
    });
    expect(r.violations).toEqual([
      {
        productId: '1',
        kind: 'phantom_decrement',
        count: 3,
        expected: 1,
        actual: 4,
        message:
          'product 1: the stock went from 4 to 0 (down 4) but accepted orders hold only 1 unit: 3 unit(s) left the stock without an accepted order',
      },
    ]);
  });

  it('lists changed products only, the failing first, then by units accepted; at most 200', () => {
    const before: Record<string, number> = { a: 10, b: 10, c: 10, d: 10 };
    const after: Record<string, number> = { a: 9, b: 7, c: 10, d: 5 };
    const r = reconcileIntegrity({
      ledger: [order('1', [['a', 1]]), order('2', [['b', 3]]), order('3', [['d', 1]])],
      before: snap(before),
      after: snap(after),
      orderErrors: emptyTally(),
    });
    expect(r.products.map((p) => [p.productId, p.ok])).toEqual([
      ['d', false],
      ['b', true],
      ['a', true],
    ]);
    expect(r.summary.productsChecked).toBe(4);

    const many: Record<string, number> = {};
    const fewer: Record<string, number> = {};
    for (let i = 0; i < 201; i++) {
      many[`p${i}`] = 5;
      fewer[`p${i}`] = 4;
    }
    const big = reconcileIntegrity({
      ledger: [],
      before: snap(many),
      after: snap(fewer),
      orderErrors: emptyTally(),
    });
    expect(big.products).toHaveLength(200);
    expect(big.summary.productsChecked).toBe(201);
    expect(big.violations).toHaveLength(201);
  });
});

describe('order and unit counts', () => {
  const base = { before: snap({ 1: 10 }, 100, 500), orderErrors: answers('1', { 201: 3 }) };

  it('more orders in the shop than accepted: created without the buyer being told', () => {
    const r = reconcileIntegrity({ ...base, ledger: ledgerOf(3), after: snap({ 1: 7 }, 105, 503) });
    expect(r.summary.ordersCreated).toBe(5);
    expect(r.violations).toEqual([
      {
        kind: 'order_count',
        count: 2,
        expected: 3,
        actual: 5,
        message:
          'the shop holds 5 new orders but accepted only 3: 2 orders created without the buyer being told',
      },
    ]);
  });

  it('fewer: accepted orders lost; equal: nothing', () => {
    const lost = reconcileIntegrity({ ...base, ledger: ledgerOf(3), after: snap({ 1: 7 }, 102, 503) });
    expect(lost.violations).toEqual([
      {
        kind: 'order_count',
        count: 1,
        expected: 3,
        actual: 2,
        message: '3 orders were accepted but the shop holds only 2 new ones: 1 accepted order lost',
      },
    ]);
    const equal = reconcileIntegrity({ ...base, ledger: ledgerOf(3), after: snap({ 1: 7 }, 103, 503) });
    expect(equal.violations).toEqual([]);
    expect(equal.notes).toEqual([]);
  });

  it('units ordered that differ from the accepted units, either way', () => {
    const r = reconcileIntegrity({ ...base, ledger: ledgerOf(3), after: snap({ 1: 7 }, 103, 504) });
    expect(r.violations).toEqual([
      {
        kind: 'units_count',
        count: 1,
        expected: 3,
        actual: 4,
        message: "the shop's orders gained 4 units but accepted orders hold 3 units",
      },
    ]);
    const fewer = reconcileIntegrity({ ...base, ledger: ledgerOf(3), after: snap({ 1: 7 }, 103, 501) });
    expect(fewer.violations[0]).toMatchObject({ kind: 'units_count', count: 2, actual: 1 });
    expect(fewer.violations[0]!.message).toBe(
      "the shop's orders gained 1 unit but accepted orders hold 3 units",
    );
  });

  it.each([
    [snap({ 1: 10 }), snap({ 1: 7 }, 103, 503)],
    [snap({ 1: 10 }, 100, 500), snap({ 1: 7 })],
  ])('a count on one side only is not compared: %j, %j', (before, after) => {
    const r = reconcileIntegrity({
      ledger: ledgerOf(3),
      before,
      after,
      orderErrors: answers('1', { 201: 3 }),
    });
    expect(r.summary.ordersCreated).toBeNull();
    expect(r.violations).toEqual([]);
    expect(r.notes).toEqual([
      'The inventory does not report an order count: the order count was not compared.',
    ]);
  });

  it('without an order count on both sides: a note, and no count compared', () => {
    const r = reconcileIntegrity({
      ledger: ledgerOf(3),
      before: snap({ 1: 10 }, 100),
      after: snap({ 1: 7 }),
      orderErrors: answers('1', { 201: 3 }),
    });
    expect(r.summary.ordersCreated).toBeNull();
    expect(r.notes).toEqual([
      'The inventory does not report an order count: the order count was not compared.',
    ]);
  });
});
