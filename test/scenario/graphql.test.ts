import { afterEach, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import type { OrderFlowOptions } from '../../src/scenario/order-flow.js';
import { type GraphqlShopOptions, startGraphqlShop } from '../servers/graphql-shop.js';
import { drive, TestRecorder, testFlow } from './support/test-recorder.js';

const scenarioFile = new URL('./fixtures/graphql-shop.yaml', import.meta.url).pathname;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function setup(shopOptions: GraphqlShopOptions = {}, extra: Partial<OrderFlowOptions> = {}) {
  const shop = await startGraphqlShop(shopOptions);
  cleanups.push(() => shop.close());
  const recorder = new TestRecorder();
  const scenario = await loadScenarioFile(scenarioFile);
  const factory = testFlow(cleanups, 3, { target: shop.url, scenario, recorder, ...extra });
  return { shop, recorder, factory };
}

describe('a GraphQL shop through a scenario file', () => {
  it('places every order, with string ids and Int quantities', async () => {
    const { shop, recorder, factory } = await setup();
    await drive(factory, 20, 2);
    expect(recorder.outcomes()).toEqual({ order_succeeded: 40 });
    expect(recorder.requests.every((r) => r.ok && r.status === 200)).toBe(true);
    expect(shop.orders).toHaveLength(40);
    for (const iteration of recorder.iterations) {
      const order = shop.orders.find((o) => o.id === iteration.order?.orderId);
      expect(order?.user).toBe(`load_test_user_${iteration.userIndex}`);
      expect(iteration.order?.items).toEqual(order?.items);
    }
  });

  it('detects out of stock from the body of a 200', async () => {
    const { shop, recorder, factory } = await setup();
    const shopper = factory.create(1);
    const signal = new AbortController().signal;
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    for (const id of shop.stock.keys()) shop.stock.set(id, 0);
    expect(await shopper.iterate(signal)).toBe('out_of_stock');
    const refused = recorder.step('order').at(-1);
    expect(refused).toMatchObject({ status: 200, ok: false, errorKind: 'out_of_stock' });
    expect(refused?.errorDetail).toMatch(/OUT_OF_STOCK/);
  });

  it('keeps the ledger equal to the stock sold when shoppers compete', async () => {
    const { shop, recorder, factory } = await setup({ products: 4, stock: 2 }, { itemsPerOrder: [1, 1] });
    await drive(factory, 20, 1);
    const outcomes = recorder.outcomes();
    expect(outcomes.order_succeeded).toBe(shop.orders.length);
    expect((outcomes.order_succeeded ?? 0) + (outcomes.out_of_stock ?? 0) + (outcomes.sold_out ?? 0)).toBe(
      20,
    );
    const refused = recorder.step('order').filter((r) => !r.ok);
    // Whether a shopper is refused at the order (it listed a product another then sold out) or
    // finds nothing to buy (sold out, no order sent) depends on timing; that every shopper who did not
    // buy is one or the other does not.
    expect(refused).toHaveLength(outcomes.out_of_stock ?? 0);
    expect(refused.length + (outcomes.sold_out ?? 0)).toBe(20 - shop.orders.length);
    expect(refused.every((r) => r.status === 200 && r.errorKind === 'out_of_stock')).toBe(true);
    const sold = recorder.iterations.flatMap((i) => i.order?.items ?? []);
    expect(sold).toHaveLength(8 - [...shop.stock.values()].reduce((a, b) => a + b, 0));
  });

  it('skips sold-out products on its side (inStockFilter) and reports an empty list', async () => {
    const { recorder, factory } = await setup({ products: 2, stock: 0 });
    await drive(factory, 2, 1);
    expect(recorder.outcomes()).toEqual({ sold_out: 2 }); // no order sent
    expect(recorder.step('cart')).toHaveLength(0);
  });

  it('treats UNAUTHENTICATED in the body as an expired session', async () => {
    const { shop, recorder, factory } = await setup();
    const shopper = factory.create(1);
    const signal = new AbortController().signal;
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    shop.expireSessions();
    expect(await shopper.iterate(signal)).toBe('cart_failed');
    expect(recorder.step('cart').at(-1)).toMatchObject({
      status: 200,
      ok: false,
      errorKind: 'invalid_response',
    });
    expect(await shopper.iterate(signal)).toBe('order_succeeded');
    expect(recorder.step('login')).toHaveLength(2);
  });
});
