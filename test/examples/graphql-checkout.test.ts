/**
 * examples/graphql-checkout end to end on loopback: the CLI drives the example's scenario file
 * against test/servers/graphql-checkout-shop.ts, a Vendure-like GraphQL shop (session token in a
 * header, nested variants with stock words, four checkout mutations, the payment creates the
 * order, server faults as top-level `errors` at HTTP 200). Every step is counted; the integrity
 * check reads stock (computed over two fields) and orders back through GraphQL POSTs.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { parseProducts } from '../../src/scenario/products.js';
import {
  type GraphqlCheckoutShopOptions,
  startGraphqlCheckoutShop,
} from '../servers/graphql-checkout-shop.js';
import { captureIo } from '../support/capture.js';
import { runCheckout } from './checkout-run.js';

const SCENARIO = join(new URL('../../examples/graphql-checkout/', import.meta.url).pathname, 'scenario.yaml');
const ENV = { VENDURE_LOAD_PASSWORD: 'vendure-pw' };
const CHECKOUT = ['shipping address', 'shipping methods', 'shipping method', 'arranging payment'];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function run(
  options: GraphqlCheckoutShopOptions,
  users: number,
  iterations: number,
  extra: string[] = [],
) {
  const shop = await startGraphqlCheckoutShop(options);
  cleanups.push(() => shop.close());
  const args = ['--admin-token', shop.adminToken, '--users', String(users), '--spawn-rate', '1000'];
  return {
    shop,
    ...(await runCheckout(shop.url, SCENARIO, [...args, '--iterations', String(iterations), ...extra], ENV)),
  };
}

describe('the GraphQL checkout example', () => {
  it('counts every step end to end; orders, stock and read-back agree with the shop', async () => {
    const { shop, code, results, text, html, markdown, step } = await run(
      { leftoverCarts: ['shopper_100', 'shopper_101'] },
      8,
      3,
    );
    expect(code, text).toBe(0);
    expect(results.orders).toEqual({ attempted: 24, succeeded: 24, failed: 0, outOfStock: 0 });
    expect(results.flowSteps?.map((s) => s.name)).toEqual([
      'login',
      'browse',
      'add item',
      ...CHECKOUT,
      'payment',
      'remove all lines',
    ]);
    for (const name of CHECKOUT) {
      expect(step(name).count, name).toBe(24);
      expect(step(name).failures, name).toBe(0);
      expect(step(name).latencyMs.max, name).toBeGreaterThan(0);
    }
    expect(step('payment').count).toBe(24);
    expect(shop.operations.get('AddPayment')).toBe(24);
    expect(shop.operations.get('SetShippingMethod')).toBe(24);
    // Logged in once each as shopper_100.., and each emptied its left-over order first.
    expect(step('login').count).toBe(8);
    expect(step('remove all lines').count).toBe(8);
    expect(new Set(shop.orders.map((o) => o.user))).toEqual(
      new Set([...Array(8).keys()].map((i) => `shopper_${100 + i}`)),
    );
    expect(results.ledger.map((o) => o.orderId).sort()).toEqual(shop.orders.map((o) => o.code).sort());
    // Every variant was offered (stock words mapped), not only each product's first.
    const ordered = new Set(results.ledger.flatMap((o) => o.items.map((i) => i.productId)));
    expect([...ordered].some((id) => Number(id) % 2 === 0)).toBe(true);
    expect(results.integrity?.checked).toBe(true);
    expect(results.integrity?.violations).toEqual([]);
    for (const name of ['shipping address (cart)', 'arranging payment (cart)', 'payment (order)']) {
      expect(text).toContain(`\n${name} `);
      expect(html).toContain(`<td>${name}</td>`);
      expect(markdown).toContain(`| ${name} | 24 | 0 |`);
    }
  });

  it('counts top-level GraphQL errors as server errors, in the tally and the integrity answers', async () => {
    const { code, results, text, step } = await run({ deadlockEvery: 5 }, 10, 1);
    expect(code, text).toBe(0);
    expect(step('payment').count).toBe(10);
    expect(step('payment').errors).toEqual({ http_5xx: 2 });
    expect(results.steps.order.errors.http_5xx).toBe(2);
    expect(results.orders).toEqual({ attempted: 10, succeeded: 8, failed: 2, outOfStock: 0 });
    expect(results.integrity?.summary.orderAnswers.serverErrors).toBe(2);
    expect(text).toMatch(/0 clean out-of-stock, 2 server errors \(5xx\)/);
    const sample = results.errorSamples.find((s) => s.name === 'payment');
    expect(sample).toMatchObject({ step: 'order', kind: 'http_5xx', status: 200, count: 2 });
    expect(sample?.detail).toMatch(/deadlock detected/);
  });

  it('a sold-out variant (OUT_OF_STOCK) is never offered; an unknown stock word is an error', async () => {
    const shop = await startGraphqlCheckoutShop({ products: 2, stock: 0 });
    cleanups.push(() => shop.close());
    const io = captureIo(ENV);
    const args = ['run', '--target', shop.url, '--scenario', SCENARIO, '--users', '2', '--progress', 'off'];
    // Nothing is in stock: the preflight stops the run before any load, and says so.
    expect(await runCli(args, io)).toBe(2);
    expect(io.out() + io.err()).toMatch(/No product is in stock/);
    expect(shop.operations.get('AddItemToOrder')).toBeUndefined();

    const compiled = compileScenario(await loadScenarioFile(SCENARIO));
    const doc = (stockLevel: string) => ({
      data: {
        products: {
          items: [
            {
              id: '1',
              variants: [
                { id: '1', stockLevel: 'IN_STOCK' },
                { id: '2', stockLevel },
              ],
            },
          ],
        },
      },
    });
    expect(parseProducts(compiled, doc('OUT_OF_STOCK'))).toEqual([{ id: '1', stock: null }]);
    expect(parseProducts(compiled, doc('BACKORDER'))).toBe(
      'product 2: the stock at stockLevel is "BACKORDER", not a number or one of IN_STOCK, LOW_STOCK, OUT_OF_STOCK',
    );
  });
});
