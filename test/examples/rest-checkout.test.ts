/**
 * examples/rest-checkout end to end on loopback: the CLI drives the example's scenario file against
 * test/servers/rest-checkout-shop.ts (login, browse nested variants with computed stock, add to
 * cart, four checkout steps passing captured values on, confirm), and every step's count and
 * latency line must match what the shop saw, in results.json, the terminal, the HTML report and
 * the markdown summary.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { type RestCheckoutShopOptions, startRestCheckoutShop } from '../servers/rest-checkout-shop.js';
import { captureIo } from '../support/capture.js';
import { runCheckout } from './checkout-run.js';

const SCENARIO = join(new URL('../../examples/rest-checkout/', import.meta.url).pathname, 'scenario.yaml');
const STEPS = [
  'login',
  'browse',
  'add to cart',
  'address',
  'shipping methods',
  'shipping',
  'payment',
  'confirm',
  'empty cart',
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function run(
  options: RestCheckoutShopOptions,
  users = 10,
  iterations = 3,
  scenario = SCENARIO,
  extra: string[] = [],
) {
  const shop = await startRestCheckoutShop(options);
  cleanups.push(() => shop.close());
  const args = ['--admin-token', shop.adminToken, '--users', String(users), '--spawn-rate', '1000'];
  const run = await runCheckout(shop.url, scenario, [...args, '--iterations', String(iterations), ...extra]);
  return { shop, ...run };
}

/** The example without its reset section (next to a copy of its accounts file). */
async function withoutReset(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'olg-rest-'));
  await copyFile(join(dirname(SCENARIO), 'accounts.csv'), join(dir, 'accounts.csv'));
  const text = await readFile(SCENARIO, 'utf8');
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, text.replace(/\nreset:\n( {2}.*\n)+/, '\n'));
  return file;
}

describe('the REST checkout example', () => {
  it('counts every step end to end, each with its own latency line in every report', async () => {
    const { shop, code, results, text, html, markdown, step } = await run(
      { leftoverCarts: ['alice', 'bob', 'carol'] },
      10,
      3,
      SCENARIO,
      [
        '--wait-processed',
        '10s',
        '--threshold',
        'step[payment].failures==0',
        '--csv',
        join(await mkdtemp(join(tmpdir(), 'olg-csv-')), 'rest'),
      ],
    );
    expect(code, text).toBe(0);
    expect(results.orders).toEqual({ attempted: 30, succeeded: 30, failed: 0, outOfStock: 0 });
    expect(results.flowSteps?.map((s) => s.name)).toEqual(STEPS);
    // Each checkout step once per order, as the shop counted it.
    for (const [name, route] of [
      ['address', 'PUT /api/checkout/address'],
      ['shipping methods', 'GET /api/checkout/shipping-methods'],
      ['shipping', 'PUT /api/checkout/shipping'],
      ['payment', 'POST /api/checkout/payment'],
      ['confirm', 'POST /api/checkout/confirm'],
    ] as const) {
      expect(step(name).count, name).toBe(30);
      expect(shop.hits.get(route), route).toBe(30);
      expect(step(name).failures).toBe(0);
      expect(step(name).latencyMs.max, name).toBeGreaterThan(0);
    }
    const lines = results.ledger.reduce((n, o) => n + o.items.length, 0);
    expect(step('add to cart').count).toBe(lines);
    expect(shop.hits.get('POST /api/cart/lines')).toBe(lines);
    expect(step('login').count).toBe(10);
    // Checkout steps count in the cart phase; the order phase is the confirmation alone.
    expect(results.steps.cart.count).toBe(lines + 4 * 30);
    expect(results.steps.order.count).toBe(30);
    // Carts left by an earlier run were emptied by the reset: the ledger is what the shop sold.
    expect(results.ledger.map((o) => o.orderId).sort()).toEqual(shop.orders.map((o) => o.number).sort());
    for (const order of shop.orders) {
      const entry = results.ledger.find((o) => o.orderId === order.number);
      expect(entry?.items).toEqual(order.lines.map((l) => ({ productId: l.sku, quantity: l.quantity })));
    }
    expect(results.integrity?.checked).toBe(true);
    expect(results.integrity?.violations).toEqual([]);
    expect(text).toMatch(/PASS +step\[payment\]\.failures==0 +0/);
    expect(text + html + markdown).not.toContain('checkout-pw');
    // Orders end in either state: both count as processed, read back by the buyer's session.
    expect(results.integrity?.processing, JSON.stringify(results.integrity?.notes)).toMatchObject({
      processed: 30,
      notProcessedCount: 0,
    });
    expect(results.integrity?.summary.ordersReadBack).toBe(30);
    // Every variant is on offer, not only each product's first.
    const skus = new Set(results.ledger.flatMap((o) => o.items.map((i) => i.productId)));
    expect([...skus].some((s) => s.endsWith('-v2'))).toBe(true);
    // Locust's CSV has a line per named step, with its method.
    const statsCsv = /Locust CSV files written: (\S+_stats\.csv)/.exec(text)?.[1];
    const csvLines = (await readFile(statsCsv ?? '', 'utf8')).split('\n');
    for (const line of ['PUT,address,30,0,', 'GET,shipping methods,30,0,', 'POST,confirm,30,0,']) {
      expect(
        csvLines.some((l) => l.startsWith(line)),
        line,
      ).toBe(true);
    }
    for (const name of ['address (cart)', 'shipping methods (cart)', 'payment (cart)', 'confirm (order)']) {
      expect(text).toMatch(new RegExp(`\\n${name.replace(/[()]/g, '\\$&')} +30 +0 `));
      expect(html).toContain(`<td>${name}</td>`);
      expect(markdown).toContain(`| ${name} | 30 | 0 |`);
    }
  });

  it('counts a server error in a 200 body as a 5xx and names the failing step', async () => {
    const { code, results, text, step } = await run({ deadlockEvery: 4 }, 8, 2);
    expect(code, text).toBe(0);
    const payment = step('payment');
    expect(payment.count).toBe(16);
    expect(payment.failures).toBe(4);
    expect(payment.errors).toEqual({ http_5xx: 4 });
    expect(payment.statusCodes).toEqual({ '200': 16 });
    expect(results.steps.cart.errors.http_5xx).toBe(4);
    expect(step('confirm').count).toBe(12);
    expect(results.orders.succeeded).toBe(12);
    expect(results.noOrder.cartFailed).toBe(4);
    const sample = results.errorSamples.find((s) => s.kind === 'http_5xx');
    expect(sample).toMatchObject({ step: 'cart', name: 'payment', status: 200, count: 4 });
    expect(sample?.detail).toMatch(/server error in the answer: .*DEADLOCK/);
    expect(text).toMatch(/payment \(cart\) http_5xx 200 x4: 200 server error in the answer/);
    expect(results.integrity?.violations).toEqual([]);
  });

  it('without the reset, lines left in carts by an earlier run show up in the integrity check', async () => {
    const { code, results } = await run({ leftoverCarts: ['alice'] }, 2, 1, await withoutReset());
    expect(code).toBe(1);
    const mismatch = results.integrity?.violations.find((v) => v.kind === 'order_mismatch');
    expect(mismatch?.message).toMatch(/lines left in the cart by an earlier run/);
  });

  it('a reset the shop refuses stops the run before any load, naming the request', async () => {
    const shop = await startRestCheckoutShop({});
    cleanups.push(() => shop.close());
    const io = captureIo();
    const args = [
      'run',
      '--target',
      shop.url,
      '--scenario',
      SCENARIO,
      '--admin-token',
      'wrong',
      '--progress',
      'off',
    ];
    expect(await runCli(args, io)).toBe(2);
    expect(io.out() + io.err()).toMatch(
      /the scenario's reset \(POST \/admin\/reset-carts\) answered 403, not a success: .*FORBIDDEN/,
    );
    expect(shop.hits.get('POST /api/login')).toBeUndefined();
  });
});
