/**
 * The reconciliation at its edges, server errors, the flash sale, processing and the report: every violation
 * pinned whole (kind, counts, message): the message is what a person reads in the PR comment, the
 * numbers are what a tool reads.
 */
import { describe, expect, it } from 'vitest';
import { reconcileIntegrity, skippedIntegrity } from '../../src/reconcile/reconcile.js';
import { emptyCounts, emptyTally } from '../../src/reconcile/tally.js';
import type { ProcessingObservations } from '../../src/results/integrity-types.js';
import { answers, ledgerOf, order, snap } from './support/integrity-fixtures.js';

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
