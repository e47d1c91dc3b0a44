import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, startTestShop, type TestShop } from './helpers.js';

describe.each(ENGINES)('shop contract on %s: bad input never crashes the shop', (engine) => {
  let t: TestShop;
  let token: string;
  beforeAll(async () => {
    t = await startTestShop(engine);
    await t.client.seed({ users: 1, products: 1, stock: 5, password: 'pw' });
    token = await t.client.login('load_test_user_0', 'pw');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers 404 JSON for unknown routes', async () => {
    for (const path of ['/', '/api', '/api/unknown', '/api/orders/1/items', '/admin']) {
      const reply = await t.client.call('GET', path);
      expect(reply.status, path).toBe(404);
      expect(reply.body).toEqual({ error: 'not found' });
    }
  });

  it('answers 405 JSON with Allow for a wrong method', async () => {
    const cases: ['GET' | 'POST' | 'PUT' | 'DELETE', string, string][] = [
      ['GET', '/api/auth/login', 'POST'],
      ['POST', '/api/products', 'GET'],
      ['DELETE', '/api/orders/1', 'GET'],
      ['PUT', '/api/cart/items', 'POST'],
      ['GET', '/admin/seed', 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const reply = await t.client.call(method, path);
      expect(reply.status, `${method} ${path}`).toBe(405);
      expect(reply.body.error).toEqual(expect.any(String));
      expect(reply.headers.allow).toBe(allow);
    }
  });

  it('answers 400 for malformed JSON', async () => {
    for (const raw of ['{', '{"productId": 1,}', 'not json', '{"a":1}}']) {
      const reply = await t.client.call('POST', '/api/cart/items', {
        token,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(reply.status, raw).toBe(400);
      expect(reply.body.error).toEqual(expect.any(String));
    }
  });

  it('answers 400 for JSON of the wrong shape', async () => {
    for (const json of [null, [], 42, 'text', { productId: null, quantity: null }]) {
      const reply = await t.client.call('POST', '/api/cart/items', { token, json });
      expect(reply.status, JSON.stringify(json)).toBe(400);
    }
  });

  it('answers 415 for a body that is not JSON', async () => {
    const reply = await t.client.call('POST', '/api/auth/login', {
      raw: 'username=a&password=b',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(415);
    expect(reply.body.error).toMatch(/application\/json/);
  });

  it('answers 413 for a body over 64 KiB', async () => {
    const big = JSON.stringify({ username: 'x'.repeat(70 * 1024), password: 'y' });
    const reply = await t.client.call('POST', '/api/auth/login', {
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error).toEqual(expect.any(String));
    // streamed without a content-length: cut off once it passes the limit
    const chunked = await t.client.call('POST', '/api/auth/login', {
      raw: Readable.from([Buffer.alloc(40 * 1024, 0x20), Buffer.alloc(40 * 1024, 0x20)]),
      headers: { 'content-type': 'application/json' },
    });
    expect(chunked.status).toBe(413);
  });

  it('answers 400 for a malformed order body, before creating anything', async () => {
    expect((await t.client.addToCart(token, 1, 1)).status).toBe(201);
    const reply = await t.client.call('POST', '/api/orders', {
      token,
      raw: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(400);
    const inv = await t.client.inventory();
    expect(inv).toMatchObject({ orders: 0, unitsOrdered: 0, products: [{ id: 1, stock: 5 }] });
  });

  it('keeps serving after all of that', async () => {
    expect((await t.client.call('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await t.client.order(token)).status).toBe(201);
    expect(t.log.lines.filter((l) => l.startsWith('error:'))).toEqual([]);
  });
});
