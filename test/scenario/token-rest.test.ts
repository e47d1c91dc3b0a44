import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { OrderFlowOptions } from '../../src/scenario/order-flow.js';
import { startTokenRestShop, type TokenRestShopOptions } from '../servers/token-rest-shop.js';
import { drive, TestRecorder, testFlow } from './support/test-recorder.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const example = new URL('../../src/scenario/examples/django-rest-token.yaml', import.meta.url).pathname;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(
  file: string,
  shopOptions: TokenRestShopOptions = {},
  extra: Partial<OrderFlowOptions> = {},
) {
  const shop = await startTokenRestShop(shopOptions);
  cleanups.push(() => shop.close());
  const recorder = new TestRecorder();
  const scenario = await loadScenarioFile(file);
  const factory = testFlow(cleanups, 7, { target: shop.url, scenario, recorder, ...extra });
  return { shop, recorder, factory };
}

describe('a Django-REST-like shop through a scenario file', () => {
  it('logs in with a token, echoes the CSRF cookie and places every order', async () => {
    const { shop, recorder, factory } = await setup(fixture('token-rest.yaml'));
    await drive(factory, 20, 2);
    expect(recorder.outcomes()).toEqual({ order_succeeded: 40 });
    expect(recorder.requests.every((r) => r.ok)).toBe(true);
    expect(recorder.step('login')).toHaveLength(20);
    expect(shop.orders).toHaveLength(40);
    expect([...shop.statuses.values()].flat().every((s) => s === 200)).toBe(true);
    for (const iteration of recorder.iterations) {
      const order = shop.orders.find((o) => o.number === iteration.order?.orderId);
      expect(order?.user).toBe(`load_test_user_${iteration.userIndex}`);
      expect(iteration.order?.items).toEqual(
        order?.lines.map((l) => ({ productId: String(l.pk), quantity: l.qty })),
      );
    }
  });

  it('runs the documented example (form-encoded login)', async () => {
    const { shop, recorder, factory } = await setup(example, {}, { itemsPerOrder: [2, 2], quantity: 3 });
    await drive(factory, 5, 1);
    expect(recorder.outcomes()).toEqual({ order_succeeded: 5 });
    expect(shop.formLogins).toBe(5);
    expect(shop.orders.every((o) => o.lines.length === 2 && o.lines.every((l) => l.qty === 3))).toBe(true);
  });

  it('reports the 403s of a scenario that forgets the CSRF header', async () => {
    const { recorder, factory } = await setup(fixture('token-rest-no-csrf.yaml'));
    await drive(factory, 3, 1);
    expect(recorder.outcomes()).toEqual({ cart_failed: 3 });
    const carts = recorder.step('cart');
    expect(carts.every((r) => r.status === 403 && r.errorKind === 'http_4xx')).toBe(true);
    expect(carts[0]!.errorDetail).toMatch(/^403 .*CSRF Failed/);
  });

  it('detects out of stock by status and body (422 insufficient stock), then refreshes the list', async () => {
    const { shop, recorder, factory } = await setup(fixture('token-rest.yaml'), { products: 2, stock: 5 });
    const shopper = factory.create(1);
    const signal = new AbortController().signal;
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    for (const id of shop.stock.keys()) shop.stock.set(id, 0); // sold out behind the shopper's back
    expect(await shopper.iterate(signal)).toBe('out_of_stock'); // from the cached list
    expect(recorder.step('order').at(-1)).toMatchObject({
      status: 422,
      ok: false,
      errorKind: 'out_of_stock',
    });
    expect(recorder.step('products')).toHaveLength(1);
    expect(await shopper.iterate(signal)).toBe('sold_out'); // refreshed: nothing left, no order sent
    expect(recorder.step('products')).toHaveLength(2);
  });

  it('keeps the ledger equal to the stock sold when shoppers compete', async () => {
    const { shop, recorder, factory } = await setup(
      fixture('token-rest.yaml'),
      { products: 6, stock: 1 },
      { itemsPerOrder: [1, 1] },
    );
    await drive(factory, 20, 1);
    const outcomes = recorder.outcomes();
    expect(outcomes.order_succeeded).toBe(shop.orders.length);
    expect((outcomes.order_succeeded ?? 0) + (outcomes.out_of_stock ?? 0) + (outcomes.sold_out ?? 0)).toBe(
      20,
    );
    expect(
      recorder.step('order').filter((r) => r.errorKind === 'out_of_stock' && r.status === 422),
    ).toHaveLength(outcomes.out_of_stock ?? 0);
    const sold = recorder.iterations.flatMap((i) => i.order?.items ?? []);
    expect(sold).toHaveLength(6 - [...shop.stock.values()].reduce((a, b) => a + b, 0));
  });
});
