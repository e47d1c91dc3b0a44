import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestShop, type TestShop } from './helpers.js';

describe('--fail-rate 1.0', () => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop('pglite', { failRate: 1 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers every order creation 500 injected failure and changes nothing', async () => {
    await t.client.seed({ users: 1, products: 1, stock: 3, password: 'pw' });
    const token = await t.client.login('load_test_user_0', 'pw');
    expect((await t.client.addToCart(token, 1, 2)).status).toBe(201);
    for (let i = 0; i < 3; i += 1) {
      const reply = await t.client.order(token);
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual({ error: 'injected failure' });
    }
    const inv = await t.client.inventory();
    expect(inv).toEqual({
      products: [{ id: 1, stock: 3 }],
      orders: 0,
      unitsOrdered: 0,
      ordersByStatus: { pending: 0, processed: 0 },
    });
    // other routes are unaffected; the cart is intact (adding again sums to 3)
    expect((await t.client.addToCart(token, 1, 1)).body).toEqual({ productId: 1, quantity: 3 });
  });
});

describe('--fail-rate 0.5', () => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop('pglite', { failRate: 0.5 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('fails some order creations and lets others through', async () => {
    await t.client.seed({ users: 1, products: 1, stock: 1000, password: 'pw' });
    const token = await t.client.login('load_test_user_0', 'pw');
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      await t.client.addToCart(token, 1, 1);
      statuses.push((await t.client.order(token)).status);
    }
    // P(all 40 the same) = 2 * 0.5^40: negligible.
    expect(statuses).toContain(500);
    expect(statuses).toContain(201);
    const inv = await t.client.inventory();
    expect(inv.orders).toBe(statuses.filter((s) => s === 201).length);
  });
});

describe('--inject-latency-ms', () => {
  const latencyMs = 300;
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop('pglite', { injectLatencyMs: latencyMs });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('makes order creation take at least that much longer', async () => {
    await t.client.seed({ users: 1, products: 1, stock: 5, password: 'pw' });
    const token = await t.client.login('load_test_user_0', 'pw');
    expect((await t.client.addToCart(token, 1, 1)).status).toBe(201);
    const reply = await t.client.order(token);
    expect(reply.status).toBe(201);
    expect(reply.ms).toBeGreaterThanOrEqual(latencyMs);
  });
});
