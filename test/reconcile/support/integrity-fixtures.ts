/** Builders of the reconciliation's inputs, shared by the reconcile*.test.ts files. */
import type { AcceptedOrder } from '../../../src/engine/types.js';
import { emptyTally, recordAttempt } from '../../../src/reconcile/tally.js';
import type { InventorySnapshot, OrderAttemptTally } from '../../../src/results/integrity-types.js';

export const snap = (
  stock: Record<string, number>,
  orders?: number,
  unitsOrdered?: number,
): InventorySnapshot => ({
  takenAt: '2025-01-01T00:00:00.000Z',
  products: Object.entries(stock).map(([id, s]) => ({ id, stock: s })),
  ...(orders !== undefined ? { orders } : {}),
  ...(unitsOrdered !== undefined ? { unitsOrdered } : {}),
});

export const order = (orderId: string, items: [string, number][], userIndex = 0): AcceptedOrder => ({
  orderId,
  userIndex,
  items: items.map(([productId, quantity]) => ({ productId, quantity })),
});
export const ledgerOf = (n: number, product = '1', quantity = 1): AcceptedOrder[] =>
  Array.from({ length: n }, (_, i) => order(String(i + 1), [[product, quantity]]));

/** Answers for `product`: status 201 accepted, 409 out of stock, else failed. */
export function answers(product: string, statuses: Record<number, number>): OrderAttemptTally {
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
