import { describe, expect, it } from 'vitest';
import { OrderLedger } from '../../src/engine/order-ledger.js';
import type { AcceptedOrder } from '../../src/engine/types.js';

describe('OrderLedger', () => {
  it('gives back exactly the orders added, in order, across many chunks', () => {
    const ledger = new OrderLedger();
    const added: AcceptedOrder[] = [];
    for (let i = 0; i < 10_000; i++) {
      const items =
        i % 3 === 0
          ? [{ productId: `p${i % 7}`, quantity: 1 }]
          : i % 3 === 1
            ? [
                { productId: `p${i % 5}`, quantity: 2 },
                { productId: 'p-big', quantity: 100_000 },
              ]
            : [];
      const order = { orderId: `order-${i}`, userIndex: i % 1000, items };
      added.push(structuredClone(order));
      ledger.add(order);
    }
    expect(ledger.length).toBe(10_000);
    expect(ledger.orders()).toEqual(added);
  });

  it('is empty at first', () => {
    expect(new OrderLedger().orders()).toEqual([]);
  });
});
