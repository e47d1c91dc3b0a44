/** The tally of order answers: which counter each answer goes to, per product once, and sums. */
import { describe, expect, it } from 'vitest';
import {
  classifyAttempt,
  emptyTally,
  mergeTallies,
  recordAttempt,
  totals,
} from '../../src/reconcile/tally.js';
import type { OrderAttempt } from '../../src/scenario/order-attempt.js';

function attempt(outcome: OrderAttempt['outcome'], status: number, products: string[] = ['1']): OrderAttempt {
  return {
    userIndex: 0,
    items: products.map((productId) => ({ productId, quantity: 1 })),
    status,
    outcome,
    endedAt: 0,
  };
}

describe('classifyAttempt', () => {
  it.each([
    ['accepted', 201, 'accepted'],
    ['accepted', 500, 'accepted'], // the flow's outcome decides first
    ['out_of_stock', 409, 'outOfStock'],
    ['out_of_stock', 200, 'outOfStock'],
    ['failed', 500, 'serverErrors'],
    ['failed', 503, 'serverErrors'],
    ['failed', 499, 'otherFailures'],
    ['failed', 0, 'noAnswer'],
    ['failed', 400, 'otherFailures'],
    ['failed', 200, 'otherFailures'],
  ] as const)('%s with status %d: %s', (outcome, status, key) => {
    expect(classifyAttempt({ outcome, status })).toBe(key);
  });
});

describe('recordAttempt and mergeTallies', () => {
  it('counts an answer in the totals and once per product it asked for', () => {
    const t = emptyTally();
    recordAttempt(t, attempt('accepted', 201, ['1', '2', '1']));
    recordAttempt(t, attempt('failed', 0, ['2']));
    recordAttempt(t, attempt('out_of_stock', 409, ['3']));
    expect(totals(t)).toEqual({
      attempts: 3,
      accepted: 1,
      outOfStock: 1,
      serverErrors: 0,
      noAnswer: 1,
      otherFailures: 0,
    });
    expect(t.byProduct).toEqual({
      '1': { attempts: 1, accepted: 1, outOfStock: 0, serverErrors: 0, noAnswer: 0, otherFailures: 0 },
      '2': { attempts: 2, accepted: 1, outOfStock: 0, serverErrors: 0, noAnswer: 1, otherFailures: 0 },
      '3': { attempts: 1, accepted: 0, outOfStock: 1, serverErrors: 0, noAnswer: 0, otherFailures: 0 },
    });
    expect('byProduct' in totals(t)).toBe(false);
  });

  it('sums every counter of every tally, in total and per product', () => {
    const a = emptyTally();
    const b = emptyTally();
    recordAttempt(a, attempt('accepted', 201, ['1']));
    recordAttempt(a, attempt('failed', 502, ['1']));
    recordAttempt(b, attempt('failed', 404, ['1', '2']));
    recordAttempt(b, attempt('out_of_stock', 409, ['2']));
    recordAttempt(b, attempt('failed', 0, ['2']));
    const m = mergeTallies([a, b]);
    expect(totals(m)).toEqual({
      attempts: 5,
      accepted: 1,
      outOfStock: 1,
      serverErrors: 1,
      noAnswer: 1,
      otherFailures: 1,
    });
    expect(m.byProduct['1']).toEqual({
      attempts: 3,
      accepted: 1,
      outOfStock: 0,
      serverErrors: 1,
      noAnswer: 0,
      otherFailures: 1,
    });
    expect(m.byProduct['2']).toEqual({
      attempts: 3,
      accepted: 0,
      outOfStock: 1,
      serverErrors: 0,
      noAnswer: 1,
      otherFailures: 1,
    });
    // the inputs are left as they were
    expect(a.attempts).toBe(2);
    expect(b.byProduct['1']!.attempts).toBe(1);
    expect(mergeTallies([])).toEqual(emptyTally());
  });
});
