import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTestShop, type TestShop } from './helpers.js';

describe.each(ENGINES)('shop contract on %s: health, login, products', (engine) => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop(engine);
    await t.client.seed({ users: 3, products: 2, stock: 1, password: 'secret-pw' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('GET /health answers 200 {"status":"ok"} once ready', async () => {
    const reply = await t.client.call('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok' });
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
  });

  it('POST /api/auth/login returns an opaque token for good credentials', async () => {
    const reply = await t.client.call('POST', '/api/auth/login', {
      json: { username: 'load_test_user_0', password: 'secret-pw' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ token: expect.any(String) });
    expect(reply.body.token.length).toBeGreaterThanOrEqual(32);
  });

  it('each login makes a new session token', async () => {
    const a = await t.client.login('load_test_user_1', 'secret-pw');
    const b = await t.client.login('load_test_user_1', 'secret-pw');
    expect(a).not.toBe(b);
  });

  it('answers 400 invalid credentials for a wrong password or an unknown user', async () => {
    for (const json of [
      { username: 'load_test_user_0', password: 'wrong' },
      { username: 'nobody', password: 'secret-pw' },
    ]) {
      const reply = await t.client.call('POST', '/api/auth/login', { json });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: 'invalid credentials' });
    }
  });

  it('answers 400 for missing or mistyped login fields', async () => {
    for (const json of [
      {},
      { username: 'load_test_user_0' },
      { username: 1, password: 'x' },
      ['a'],
      'text',
    ]) {
      const reply = await t.client.call('POST', '/api/auth/login', { json });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toEqual(expect.any(String));
    }
    const empty = await t.client.call('POST', '/api/auth/login');
    expect(empty.status).toBe(400);
  });

  it('GET /api/products lists all products with integer ids', async () => {
    const reply = await t.client.call('GET', '/api/products');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      { id: 1, name: 'Product 0', price: 9.99, stock: 1 },
      { id: 2, name: 'Product 1', price: 9.99, stock: 1 },
    ]);
  });

  it('GET /api/products?in_stock=true leaves out sold-out products', async () => {
    const token = await t.client.login('load_test_user_2', 'secret-pw');
    expect((await t.client.addToCart(token, 2, 1)).status).toBe(201);
    expect((await t.client.order(token)).status).toBe(201);
    const inStock = await t.client.call('GET', '/api/products?in_stock=true');
    expect(inStock.status).toBe(200);
    expect(inStock.body.map((p: { id: number }) => p.id)).toEqual([1]);
    const all = await t.client.call('GET', '/api/products');
    expect(all.body.map((p: { id: number; stock: number }) => [p.id, p.stock])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it('answers 400 for a bad in_stock value', async () => {
    const reply = await t.client.call('GET', '/api/products?in_stock=maybe');
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/in_stock/);
  });
});
