import { afterEach, describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { OrderFlowOptions } from '../../src/scenario/order-flow.js';
import { createScenarioProbe } from '../../src/scenario/probe.js';
import { refusedPort, startSilentServer } from '../servers/faulty.js';
import { startReferenceFake } from '../servers/reference-shop-fake.js';
import { drive, TestRecorder, testFlow } from './support/test-recorder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function flow(target: string, recorder: TestRecorder, extra: Partial<OrderFlowOptions> = {}) {
  return testFlow(cleanups, 42, { target, scenario: defaultScenario(), recorder, ...extra });
}

describe('the default scenario against a fake of the reference contract', () => {
  it('drives 20 shoppers x 2 orders, records every request once and a matching ledger', async () => {
    const shop = await startReferenceFake({ products: 5, stock: 1000 });
    cleanups.push(() => shop.close());
    const recorder = new TestRecorder();
    await drive(flow(shop.url, recorder), 20, 2);

    expect(recorder.outcomes()).toEqual({ order_succeeded: 40 });
    expect(recorder.step('login')).toHaveLength(20);
    // Each shopper lists the products on its first iteration; the second uses the shared list.
    expect(recorder.step('products')).toHaveLength(20);
    expect(shop.hits.get('GET /api/products')).toBe(20);
    const carts = recorder.step('cart');
    expect(carts.length).toBeGreaterThanOrEqual(40);
    expect(carts.length).toBeLessThanOrEqual(80);
    expect(carts.every((r) => r.status === 201 && r.ok)).toBe(true);
    expect(recorder.step('order').every((r) => r.status === 201 && r.ok)).toBe(true);
    expect(recorder.requests.every((r) => r.latencyMs > 0 && typeof r.endedAt === 'number')).toBe(true);

    // The ledger is what the shop recorded.
    expect(shop.orders).toHaveLength(40);
    for (const iteration of recorder.iterations) {
      const order = shop.orders.find((o) => String(o.id) === iteration.order?.orderId);
      expect(order?.username).toBe(`load_test_user_${iteration.userIndex}`);
      const expected = order?.items.map((i) => ({ productId: String(i.productId), quantity: i.quantity }));
      expect(iteration.order?.items).toEqual(expected);
    }
  });

  it('counts out of stock apart, and its ledger matches the stock sold', async () => {
    const shop = await startReferenceFake({ products: 2, stock: 5 });
    cleanups.push(() => shop.close());
    const recorder = new TestRecorder();
    await drive(flow(shop.url, recorder, { itemsPerOrder: [1, 1] }), 10, 2);

    const outcomes = recorder.outcomes();
    expect(outcomes.out_of_stock).toBeGreaterThan(0);
    const refused = recorder.step('order').filter((r) => r.status === 409);
    expect(refused.length).toBe(outcomes.out_of_stock);
    expect(refused.every((r) => !r.ok && r.errorKind === 'out_of_stock')).toBe(true);
    const sold = new Map<string, number>();
    for (const i of recorder.iterations) {
      for (const line of i.order?.items ?? [])
        sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
    }
    for (const [id, left] of shop.stock) expect(sold.get(String(id)) ?? 0).toBe(5 - left);
    expect(shop.orders).toHaveLength(outcomes.order_succeeded ?? 0);
  });

  it('counts the lines a refused order left in the cart in the next accepted order', async () => {
    const shop = await startReferenceFake({ products: 2, stock: 5 });
    cleanups.push(() => shop.close());
    const recorder = new TestRecorder();
    const shopper = flow(shop.url, recorder, { itemsPerOrder: [1, 1], random: () => 0 }).create(1);
    const signal = new AbortController().signal;
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    shop.stock.set(1, 0);
    expect(await shopper.iterate(signal)).toBe('out_of_stock'); // the shop keeps product 1 in the cart
    shop.stock.set(1, 5);
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    expect(shop.orders.at(-1)?.items).toEqual([{ productId: 1, quantity: 2 }]);
    expect(recorder.iterations.at(-1)?.order?.items).toEqual([{ productId: '1', quantity: 2 }]);
    expect(recorder.step('products')).toHaveLength(2); // refreshed after the out-of-stock answer
  });

  it('logs in again after a 401', async () => {
    const shop = await startReferenceFake();
    cleanups.push(() => shop.close());
    const recorder = new TestRecorder();
    const shopper = flow(shop.url, recorder).create(7);
    const signal = new AbortController().signal;
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    shop.expireSessions();
    expect(await shopper.iterate(signal)).toBe('cart_failed');
    expect(recorder.step('cart').at(-1)).toMatchObject({ status: 401, ok: false, errorKind: 'http_4xx' });
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    expect(recorder.step('login')).toHaveLength(2);
  });

  it('keeps a cookie session with no configuration', async () => {
    const shop = await startReferenceFake();
    cleanups.push(() => shop.close());
    const recorder = new TestRecorder();
    const scenario = await loadScenarioFile(
      new URL('./fixtures/cookie-session.yaml', import.meta.url).pathname,
    );
    await drive(flow(shop.url, recorder, { scenario }), 5, 2);
    expect(recorder.outcomes()).toEqual({ order_succeeded: 10 });
    expect(recorder.step('login')).toHaveLength(5);
  });

  it('measures the first request and the flow from the intended start', async () => {
    const shop = await startReferenceFake();
    cleanups.push(() => shop.close());
    const recorder = new TestRecorder();
    const shopper = flow(shop.url, recorder).create(1);
    await shopper.iterate(new AbortController().signal, performance.now() - 500);
    expect(recorder.step('login')[0]!.latencyMs).toBeGreaterThanOrEqual(500);
    expect(recorder.step('products')[0]!.latencyMs).toBeLessThan(500);
    expect(recorder.iterations[0]!.latencyMs).toBeGreaterThanOrEqual(500);
  });

  it('reports target errors without throwing', async () => {
    const recorder = new TestRecorder();
    const shopper = flow(await refusedPort(), recorder).create(1);
    expect(await shopper.iterate(new AbortController().signal)).toBe('login_failed');
    expect(recorder.requests).toEqual([
      expect.objectContaining({ step: 'login', status: 0, ok: false, errorKind: 'connection_refused' }),
    ]);
    expect(recorder.outcomes()).toEqual({ login_failed: 1 });
  });

  it('records requests cut by the stop signal as aborted, and not the iteration', async () => {
    const silent = await startSilentServer();
    cleanups.push(() => silent.close());
    const recorder = new TestRecorder();
    const shopper = flow(silent.url, recorder, { timeoutMs: 10_000 }).create(1);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    await shopper.iterate(stop.signal);
    expect(recorder.requests).toEqual([
      expect.objectContaining({ step: 'login', ok: false, errorKind: 'aborted' }),
    ]);
    expect(recorder.iterations).toHaveLength(0);
  });

  it('gives the preflight single requests: a login and the in-stock products', async () => {
    const shop = await startReferenceFake({ products: 3, stockOverrides: { 2: 0 } });
    cleanups.push(() => shop.close());
    const probe = createScenarioProbe({
      target: shop.url,
      scenario: defaultScenario(),
      password: 'loadtest123',
      userPrefix: 'load_test_user_',
      timeoutMs: 2000,
    });
    cleanups.push(() => probe.close());
    expect(await probe.loginOnce(3)).toMatchObject({
      ok: true,
      status: 200,
      detail: 'logged in (200)',
      html: false,
    });
    const products = await probe.fetchProducts();
    expect(products.map((p) => p.id)).toEqual([1, 3]);
    expect(products[0]).toMatchObject({ id: 1, stock: 1000, name: 'Product 1' });

    const wrong = createScenarioProbe({
      target: shop.url,
      scenario: defaultScenario(),
      password: 'nope',
      userPrefix: 'load_test_user_',
      timeoutMs: 2000,
    });
    cleanups.push(() => wrong.close());
    const failed = await wrong.loginOnce(3);
    expect(failed).toMatchObject({ ok: false, status: 400 });
    expect(failed.detail).toMatch(/invalid credentials/);
  });
});
