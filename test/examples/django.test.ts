/**
 * The Django example (examples/django) end to end on this machine: Debian's Django, DRF, Celery,
 * gunicorn and redis-server, the tests' PostgreSQL. The CLI seeds it with the example's own
 * manage.py command, runs 200 ordering users through the example's scenario file, and its counts
 * must equal the shop's own statistics; with SHOP_RACY_ORDERS=1 the lost updates are caught and
 * the run fails. When the packages are missing the test fails and says what to install.
 * Here the test starts gunicorn and Celery itself (startDjangoShop) and runs the CLI in-process;
 * django-action.test.ts runs the bundled action with the example's serve.sh as its start-command.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RunResults } from '../../src/results/results.js';
import { captureIo } from '../support/capture.js';
import { DJANGO_DIR, type DjangoShop, startDjangoShop } from '../support/django-shop.js';

const PASSWORD = 'django-example-pw';
const SCENARIO = join(DJANGO_DIR, 'scenario.yaml');

describe('the Django example shop (gunicorn, Celery on Redis, PostgreSQL) through its scenario file', () => {
  let shop: DjangoShop;
  let dir: string;

  beforeAll(async () => {
    shop = await startDjangoShop();
    dir = await mkdtemp(join(tmpdir(), 'olg-django-'));
  }, 90_000);
  afterAll(async () => {
    await shop?.close();
  }, 30_000);

  async function run(name: string, args: string[]) {
    const io = captureIo({ SHOP_LOAD_TEST_PASSWORD: PASSWORD });
    const out = join(dir, `${name}.json`);
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--scenario',
        SCENARIO,
        '--admin-token',
        shop.adminToken,
        '--progress',
        'off',
        '--out',
        out,
        ...args,
      ],
      io,
    );
    const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;
    return { code, results, text: io.out() + io.err() };
  }

  it('200 users: every count equals the shop’s own statistics, integrity clean, orders processed by Celery', async () => {
    const before = await shop.stats();
    const { code, results, text } = await run('clean', [
      '--users',
      '200',
      '--spawn-rate',
      '100',
      '--seed-command',
      shop.manage('seed_load_test --products 50 --stock 10000'),
      '--wait-processed',
      '60s',
      '--csv',
      join(dir, 'locust'),
    ]);
    expect(code, `${text}\n${shop.logs().slice(-3000)}`).toBe(0);
    const after = await shop.stats();
    const units = results.ledger.reduce((n, o) => n + o.items.reduce((m, i) => m + i.quantity, 0), 0);
    expect(results.orders).toEqual({ attempted: 200, succeeded: 200, failed: 0, outOfStock: 0 });
    expect(after.orders - before.orders).toBe(results.orders.succeeded);
    expect(after.units_sold - before.units_sold).toBe(units);
    expect(after.by_status.processed ?? 0).toBe(after.orders); // the worker processed every order
    expect(results.integrity?.checked).toBe(true);
    expect(results.integrity?.violations).toEqual([]);
    expect(results.integrity?.summary.ordersCreated).toBe(200); // read from the stats route
    expect(results.integrity?.summary.ordersReadBack).toBe(200);
    expect(text).toContain('Integrity: clean');
    // Locust's CSV files next to the JSON: the order row says what results.json says.
    const stats = (await readFile(join(dir, 'locust_stats.csv'), 'utf8')).split('\r\n');
    expect(stats[0]).toMatch(/^Type,Name,Request Count,Failure Count,Median Response Time,/);
    expect(stats.find((l) => l.startsWith('POST,order,'))).toMatch(/^POST,order,200,0,/);
    expect(text).not.toContain(PASSWORD);
  });

  it('scarce stock, looping: flows that found nothing to order are "sold out", never failed order attempts', async () => {
    const before = await shop.stats();
    const { code, results, text } = await run('scarce', [
      '--users',
      '20',
      '--spawn-rate',
      '20',
      '--iterations',
      '0',
      '--think-time',
      '0s-0s',
      '--run-time',
      '5s',
      '--items-per-order',
      '1-1',
      '--seed-command',
      shop.manage('seed_load_test --products 5 --stock 4'),
    ]);
    expect(code, text).toBe(0);
    const after = await shop.stats();
    expect(results.orders.succeeded).toBe(20); // 5 products x 4 units, 1 unit per order
    expect(after.orders - before.orders).toBe(results.orders.succeeded);
    // An order attempt is an order request; the refused ones are clean out-of-stock answers.
    expect(results.orders.attempted).toBe(results.steps.order.count);
    expect(results.orders.failed).toBe(results.orders.outOfStock);
    expect(results.noOrder.soldOut).toBeGreaterThan(0);
    expect(results.noOrder.cartFailed).toBe(0);
    expect(results.iterations.completed).toBe(
      results.orders.attempted + results.noOrder.soldOut + results.noOrder.loginFailed,
    );
    expect(results.integrity?.violations).toEqual([]);
    expect(text).toMatch(/No order sent: sold out: +\d+/);
    expect(results.warnings.join('\n')).not.toContain('reached --run-time');
  });

  it('SHOP_RACY_ORDERS=1 (no row lock, a read-modify-write window): the lost updates are caught and the run fails', async () => {
    await shop.restartWeb({ SHOP_RACY_ORDERS: '1' });
    const { code, results, text } = await run('racy', [
      '--users',
      '100',
      '--spawn-rate',
      '100',
      '--items-per-order',
      '1-1',
      '--seed-command',
      shop.manage('seed_load_test --products 2 --stock 1000'),
    ]);
    expect(code, text).toBe(1);
    const kinds = new Set(results.integrity?.violations.map((v) => v.kind));
    expect(kinds.has('lost_decrement') || kinds.has('oversell'), text).toBe(true);
    expect(text).toContain('lost_decrement');
  });
});
