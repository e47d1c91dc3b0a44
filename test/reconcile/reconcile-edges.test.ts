/**
 * The reconciliation at its edges, every violation pinned whole (kind, counts, message): the
 * message is what a person reads in the PR comment, the numbers are what a tool reads.
 */
import { describe, expect, it } from 'vitest';
import type { AcceptedOrder } from '../../src/engine/types.js';
import { reconcileIntegrity, skippedIntegrity } from '../../src/reconcile/reconcile.js';
import { emptyCounts, emptyTally, recordAttempt } from '../../src/reconcile/tally.js';
import type {
  InventorySnapshot,
  OrderAttemptTally,
  ProcessingObservations,
  ReadBackObservations,
} from '../../src/results/integrity-types.js';

const snap = (stock: Record<string, number>, orders?: number, unitsOrdered?: number): InventorySnapshot => ({
  takenAt: '2025-01-01T00:00:00.000Z',
  products: Object.entries(stock).map(([id, s]) => ({ id, stock: s })),
  ...(orders !== undefined ? { orders } : {}),
  ...(unitsOrdered !== undefined ? { unitsOrdered } : {}),
});

const order = (orderId: string, items: [string, number][]): AcceptedOrder => ({
  orderId,
  userIndex: 0,
  items: items.map(([productId, quantity]) => ({ productId, quantity })),
});
const ledgerOf = (n: number, product = '1', quantity = 1): AcceptedOrder[] =>
  Array.from({ length: n }, (_, i) => order(String(i + 1), [[product, quantity]]));

/** Answers for `product`: status 201 accepted, 409 out of stock, else failed. */
function answers(product: string, statuses: Record<number, number>): OrderAttemptTally {
  const t = emptyTally();
  for (const [status, n] of Object.entries(statuses)) {
    const s = Number(status);
    for (let i = 0; i < n; i++) {
      recordAttempt(t, {
        userIndex: i,
        items: [{ productId: product, quantity: 1 }],
        status: s,
        outcome: s === 201 ? 'accepted' : s === 409 ? 'out_of_stock' : 'failed',
        endedAt: 0,
      });
    }
  }
  return t;
}

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

describe('server errors, the flash sale, processing', () => {
  it('a 5xx is a violation only for a product that had stock and sold out, never for the sale product', () => {
    const r = reconcileIntegrity({
      ledger: [...ledgerOf(2, 'a'), ...ledgerOf(2, 'b')],
      before: snap({ a: 2, b: 3, c: 0, d: 5 }),
      after: snap({ a: 0, b: 1, c: 0, d: 5 }),
      orderErrors: {
        ...emptyTally(),
        byProduct: {
          a: { ...emptyCounts(), attempts: 5, accepted: 2, serverErrors: 3 },
          b: { ...emptyCounts(), attempts: 3, accepted: 2, serverErrors: 1 },
          c: { ...emptyCounts(), attempts: 1, serverErrors: 1 },
          e: { ...emptyCounts(), attempts: 1, serverErrors: 1 },
        },
      },
    });
    expect(r.violations.filter((v) => v.kind !== 'phantom_decrement')).toEqual([
      {
        kind: 'server_error_on_contention',
        productId: 'a',
        count: 3,
        message:
          'product a sold out, and 3 orders for it got a server error (5xx) where a clean out-of-stock was due',
      },
    ]);
  });

  it('flash sale: fewer accepted than the smaller of stock and demand, unclean refusals, wrong final stock', () => {
    const t = answers('1', { 201: 3, 409: 4, 500: 1, 0: 1, 400: 2 });
    const r = reconcileIntegrity({
      ledger: [...ledgerOf(3), order('9', [['2', 1]])],
      before: snap({ 1: 5, 2: 10 }),
      after: snap({ 1: 1, 2: 9 }),
      orderErrors: t,
      options: { flashSale: { productId: '1' } },
    });
    expect(r.flashSale).toEqual({
      productId: '1',
      stockBefore: 5,
      demand: 11,
      expectedAccepted: 5,
      accepted: 3,
      outOfStock: 4,
      unclean: 4,
      stockAfter: 1,
      expectedStockAfter: 0,
    });
    expect(r.violations.filter((v) => v.kind.startsWith('flash_sale'))).toEqual([
      {
        kind: 'flash_sale_accepted',
        productId: '1',
        count: 2,
        expected: 5,
        actual: 3,
        message: 'flash sale of product 1: 3 orders accepted for 5 units and 11 buyers (expected exactly 5)',
      },
      {
        kind: 'flash_sale_unclean',
        productId: '1',
        count: 4,
        message:
          'flash sale of product 1: 4 of 8 refused orders were not a clean out-of-stock (5xx: 1, no answer: 1, other: 2)',
      },
      {
        kind: 'flash_sale_final_stock',
        productId: '1',
        count: 1,
        expected: 0,
        actual: 1,
        message: 'flash sale of product 1: final stock 1 (expected 0)',
      },
    ]);
  });

  it('flash sale with more stock than buyers, or negative stock: the expectation is bounded', () => {
    const r = reconcileIntegrity({
      ledger: ledgerOf(2),
      before: snap({ 1: 10 }),
      after: snap({ 1: 8 }),
      orderErrors: answers('1', { 201: 2 }),
      options: { flashSale: { productId: '1' } },
    });
    expect(r.flashSale).toMatchObject({ demand: 2, expectedAccepted: 2, expectedStockAfter: 8, unclean: 0 });
    expect(r.violations).toEqual([]);
    const none = reconcileIntegrity({
      ledger: [],
      before: snap({ 1: -1 }),
      after: snap({ 1: -1 }),
      orderErrors: answers('1', { 409: 3 }),
      options: { flashSale: { productId: '1' } },
    });
    expect(none.flashSale).toMatchObject({ expectedAccepted: 0, expectedStockAfter: -1, accepted: 0 });
    expect(none.violations.map((v) => v.kind)).toEqual(['negative_stock']);
  });

  it('flash sale nobody asked for, and orders holding the sale product among others', () => {
    const r = reconcileIntegrity({
      ledger: [
        order('1', [
          ['1', 1],
          ['2', 1],
        ]),
        order('2', [['2', 1]]),
      ],
      before: snap({ 1: 3, 2: 10 }),
      after: snap({ 1: 2, 2: 8 }),
      orderErrors: answers('2', { 201: 2 }),
      options: { flashSale: { productId: '1' } },
    });
    // no attempt was tallied for product 1: demand 0, yet one accepted order holds it
    expect(r.flashSale).toEqual({
      productId: '1',
      stockBefore: 3,
      demand: 0,
      expectedAccepted: 0,
      accepted: 1,
      outOfStock: 0,
      unclean: 0,
      stockAfter: 2,
      expectedStockAfter: 3,
    });
    expect(r.violations.filter((v) => v.kind.startsWith('flash_sale')).map((v) => [v.kind, v.count])).toEqual(
      [
        ['flash_sale_accepted', 1],
        ['flash_sale_final_stock', 1],
      ],
    );
  });

  it('unprocessed orders: the count, the first 20 ids, the limit in seconds', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `o${i}`);
    const processing: ProcessingObservations = {
      processedStatus: 'shipped',
      waitLimitMs: 2500,
      waitedMs: 2500,
      polled: 30,
      processed: 5,
      notProcessed: ids,
      notProcessedCount: 25,
      timing: 'observed',
      histogram: '',
      latencyMs: { min: 1, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1 },
    };
    const r = reconcileIntegrity({
      ledger: [],
      before: snap({}),
      after: snap({}),
      orderErrors: emptyTally(),
      processing,
    });
    expect(r.violations).toEqual([
      {
        kind: 'not_processed',
        count: 25,
        orderIds: ids.slice(0, 20),
        message: `25 accepted orders did not reach "shipped" within 3 s: ${ids.slice(0, 20).join(', ')}, …`,
      },
    ]);
    expect(r.processing).toBe(processing);
    expect(r.inputs?.processing).toBe(processing);
    const one = reconcileIntegrity({
      ledger: [],
      before: snap({}),
      after: snap({}),
      orderErrors: emptyTally(),
      processing: { ...processing, notProcessed: ['x'], notProcessedCount: 1 },
    });
    expect(one.violations[0]!.message).toBe('1 accepted order did not reach "shipped" within 3 s: x');
    const allDone = reconcileIntegrity({
      ledger: [],
      before: snap({}),
      after: snap({}),
      orderErrors: emptyTally(),
      processing: { ...processing, notProcessed: [], notProcessedCount: 0 },
    });
    expect(allDone.violations).toEqual([]);
  });
});

describe('the report', () => {
  it('orders violations by kind, then by count; notes the 5xx and unanswered orders', () => {
    const r = reconcileIntegrity({
      ledger: [...ledgerOf(1, 'a'), ...ledgerOf(3, 'b')],
      before: snap({ a: 0, b: 1 }),
      after: snap({ a: 0, b: 1 }),
      orderErrors: answers('a', { 500: 1, 0: 2 }),
    });
    expect(r.violations.map((v) => [v.kind, v.productId, v.count])).toEqual([
      ['oversell', 'b', 2],
      ['oversell', 'a', 1],
      ['lost_decrement', 'b', 3],
      ['lost_decrement', 'a', 1],
    ]);
    expect(r.notes).toEqual([
      'The inventory does not report an order count: the order count was not compared.',
      '1 order request got a server error (5xx); each is counted, and the stock reconciliation shows whether one changed anything.',
      '2 order requests got no answer (timeout, reset or stopped): the shop may have created such an order without the buyer knowing, which shows as an unexplained decrement or order.',
    ]);
    expect(r.mode).toBe('on');
    expect(r.checked).toBe(true);
    expect(r.inputs).toEqual({
      before: snap({ a: 0, b: 1 }),
      after: snap({ a: 0, b: 1 }),
      orderErrors: answers('a', { 500: 1, 0: 2 }),
    });
    expect(r.flashSale).toBeUndefined();
    expect(r.processing).toBeUndefined();
    expect(r.summary).toEqual({
      ordersAccepted: 4,
      unitsAccepted: 4,
      productsChecked: 2,
      ordersReadBack: 0,
      ordersCreated: null,
      orderAnswers: {
        attempts: 3,
        accepted: 0,
        outOfStock: 0,
        serverErrors: 1,
        noAnswer: 2,
        otherFailures: 0,
      },
    });
    expect(
      reconcileIntegrity({
        ledger: [],
        before: snap({}),
        after: snap({}),
        orderErrors: emptyTally(),
        mode: 'auto',
      }).mode,
    ).toBe('auto');
  });

  it('a skipped check says why and holds nothing', () => {
    expect(skippedIntegrity('auto', 'the inventory could not be read: 401')).toEqual({
      checked: false,
      mode: 'auto',
      skipped: 'the inventory could not be read: 401',
      violations: [],
      summary: {
        ordersAccepted: 0,
        unitsAccepted: 0,
        productsChecked: 0,
        ordersReadBack: 0,
        ordersCreated: null,
        orderAnswers: {
          attempts: 0,
          accepted: 0,
          outOfStock: 0,
          serverErrors: 0,
          noAnswer: 0,
          otherFailures: 0,
        },
      },
      products: [],
      notes: [],
    });
  });
});
