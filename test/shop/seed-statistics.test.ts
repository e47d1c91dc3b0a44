import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { createTestDatabase } from '../support/postgres.js';
import { memoryLogger, ShopClient } from './helpers.js';

// A fresh database has no planner statistics until autovacuum gets to it, at a moment of its own
// in the middle of a run, and a used one carries the last run's dead rows until then; the seed
// ends with VACUUM (ANALYZE) of the shop's tables, so every round starts alike.
describe('seed on PostgreSQL', () => {
  let database: { url: string; drop: () => Promise<void> };
  let shop: RunningShop;
  let client: ShopClient;
  beforeAll(async () => {
    database = await createTestDatabase('seedstats');
    shop = await startShop(
      { port: 0, host: '127.0.0.1', kdfCost: 4, processingDelayMs: 10, databaseUrl: database.url },
      memoryLogger(),
    );
    client = new ShopClient(shop.url, shop.adminToken);
  });
  afterAll(async () => {
    await client?.close();
    await shop?.close();
    await database?.drop();
  });

  const stats = async (column: string, tables: readonly string[]) => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ relname: string; n: string }>(
        `SELECT relname, ${column} AS n FROM pg_stat_user_tables WHERE relname = ANY($1) ORDER BY relname`,
        [tables],
      );
      return Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)]));
    } finally {
      await c.end();
    }
  };
  const analyzed = () => stats('analyze_count + autoanalyze_count', ['users', 'products', 'cart_items']);
  /** Polls `read` until `done` (the statistics collector reports asynchronously), bounded. */
  const settle = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    let value = await read();
    for (let i = 0; i < 50 && !done(value); i++) {
      await new Promise((r) => setTimeout(r, 100));
      value = await read();
    }
    return value;
  };

  it('leaves fresh planner statistics for the tables it wrote', async () => {
    expect(await analyzed()).toEqual({ cart_items: 0, products: 0, users: 0 });
    const reply = await client.seed({ users: 3, products: 2, stock: 5, password: 'pw' });
    expect(reply.status).toBe(200);
    expect(await settle(analyzed, (c) => c.users === 1)).toEqual({ cart_items: 1, products: 1, users: 1 });
  });

  it("clears the last run's dead rows: the order queue's claimed and deleted jobs", async () => {
    const token = await client.login('load_test_user_0', 'pw');
    for (let i = 0; i < 3; i++) {
      expect((await client.addToCart(token, 1, 1)).status).toBe(201);
      expect((await client.order(token)).status).toBe(201);
    }
    // The worker takes each job, marks its order processed and deletes the job: dead rows.
    const dead = () => stats('n_dead_tup', ['order_jobs']);
    expect((await settle(dead, (d) => d.order_jobs! >= 3)).order_jobs).toBeGreaterThanOrEqual(3);
    // (The seed of the test above vacuumed each table once already.)
    const vacuums = () => stats('vacuum_count', ['order_jobs', 'orders', 'sessions']);
    expect(await vacuums()).toEqual({ order_jobs: 1, orders: 1, sessions: 1 });

    expect((await client.seed({ users: 3, products: 2, stock: 5, password: 'pw' })).status).toBe(200);
    expect(await settle(vacuums, (v) => v.orders === 2)).toEqual({ order_jobs: 2, orders: 2, sessions: 2 });
    let left = (await settle(dead, (d) => d.order_jobs === 0)).order_jobs;
    if (left !== 0) {
      // VACUUM does not wait for a page another backend has pinned: when the idle worker's claim
      // (every 50 ms) scans order_jobs at that instant, its dead rows are left for the next
      // vacuum (seen in one `npm test` of five on 2026-12-01). The next round's seed clears them.
      expect((await client.seed({ users: 3, products: 2, stock: 5, password: 'pw' })).status).toBe(200);
      await settle(vacuums, (v) => v.orders === 3);
      left = (await settle(dead, (d) => d.order_jobs === 0)).order_jobs;
    }
    expect(left).toBe(0);
  });
});
