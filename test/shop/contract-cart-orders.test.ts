import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, eventually, startTestShop, type TestShop } from './helpers.js';

describe.each(ENGINES)('shop contract on %s: cart and orders', (engine) => {
  let t: TestShop;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    t = await startTestShop(engine);
    await t.client.seed({ users: 4, products: 3, stock: 10, password: 'pw', price: 2.5 });
    alice = await t.client.login('load_test_user_0', 'pw');
    bob = await t.client.login('load_test_user_1', 'pw');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('POST /api/cart/items answers 401 without a valid token', async () => {
    const none = await t.client.call('POST', '/api/cart/items', { json: { productId: 1, quantity: 1 } });
    expect(none.status).toBe(401);
    expect(none.body.error).toEqual(expect.any(String));
    const bad = await t.client.call('POST', '/api/cart/items', {
      token: 'not-a-token',
      json: { productId: 1, quantity: 1 },
    });
    expect(bad.status).toBe(401);
    const basic = await t.client.call('POST', '/api/cart/items', {
      headers: { authorization: 'Basic abc' },
      json: { productId: 1, quantity: 1 },
    });
    expect(basic.status).toBe(401);
  });

  it('answers 404 for an unknown product', async () => {
    const reply = await t.client.addToCart(alice, 999, 1);
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual(expect.any(String));
  });

  it('answers 400 for a bad quantity or product id', async () => {
    for (const json of [
      { productId: 1, quantity: 0 },
      { productId: 1, quantity: 1001 },
      { productId: 1, quantity: 1.5 },
      { productId: 1, quantity: '2' },
      { productId: 1, quantity: -1 },
      { productId: 1 },
      { productId: 'one', quantity: 1 },
      { productId: 1.5, quantity: 1 },
      { quantity: 1 },
    ]) {
      const reply = await t.client.call('POST', '/api/cart/items', { token: alice, json });
      expect(reply.status, JSON.stringify(json)).toBe(400);
      expect(reply.body.error).toEqual(expect.any(String));
    }
  });

  it('adds items with 201; adding the same product twice adds quantities', async () => {
    const first = await t.client.addToCart(alice, 1, 2);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ productId: 1, quantity: 2 });
    const second = await t.client.addToCart(alice, 1, 3);
    expect(second.status).toBe(201);
    expect(second.body).toEqual({ productId: 1, quantity: 5 });
    expect((await t.client.addToCart(alice, 2, 1)).status).toBe(201);
  });

  it('POST /api/orders answers 401 without a token', async () => {
    expect((await t.client.order('nope')).status).toBe(401);
    expect((await t.client.call('POST', '/api/orders')).status).toBe(401);
  });

  it('creates an order from the cart: 201 pending with the total, stock decremented, cart emptied', async () => {
    const reply = await t.client.order(alice);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.any(Number), status: 'pending', total: 15 });
    const inv = await t.client.inventory();
    expect(inv.products).toEqual([
      { id: 1, stock: 5 },
      { id: 2, stock: 9 },
      { id: 3, stock: 10 },
    ]);
    const again = await t.client.order(alice);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'cart is empty' });
  });

  it('GET /api/orders/:id shows the caller its own order, processed by the worker', async () => {
    const created = await t.client.order(await cartWith(t, bob, 3, 1));
    expect(created.status).toBe(201);
    const path = `/api/orders/${created.body.id}`;
    const pending = await t.client.call('GET', path, { token: bob });
    expect(pending.status).toBe(200);
    expect(pending.body).toMatchObject({
      id: created.body.id,
      total: 2.5,
      items: [{ productId: 3, quantity: 1, price: 2.5 }],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    await eventually(
      async () => (await t.client.call('GET', path, { token: bob })).body.status === 'processed',
    );
    const done = await t.client.call('GET', path, { token: bob });
    expect(done.body.processedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
    expect(Date.parse(done.body.processedAt)).toBeGreaterThanOrEqual(Date.parse(done.body.createdAt));
  });

  it("answers 404 for someone else's order, an unknown id or a malformed id", async () => {
    const created = await t.client.order(await cartWith(t, bob, 3, 1));
    expect(created.status).toBe(201);
    const other = await t.client.call('GET', `/api/orders/${created.body.id}`, { token: alice });
    expect(other.status).toBe(404);
    expect(other.body.error).toEqual(expect.any(String));
    for (const id of ['999999', 'abc', '0', '-1', '99999999999999']) {
      const reply = await t.client.call('GET', `/api/orders/${id}`, { token: alice });
      expect(reply.status, id).toBe(404);
    }
    expect((await t.client.call('GET', `/api/orders/${created.body.id}`)).status).toBe(401);
  });

  it('answers 409 out of stock and changes nothing (stock, cart, orders)', async () => {
    const carol = await t.client.login('load_test_user_2', 'pw');
    const before = await t.client.inventory();
    expect((await t.client.addToCart(carol, 2, 1)).status).toBe(201);
    expect((await t.client.addToCart(carol, 1, 6)).status).toBe(201); // only 5 left
    const reply = await t.client.order(carol);
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ error: 'out of stock', productId: 1 });
    const after = await t.client.inventory();
    expect(after.products).toEqual(before.products);
    expect(after.orders).toBe(before.orders);
    expect(after.unitsOrdered).toBe(before.unitsOrdered);
    // The rollback kept the cart: once stock is reset, the same cart orders fine.
    await t.client.seed({ users: 0, products: 3, stock: 10, password: 'pw', resetStock: true });
    const retry = await t.client.order(carol);
    expect(retry.status).toBe(201);
    expect(retry.body.total).toBe(17.5);
  });
});

async function cartWith(t: TestShop, token: string, productId: number, quantity: number): Promise<string> {
  const reply = await t.client.addToCart(token, productId, quantity);
  if (reply.status !== 201) throw new Error(`add to cart failed: ${reply.status}`);
  return token;
}
