import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RunResults } from '../../src/results/results.js';
import { type RunningShop, type ShopOptions, startShop } from '../../src/shop/index.js';
import { captureIo } from '../support/capture.js';
import { readInventory } from '../support/inventory.js';
import { createTestDatabase } from '../support/postgres.js';

/**
 * The integrity check end to end: the CLI against the reference shop on a real PostgreSQL server,
 * correct, with the --race fault (a lost update: it oversells) and with --fail-rate 0.2.
 */
const TOKEN = 'integrity-admin-token';

const inventory = (url: string) => readInventory(url, TOKEN);

interface ShopUnderTest {
  shop: RunningShop;
  stop(): Promise<void>;
}

async function startPgShop(options: ShopOptions = {}): Promise<ShopUnderTest> {
  const db = await createTestDatabase('integrity');
  const shop = await startShop({
    port: 0,
    adminToken: TOKEN,
    databaseUrl: db.url,
    kdfCost: 4,
    processingDelayMs: 2,
    workers: 4,
    ...options,
  });
  return {
    shop,
    async stop() {
      await shop.close();
      await db.drop();
    },
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'olg-integrity-'));
});

async function run(url: string, name: string, args: string[]) {
  const io = captureIo();
  const out = join(dir, `${name}.json`);
  const code = await runCli(
    ['run', '--target', url, '--admin-token', TOKEN, '--seed', '--progress', 'off', '--out', out, ...args],
    io,
  );
  const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
  return { code, results, out: io.out(), err: io.err() };
}

/** 300 buyers on 20 products of 1,000 units: nothing sells out. */
const NORMAL_RUN = ['--users', '300', '--spawn-rate', '600', '--seed-products', '20', '--seed-stock', '1000'];
const FLASH_SALE = ['--profile', 'flash-sale', '--stock', '100', '--users', '1000', '--spawn-rate', '2000'];

describe('integrity against the reference shop on PostgreSQL', () => {
  let t: ShopUnderTest;
  beforeAll(async () => {
    t = await startPgShop();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a normal run is clean: stock, order count, every order read back and processed', async () => {
    const r = await run(t.shop.url, 'normal', [...NORMAL_RUN, '--wait-processed', '30s']);
    expect(r.err).not.toMatch(/error:/);
    expect(r.code).toBe(0);
    const integrity = r.results.integrity!;
    expect(integrity.checked).toBe(true);
    expect(integrity.violations).toEqual([]);
    expect(integrity.summary).toMatchObject({ ordersAccepted: 300, ordersReadBack: 300, ordersCreated: 300 });
    expect(integrity.summary.unitsAccepted).toBe(r.results.ledger.reduce((n, o) => n + o.items.length, 0));
    expect(integrity.processing).toMatchObject({ processed: 300, notProcessedCount: 0, timing: 'server' });
    expect(integrity.processing!.latencyMs.max).toBeGreaterThan(0);
    expect(integrity.inputs?.before.products).toHaveLength(20);
    expect(r.out).toMatch(/Integrity: clean/);
    expect(r.out).toMatch(/Processing: +all 300 "processed" after/);
  });

  it('a flash sale (100 units, 1000 buyers at once) is clean: exactly 100 accepted, 900 clean out-of-stock', async () => {
    const r = await run(t.shop.url, 'flash-clean', FLASH_SALE);
    expect(r.code, r.err).toBe(0);
    const integrity = r.results.integrity!;
    expect(integrity.violations).toEqual([]);
    expect(integrity.flashSale).toMatchObject({
      productId: '1',
      stockBefore: 100,
      demand: 1000,
      accepted: 100,
      outOfStock: 900,
      unclean: 0,
      stockAfter: 0,
      expectedStockAfter: 0,
    });
    expect(r.results.orders).toMatchObject({ attempted: 1000, succeeded: 100, outOfStock: 900 });
    expect(r.results.steps.order.statusCodes).toEqual({ '201': 100, '409': 900 });
    expect((await inventory(t.shop.url)).products.find((p) => p.id === 1)?.stock).toBe(0);
  });

  it('a flash sale of 0 units (--stock 0): every order is refused cleanly, none accepted', async () => {
    const r = await run(t.shop.url, 'flash-zero', [
      '--profile',
      'flash-sale',
      '--stock',
      '0',
      '--users',
      '50',
      '--spawn-rate',
      '500',
    ]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.results.orders).toMatchObject({ attempted: 50, succeeded: 0, outOfStock: 50 });
    expect(r.results.integrity?.violations).toEqual([]);
    expect(r.results.integrity?.flashSale).toMatchObject({
      productId: '1',
      stockBefore: 0,
      accepted: 0,
      stockAfter: 0,
    });
    expect(r.results.steps.order.statusCodes).toEqual({ '409': 50 });
  });
});

describe('a flash sale of 0 units on a shop with nothing else in stock', () => {
  let t: ShopUnderTest;
  beforeAll(async () => {
    t = await startPgShop();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the preflight expects nothing in stock; every order is refused cleanly', async () => {
    const r = await run(t.shop.url, 'flash-zero-alone', [
      '--profile',
      'flash-sale',
      '--stock',
      '0',
      '--users',
      '20',
    ]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(
      /Flash sale of 0 units: nothing is in stock, so every order must be refused cleanly/,
    );
    expect(r.results.orders).toMatchObject({ attempted: 20, succeeded: 0, outOfStock: 20 });
    expect(r.results.integrity?.violations).toEqual([]);
  });
});

describe('integrity against the --race shop on PostgreSQL', () => {
  let t: ShopUnderTest;
  beforeAll(async () => {
    t = await startPgShop({ race: true });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('reports the flash sale oversell with the product id and the exact excess, in each of 3 runs', {
    timeout: 180_000,
  }, async () => {
    for (let i = 0; i < 3; i++) {
      const before = await inventory(t.shop.url);
      // Fresh buyers each time: a refused order leaves the unit in the buyer's cart.
      const r = await run(t.shop.url, `race-${i}`, [...FLASH_SALE, '--user-prefix', `race${i}_`]);
      const after = await inventory(t.shop.url);
      const sold = after.unitsOrdered - before.unitsOrdered;
      expect(sold, 'the race shop sold more than it had').toBeGreaterThan(100);
      expect(r.code).toBe(1);
      const integrity = r.results.integrity!;
      expect(integrity.violations[0]).toMatchObject({
        kind: 'oversell',
        productId: '1',
        count: sold - 100,
        expected: 100,
        actual: sold,
      });
      expect(integrity.flashSale).toMatchObject({ accepted: sold, expectedAccepted: 100 });
      expect(r.out).toContain(`[oversell] product 1: oversold by ${sold - 100}`);
    }
  });
});

describe('integrity against the shop with --fail-rate 0.2 on PostgreSQL', () => {
  let t: ShopUnderTest;
  beforeAll(async () => {
    t = await startPgShop({ failRate: 0.2 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('counts and reports the 5xx answers, and the ledger still reconciles', async () => {
    const r = await run(t.shop.url, 'fail-rate', NORMAL_RUN);
    const integrity = r.results.integrity!;
    const answers = integrity.summary.orderAnswers;
    expect(answers.serverErrors).toBeGreaterThan(20);
    expect(answers.serverErrors).toBe(r.results.steps.order.statusCodes['500']);
    expect(answers.accepted).toBe(300 - answers.serverErrors);
    expect(integrity.violations).toEqual([]);
    expect(integrity.summary).toMatchObject({
      ordersAccepted: answers.accepted,
      ordersCreated: answers.accepted,
    });
    expect(integrity.notes.join(' ')).toContain(
      `${answers.serverErrors} order requests got a server error (5xx)`,
    );
    expect(r.out).toMatch(
      /Answers: +300 order requests: \d+ accepted, 0 clean out-of-stock, \d+ server errors \(5xx\)/,
    );
    expect(r.code).toBe(0);
  });
});
