import { describe, expect, it } from 'vitest';
import type { AcceptedOrder } from '../../src/engine/types.js';
import { reconcileIntegrity } from '../../src/reconcile/reconcile.js';
import { emptyTally, mergeTallies, recordAttempt } from '../../src/reconcile/tally.js';
import type { OrderAttemptTally } from '../../src/results/integrity-types.js';
import { order, snap } from './support/integrity-fixtures.js';

/** A tally as the flow would make it: `accepted` orders of one unit of `product`, then other answers. */
function tally(
  product: string,
  answers: { accepted?: number; outOfStock?: number; status5xx?: number; none?: number },
) {
  const t = emptyTally();
  const items = [{ productId: product, quantity: 1 }];
  const add = (n: number | undefined, outcome: 'accepted' | 'out_of_stock' | 'failed', status: number) => {
    for (let i = 0; i < (n ?? 0); i++)
      recordAttempt(t, {
        userIndex: i,
        items,
        status,
        outcome,
        endedAt: 0,
        ...(outcome === 'accepted' ? { orderId: String(i) } : {}),
      });
  };
  add(answers.accepted, 'accepted', 201);
  add(answers.outOfStock, 'out_of_stock', 409);
  add(answers.status5xx, 'failed', 500);
  add(answers.none, 'failed', 0);
  return t;
}

const ledgerOf = (n: number, product = '1'): AcceptedOrder[] =>
  Array.from({ length: n }, (_, i) => order(String(i + 1), [[product, 1]], i));

describe('reconcileIntegrity (pure)', () => {
  it('is clean when the stock went down by exactly the units accepted and the orders are all there', () => {
    const ledger = [
      order(
        '1',
        [
          ['1', 1],
          ['2', 1],
        ],
        1,
      ),
      order('2', [['2', 2]], 2),
    ];
    const orderErrors = emptyTally();
    for (const o of ledger)
      recordAttempt(orderErrors, {
        userIndex: o.userIndex,
        items: o.items,
        status: 201,
        outcome: 'accepted',
        orderId: o.orderId,
        endedAt: 0,
      });
    const report = reconcileIntegrity({
      ledger,
      before: snap({ 1: 10, 2: 10, 3: 10 }, 5, 7),
      after: snap({ 1: 9, 2: 7, 3: 10 }, 7, 11),
      orderErrors,
      readBack: {
        ledgerOrders: 2,
        limit: 1000,
        sampled: false,
        orders: [
          {
            orderId: '1',
            status: 200,
            found: true,
            items: [
              { productId: '2', quantity: 1 },
              { productId: '1', quantity: 1 },
            ],
          },
          { orderId: '2', status: 200, found: true, items: [{ productId: '2', quantity: 2 }] },
        ],
      },
    });
    expect(report.violations).toEqual([]);
    expect(report.checked).toBe(true);
    expect(report.summary).toMatchObject({
      ordersAccepted: 2,
      unitsAccepted: 4,
      productsChecked: 3,
      ordersReadBack: 2,
      ordersCreated: 2,
    });
    expect(report.products.map((p) => p.productId).sort()).toEqual(['1', '2']);
    expect(report.inputs?.before.products).toHaveLength(3);
  });

  it('reports a lost update (the --race oversell) with the product id and the exact excess', () => {
    // 100 units, 400 orders accepted, the stock only went down to 97: the classic lost update.
    const report = reconcileIntegrity({
      ledger: ledgerOf(400),
      before: snap({ 1: 100 }, 0, 0),
      after: snap({ 1: 97 }, 400, 400),
      orderErrors: tally('1', { accepted: 400, outOfStock: 600 }),
      options: { flashSale: { productId: '1' } },
    });
    const kinds = report.violations.map((v) => v.kind);
    expect(kinds[0]).toBe('oversell');
    expect(report.violations[0]).toMatchObject({ productId: '1', count: 300, expected: 100, actual: 400 });
    expect(report.violations[0]!.message).toContain('product 1: oversold by 300');
    expect(report.violations.find((v) => v.kind === 'lost_decrement')).toMatchObject({
      productId: '1',
      count: 397,
    });
    expect(report.violations.find((v) => v.kind === 'flash_sale_accepted')).toMatchObject({
      expected: 100,
      actual: 400,
    });
    expect(report.violations.find((v) => v.kind === 'flash_sale_final_stock')).toMatchObject({
      expected: 0,
      actual: 97,
    });
    expect(report.flashSale).toMatchObject({
      demand: 1000,
      expectedAccepted: 100,
      accepted: 400,
      unclean: 0,
    });
  });

  it('reports negative stock and a decrement without an accepted order', () => {
    const report = reconcileIntegrity({
      ledger: ledgerOf(3),
      before: snap({ 1: 2, 2: 5 }),
      after: snap({ 1: -1, 2: 3 }),
      orderErrors: tally('1', { accepted: 3 }),
    });
    const byKind = Object.fromEntries(report.violations.map((v) => [v.kind, v]));
    expect(byKind.negative_stock).toMatchObject({ productId: '1', count: 1, actual: -1 });
    expect(byKind.oversell).toMatchObject({ productId: '1', count: 1 });
    expect(byKind.phantom_decrement).toMatchObject({ productId: '2', count: 2 });
    expect(report.notes.join(' ')).toContain('order count was not compared');
  });

  it('reports accepted orders that the shop lost, cannot read back, or holds with other items', () => {
    const ledger = ledgerOf(3);
    const report = reconcileIntegrity({
      ledger,
      before: snap({ 1: 10 }, 0),
      after: snap({ 1: 7 }, 2),
      orderErrors: tally('1', { accepted: 3 }),
      readBack: {
        ledgerOrders: 3,
        limit: 2,
        sampled: true,
        orders: [
          { orderId: '1', status: 404, found: false, detail: 'order not found' },
          { orderId: '2', status: 200, found: true, items: [{ productId: '1', quantity: 2 }] },
          { orderId: '3', status: 503, found: false },
        ],
      },
    });
    const byKind = Object.fromEntries(report.violations.map((v) => [v.kind, v]));
    expect(byKind.order_missing).toMatchObject({ count: 1, orderIds: ['1'] });
    expect(byKind.order_mismatch!.message).toBe(
      'order 2: read back with 2× product 1, but 1× product 1 was ordered (lines left in the cart by an earlier run?)',
    );
    expect(byKind.order_count).toMatchObject({ count: 1, expected: 3, actual: 2 });
    expect(report.notes.join(' ')).toMatch(/random sample of 3 of the 3|could not be read back/);
  });

  it('counts 5xx answers: not a violation while stock remains, a violation for a product that sold out', () => {
    const fine = reconcileIntegrity({
      ledger: ledgerOf(8),
      before: snap({ 1: 100 }),
      after: snap({ 1: 92 }),
      orderErrors: tally('1', { accepted: 8, status5xx: 2 }),
    });
    expect(fine.violations).toEqual([]);
    expect(fine.summary.orderAnswers).toMatchObject({ attempts: 10, accepted: 8, serverErrors: 2 });
    expect(fine.notes.join(' ')).toContain('2 order requests got a server error (5xx)');

    const soldOut = reconcileIntegrity({
      ledger: ledgerOf(8),
      before: snap({ 1: 8 }),
      after: snap({ 1: 0 }),
      orderErrors: tally('1', { accepted: 8, outOfStock: 5, status5xx: 2 }),
    });
    expect(soldOut.violations).toEqual([
      expect.objectContaining({ kind: 'server_error_on_contention', productId: '1', count: 2 }),
    ]);
  });

  it('checks a flash sale: exactly min(stock, demand) accepted, the rest clean, the final stock', () => {
    const clean = reconcileIntegrity({
      ledger: ledgerOf(100),
      before: snap({ 1: 100 }, 0, 0),
      after: snap({ 1: 0 }, 100, 100),
      orderErrors: tally('1', { accepted: 100, outOfStock: 900 }),
      options: { flashSale: { productId: '1' } },
    });
    expect(clean.violations).toEqual([]);
    expect(clean.flashSale).toEqual({
      productId: '1',
      stockBefore: 100,
      demand: 1000,
      expectedAccepted: 100,
      accepted: 100,
      outOfStock: 900,
      unclean: 0,
      stockAfter: 0,
      expectedStockAfter: 0,
    });
    const unclean = reconcileIntegrity({
      ledger: ledgerOf(100),
      before: snap({ 1: 100 }),
      after: snap({ 1: 0 }),
      orderErrors: tally('1', { accepted: 100, outOfStock: 880, status5xx: 15, none: 5 }),
      options: { flashSale: { productId: '1' } },
    });
    expect(unclean.violations.map((v) => v.kind)).toEqual(['flash_sale_unclean']);
    expect(unclean.violations[0]!.message).toContain(
      '20 of 900 refused orders were not a clean out-of-stock (5xx: 15, no answer: 5)',
    );
  });

  it('turns orders that never reached the processed status into a violation', () => {
    const report = reconcileIntegrity({
      ledger: ledgerOf(2),
      before: snap({ 1: 5 }),
      after: snap({ 1: 3 }),
      orderErrors: tally('1', { accepted: 2 }),
      processing: {
        processedStatus: 'processed',
        waitLimitMs: 1000,
        waitedMs: 1000,
        polled: 2,
        processed: 1,
        notProcessed: ['2'],
        notProcessedCount: 1,
        timing: 'server',
        histogram: '',
        latencyMs: { min: 1, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1 },
      },
    });
    expect(report.violations).toEqual([
      expect.objectContaining({ kind: 'not_processed', count: 1, orderIds: ['2'] }),
    ]);
    expect(report.processing?.processed).toBe(1);
  });

  it('reconciles merged shards once from their summed tallies and concatenated ledgers', () => {
    const a: OrderAttemptTally = tally('1', { accepted: 3, outOfStock: 1 });
    const b: OrderAttemptTally = tally('1', { accepted: 2, status5xx: 1 });
    const merged = mergeTallies([a, b]);
    expect(merged).toMatchObject({ attempts: 7, accepted: 5, outOfStock: 1, serverErrors: 1 });
    expect(merged.byProduct['1']).toMatchObject({ attempts: 7, accepted: 5 });
    const report = reconcileIntegrity({
      ledger: [...ledgerOf(3), ...ledgerOf(2).map((o) => ({ ...o, orderId: `b${o.orderId}` }))],
      before: snap({ 1: 10 }),
      after: snap({ 1: 5 }),
      orderErrors: merged,
    });
    expect(report.violations).toEqual([]);
  });
});
