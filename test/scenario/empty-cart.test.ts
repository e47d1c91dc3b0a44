import { afterEach, describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/load.js';
import { readFields, sendJson, serve } from '../servers/http-kit.js';
import { TestRecorder, testFlow } from './support/test-recorder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A shop that keeps the cart when it refuses an order, and refuses each user's first order. */
async function keepingShop() {
  const carts = new Map<string, string[]>();
  const refused = new Set<string>();
  const orders: { user: string; lines: string[] }[] = [];
  let deletes = 0;
  const shop = await serve(async (req, res) => {
    const user = String(req.headers['x-user'] ?? '');
    if (req.url === '/login') return sendJson(res, 200, { ok: true });
    if (req.url === '/products') return sendJson(res, 200, [{ id: 'p1', stock: 100 }]);
    if (req.url === '/cart' && req.method === 'POST') {
      const fields = await readFields(req);
      carts.set(user, [...(carts.get(user) ?? []), String(fields?.id)]);
      return sendJson(res, 201, {});
    }
    if (req.url === '/cart' && req.method === 'DELETE') {
      deletes++;
      carts.delete(user);
      return sendJson(res, 204, {});
    }
    if (req.url === '/orders') {
      if (!refused.has(user)) {
        refused.add(user);
        return sendJson(res, 409, { detail: 'insufficient stock' });
      }
      orders.push({ user, lines: carts.get(user) ?? [] });
      carts.delete(user);
      return sendJson(res, 201, { id: `o${orders.length}` });
    }
    return sendJson(res, 404, {});
  });
  cleanups.push(() => shop.close());
  return { shop, orders, deletes: () => deletes };
}

const scenario = (emptyCart: boolean) =>
  parseScenario(
    {
      headers: { 'X-User': '{{username}}' },
      login: { path: '/login', body: { u: '{{username}}' } },
      products: { path: '/products', fields: { id: 'id', stock: 'stock' } },
      addToCart: { path: '/cart', body: { id: '{{productId}}' } },
      order: { path: '/orders', orderId: 'id', outOfStock: { status: [409] }, keepsCartOnFailure: true },
      ...(emptyCart ? { emptyCart: { method: 'DELETE', path: '/cart' } } : {}),
    },
    'keeping.yaml',
  );

describe('emptyCart: the step after a refused order', () => {
  it('empties the kept cart, so the next order holds only its own line (ledger = shop)', async () => {
    const { shop, orders, deletes } = await keepingShop();
    const recorder = new TestRecorder();
    const flow = testFlow(cleanups, 3, {
      target: shop.url,
      scenario: scenario(true),
      recorder,
      itemsPerOrder: [1, 1],
    });
    const shopper = flow.create(1);
    const signal = new AbortController().signal;
    expect(await shopper.iterate(signal)).toBe('out_of_stock');
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    expect(deletes()).toBe(1);
    expect(orders).toEqual([{ user: 'load_test_user_1', lines: ['p1'] }]);
    expect(recorder.iterations.at(-1)?.order?.items).toEqual([{ productId: 'p1', quantity: 1 }]);
    expect(recorder.step('cart').map((r) => r.status)).toEqual([201, 204, 201]);
  });

  it('without it, a kept cart’s line goes into the next order, and the ledger says so too', async () => {
    const { shop, orders, deletes } = await keepingShop();
    const recorder = new TestRecorder();
    const flow = testFlow(cleanups, 3, {
      target: shop.url,
      scenario: scenario(false),
      recorder,
      itemsPerOrder: [1, 1],
    });
    const shopper = flow.create(1);
    const signal = new AbortController().signal;
    await shopper.iterate(signal);
    await shopper.iterate(signal);
    expect(deletes()).toBe(0);
    expect(orders[0]?.lines).toEqual(['p1', 'p1']);
    expect(recorder.iterations.at(-1)?.order?.items).toEqual([{ productId: 'p1', quantity: 2 }]);
  });
});
