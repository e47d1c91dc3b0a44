import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { RunResults } from '../../src/results/results.js';
import { runRound } from '../../src/round/run-round.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { captureIo } from '../support/capture.js';
import { readInventory } from '../support/inventory.js';

const TOKEN = 'cli-test-admin-token';

const inventory = (url: string) => readInventory(url, TOKEN);

describe('order-load-gate run against the reference shop (embedded PostgreSQL)', () => {
  let shop: RunningShop;
  let dir: string;

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 5 });
    dir = await mkdtemp(join(tmpdir(), 'olg-cli-'));
  });
  afterAll(async () => {
    await shop?.close();
  });

  it('300 users -> 300 attempts, 300 successes, stock decreased by exactly the units ordered', async () => {
    const io = captureIo();
    const out = join(dir, 'results.json');
    // Seed first (through the CLI), then read the inventory, then run.
    expect(
      await runCli(
        [
          'seed',
          '--target',
          shop.url,
          '--admin-token',
          TOKEN,
          '--users',
          '300',
          '--products',
          '20',
          '--stock',
          '1000',
        ],
        io,
      ),
    ).toBe(0);
    const before = await inventory(shop.url);
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--users',
        '300',
        '--spawn-rate',
        '300',
        '--out',
        out,
        '--threshold',
        'success_rate>=1',
      ],
      io,
    );
    expect(io.err()).not.toMatch(/error:/);
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
    expect(results.schemaVersion).toBe(1);
    expect(results.orders).toMatchObject({ attempted: 300, succeeded: 300, failed: 0 });
    expect(results.successRate).toBe(1);
    expect(results.steps.login.count).toBe(300);
    expect(results.steps.order.count).toBe(300);
    expect(results.ledger).toHaveLength(300);
    expect(new Set(results.ledger.map((o) => o.userIndex)).size).toBe(300);

    const after = await inventory(shop.url);
    const unitsInLedger = results.ledger.reduce((n, o) => n + o.items.reduce((m, i) => m + i.quantity, 0), 0);
    const stockBefore = before.products.reduce((n, p) => n + p.stock, 0);
    const stockAfter = after.products.reduce((n, p) => n + p.stock, 0);
    expect(stockBefore - stockAfter).toBe(unitsInLedger);
    expect(after.orders - before.orders).toBe(300);
    expect(io.out()).toContain('Order Concurrency Test Results');
  });

  it('stops with a seeding hint instead of sending failing logins when the users are missing', async () => {
    const io = captureIo();
    const code = await runCli(['run', '--target', shop.url, '--users', '10', '--user-prefix', 'nobody_'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/seed/i);
    expect(io.err()).toContain('nobody_0');
  });

  it('exits 2 when the target is down, and 1 when a threshold fails', async () => {
    const io = captureIo();
    expect(await runCli(['run', '--target', 'http://127.0.0.1:9', '--users', '1'], io)).toBe(2);
    expect(io.err()).toMatch(/OLG_ERR_TARGET_UNAVAILABLE/);
    const io2 = captureIo();
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--users',
        '5',
        '--spawn-rate',
        '100',
        '--threshold',
        'order.p95<0.001ms',
      ],
      io2,
    );
    expect(code).toBe(1);
    expect(io2.out()).toMatch(/order\.p95/);
  });

  it('follows a staged shape, as the timeline shows', async () => {
    const out = join(dir, 'staged.json');
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--stages',
        '1s:10,2s:30,3s:30',
        '--think-time',
        '50ms-100ms',
        '--out',
        out,
      ],
      captureIo(),
    );
    expect(code).toBe(0);
    const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
    const users = results.timeline.map((p) => p.users);
    // second 0 ramps towards 10, second 2 holds 30
    expect(users[0]).toBeLessThanOrEqual(10);
    expect(users[2]).toBe(30);
    expect(Math.max(...users)).toBe(30);
    expect(results.orders.attempted).toBeGreaterThan(30);
  });

  it('runs the own seeding script of the user first (--seed-command), with the target in its environment', async () => {
    const script =
      `fetch(process.env.ORDER_LOAD_GATE_TARGET + '/admin/seed', { method: 'POST', ` +
      `headers: { 'content-type': 'application/json', 'x-admin-token': '${TOKEN}' }, ` +
      `body: JSON.stringify({ users: Number(process.env.ORDER_LOAD_GATE_USERS), products: 3, stock: 500, ` +
      `password: process.env.ORDER_LOAD_GATE_PASSWORD, userPrefix: process.env.ORDER_LOAD_GATE_USER_PREFIX }) })` +
      `.then((r) => { console.log('seeded', r.status); process.exit(r.ok ? 0 : 1); })`;
    const io = captureIo();
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--users',
        '7',
        '--spawn-rate',
        '100',
        '--user-prefix',
        'script_user_',
        '--seed-command',
        `"${process.execPath}" -e "${script.replace(/"/g, '\\"')}"`,
      ],
      io,
    );
    expect(io.err()).not.toMatch(/error:/);
    expect(code).toBe(0);
    expect(io.out()).toContain('[seed] seeded 200');
    expect(io.out()).toContain('Total order attempts: 7');
  });

  it('writes the results so far when the run is stopped midway (Ctrl-C)', async () => {
    const out = join(dir, 'stopped.json');
    const settings = resolveRunSettings({
      target: shop.url,
      users: '300',
      spawnRate: '20',
      out,
      progress: 'off',
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1500);
    const outcome = await runRound(settings, createMemoryLogger(), { signal: controller.signal });
    expect(outcome.endedBy).toBe('stopped');
    const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
    expect(results.interrupted).toMatch(/stopped/);
    expect(results.orders.attempted).toBeGreaterThan(5);
    expect(results.orders.attempted).toBeLessThan(300);
  });
});
