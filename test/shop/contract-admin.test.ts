import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTestShop, type TestShop } from './helpers.js';

describe.each(ENGINES)('shop contract on %s: admin routes', (engine) => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop(engine, { adminToken: 'test-admin-token' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers 401 admin token required without the right X-Admin-Token', async () => {
    for (const admin of [undefined, 'wrong-token', '']) {
      const seed = await t.client.call('POST', '/admin/seed', {
        admin,
        json: { users: 1, products: 1, stock: 1, password: 'x' },
      });
      expect(seed.status).toBe(401);
      expect(seed.body).toEqual({ error: 'admin token required' });
      const inventory = await t.client.call('GET', '/admin/inventory', { admin });
      expect(inventory.status).toBe(401);
      expect(inventory.body).toEqual({ error: 'admin token required' });
    }
    expect(t.shop.adminToken).toBe('test-admin-token');
  });

  it('seeds users and products and reports what it created', async () => {
    const reply = await t.client.seed({ users: 5, products: 4, stock: 7, password: 'first' });
    expect(reply.body).toEqual({
      users: 5,
      products: 4,
      stock: 7,
      createdUsers: 5,
      createdProducts: 4,
      elapsedMs: expect.any(Number),
    });
    await t.client.login('load_test_user_4', 'first');
    const products = await t.client.call('GET', '/api/products');
    expect(products.body.map((p: { id: number; name: string }) => [p.id, p.name])).toEqual([
      [1, 'Product 0'],
      [2, 'Product 1'],
      [3, 'Product 2'],
      [4, 'Product 3'],
    ]);
  });

  it('is idempotent: a second identical call changes nothing, stock is kept without resetStock', async () => {
    const token = await t.client.login('load_test_user_0', 'first');
    expect((await t.client.addToCart(token, 1, 2)).status).toBe(201);
    expect((await t.client.order(token)).status).toBe(201);
    const again = await t.client.seed({ users: 5, products: 4, stock: 7, password: 'first' });
    expect(again.body).toMatchObject({ createdUsers: 0, createdProducts: 0 });
    // the old session and password still work, the sold units stay sold
    expect((await t.client.call('GET', '/api/orders/1', { token })).status).toBe(200);
    await t.client.login('load_test_user_0', 'first');
    expect((await t.client.inventory()).products[0]).toEqual({ id: 1, stock: 5 });
  });

  it('empties the carts of the seeded accounts, so a refused order leaves nothing for the next run', async () => {
    const token = await t.client.login('load_test_user_1', 'first');
    expect((await t.client.addToCart(token, 2, 1)).status).toBe(201);
    await t.client.seed({ users: 5, products: 4, stock: 7, password: 'first' });
    const order = await t.client.order(token);
    expect(order.status).toBe(400);
    expect(order.body).toEqual({ error: 'cart is empty' });
  });

  it('resets stock only when resetStock is true, and extends the batch', async () => {
    const reply = await t.client.seed({
      users: 6,
      products: 5,
      stock: 9,
      password: 'first',
      resetStock: true,
    });
    expect(reply.body).toMatchObject({ createdUsers: 1, createdProducts: 1 });
    expect((await t.client.inventory()).products).toEqual([1, 2, 3, 4, 5].map((id) => ({ id, stock: 9 })));
  });

  it("a new password updates the batch's hash", async () => {
    await t.client.seed({ users: 6, products: 0, stock: 0, password: 'second' });
    const old = await t.client.call('POST', '/api/auth/login', {
      json: { username: 'load_test_user_3', password: 'first' },
    });
    expect(old.status).toBe(400);
    await t.client.login('load_test_user_3', 'second');
    await t.client.login('load_test_user_5', 'second');
  });

  it('honours userPrefix', async () => {
    const reply = await t.client.seed({
      users: 2,
      products: 0,
      stock: 0,
      password: 'p',
      userPrefix: 'bench_',
    });
    expect(reply.body.createdUsers).toBe(2);
    await t.client.login('bench_1', 'p');
  });

  it('answers 400 for a bad seed body', async () => {
    for (const json of [
      {},
      { users: -1, products: 1, stock: 1, password: 'x' },
      { users: 1.5, products: 1, stock: 1, password: 'x' },
      { users: 1, products: 1, stock: 1, password: '' },
      { users: 1, products: 1, stock: 1 },
      { users: 1, products: 1, stock: 1, password: 'x', resetStock: 'yes' },
      { users: 1, products: 1, stock: 1, password: 'x', userPrefix: 'bad prefix' },
      { users: 1, products: 1, stock: 1, password: 'x', price: -3 },
    ]) {
      const reply = await t.client.call('POST', '/admin/seed', { admin: true, json });
      expect(reply.status, JSON.stringify(json)).toBe(400);
      expect(reply.body.error).toEqual(expect.any(String));
    }
  });

  it('GET /admin/inventory reports stock, orders, units and orders by status', async () => {
    const reply = await t.client.call('GET', '/admin/inventory', { admin: true });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      products: [1, 2, 3, 4, 5].map((id) => ({ id, stock: 9 })),
      orders: 1,
      unitsOrdered: 2,
      ordersByStatus: { pending: expect.any(Number), processed: expect.any(Number) },
    });
    expect(reply.body.ordersByStatus.pending + reply.body.ordersByStatus.processed).toBe(1);
  });
});
