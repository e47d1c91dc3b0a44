/**
 * The reconciliation at its edges, the orders read back from the shop: every violation
 * pinned whole (kind, counts, message): the message is what a person reads in the PR comment, the
 * numbers are what a tool reads.
 */
import { describe, expect, it } from 'vitest';
import { reconcileIntegrity } from '../../src/reconcile/reconcile.js';
import { emptyTally } from '../../src/reconcile/tally.js';
import type { ReadBackObservations } from '../../src/results/integrity-types.js';
import { answers, ledgerOf, order, snap } from './support/integrity-fixtures.js';

describe('orders read back', () => {
  const readBack = (orders: ReadBackObservations['orders'], sampled = false): ReadBackObservations => ({
    ledgerOrders: 30,
    limit: 100,
    sampled,
    orders,
  });

  it('4xx is missing, ids capped at 20; 5xx or no answer is unverified; found ones are counted', () => {
    const missing = Array.from({ length: 21 }, (_, i) => ({
      orderId: `m${i}`,
      status: i === 0 ? 400 : 499,
      found: false,
    }));
    const r = reconcileIntegrity({
      ledger: ledgerOf(3),
      before: snap({ 1: 10 }),
      after: snap({ 1: 7 }),
      orderErrors: answers('1', { 201: 3 }),
      readBack: readBack([
        ...missing,
        { orderId: 'u1', status: 500, found: false },
        { orderId: 'u2', status: 0, found: false },
        { orderId: 'u3', status: 399, found: false },
        { orderId: '1', status: 200, found: true, items: [{ productId: '1', quantity: 1 }] },
        { orderId: 'x', status: 200, found: true, items: [{ productId: '5', quantity: 9 }] }, // not in the ledger
      ]),
    });
    expect(r.summary.ordersReadBack).toBe(2);
    expect(r.violations).toEqual([
      {
        kind: 'order_missing',
        count: 21,
        orderIds: missing.slice(0, 20).map((m) => m.orderId),
        message: `21 accepted orders cannot be read back (the shop says not found): ${missing
          .slice(0, 20)
          .map((m) => m.orderId)
          .join(', ')}, …`,
      },
    ]);
    expect(r.notes).toEqual([
      'The inventory does not report an order count: the order count was not compared.',
      '3 orders could not be read back (no answer or a server error), so their items are not verified: u1, u2, u3',
    ]);
  });

  it('an order read back without items, or with other items, is a mismatch; a sample is noted', () => {
    const r = reconcileIntegrity({
      ledger: [
        order('1', [['1', 1]]),
        order('2', [['1', 2]]),
        order('3', [
          ['1', 1],
          ['2', 1],
        ]),
      ],
      before: snap({ 1: 10, 2: 10 }),
      after: snap({ 1: 6, 2: 9 }),
      orderErrors: emptyTally(),
      readBack: readBack(
        [
          { orderId: '1', status: 200, found: true, detail: 'no items field' },
          { orderId: '2', status: 200, found: true, items: [{ productId: '1', quantity: 1 }] },
          { orderId: '3', status: 200, found: true, items: [{ productId: '1', quantity: 1 }] },
        ],
        true,
      ),
    });
    expect(r.violations).toEqual([
      {
        kind: 'order_mismatch',
        count: 1,
        orderIds: ['1'],
        message: 'order 1: read back without readable items (no items field)',
      },
      {
        kind: 'order_mismatch',
        count: 1,
        orderIds: ['2'],
        message: 'order 2: read back with 1× product 1, but 2× product 1 was ordered',
      },
      {
        kind: 'order_mismatch',
        count: 1,
        orderIds: ['3'],
        message: 'order 3: read back with 1× product 1, but 1× product 1, 1× product 2 was ordered',
      },
    ]);
    expect(r.notes).toEqual([
      'The inventory does not report an order count: the order count was not compared.',
      'Read back a random sample of 3 of the 30 accepted orders.',
    ]);
  });
});

describe('items read back that differ from the order', () => {
  const ledger = [order('1', [['1', 1]]), order('2', [['1', 1]]), order('3', [['1', 1]])];
  const check = (items: { productId: string; quantity: number }[]) =>
    reconcileIntegrity({
      ledger,
      before: snap({ 1: 10, 2: 10 }, 0),
      after: snap({ 1: 7, 2: 10 }, 3),
      orderErrors: emptyTally(),
      readBack: {
        ledgerOrders: 3,
        limit: 3,
        sampled: false,
        orders: [{ orderId: '2', status: 200, found: true, items }],
      },
    }).violations.map((v) => v.message);

  it('an extra product is a mismatch, with the hint about an old cart: more units', () => {
    expect(
      check([
        { productId: '1', quantity: 1 },
        { productId: '2', quantity: 1 },
      ]),
    ).toEqual([
      'order 2: read back with 1× product 1, 1× product 2, but 1× product 1 was ordered (lines left in the cart by an earlier run?)',
    ]);
  });

  it('another product in the same quantity: a mismatch without the hint', () => {
    expect(check([{ productId: '2', quantity: 1 }])).toEqual([
      'order 2: read back with 1× product 2, but 1× product 1 was ordered',
    ]);
  });

  it('no items at all', () => {
    expect(check([])).toEqual(['order 2: read back with (no items), but 1× product 1 was ordered']);
  });

  it('the same lines split differently are the same order', () => {
    const r = reconcileIntegrity({
      ledger: [order('1', [['1', 2]])],
      before: snap({ 1: 10 }),
      after: snap({ 1: 8 }),
      orderErrors: emptyTally(),
      readBack: {
        ledgerOrders: 1,
        limit: 1,
        sampled: false,
        orders: [
          {
            orderId: '1',
            status: 200,
            found: true,
            items: [
              { productId: '1', quantity: 1 },
              { productId: '1', quantity: 1 },
            ],
          },
        ],
      },
    });
    expect(r.violations).toEqual([]);
  });
});
