import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { createTestDatabase } from '../support/postgres.js';
import { memoryLogger, ShopClient } from './helpers.js';

// A fresh database has no planner statistics until autovacuum gets to it, at a moment of its own
// in the middle of a run; the seed ends with ANALYZE of what it wrote, so every round starts alike.
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

  const analyzed = async () => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    try {
      const { rows } = await c.query<{ relname: string; n: string }>(
        `SELECT relname, analyze_count + autoanalyze_count AS n FROM pg_stat_user_tables
          WHERE relname IN ('users', 'products', 'cart_items') ORDER BY relname`,
      );
      return Object.fromEntries(rows.map((r) => [r.relname, Number(r.n)]));
    } finally {
      await c.end();
    }
  };

  it('leaves fresh planner statistics for the tables it wrote', async () => {
    expect(await analyzed()).toEqual({ cart_items: 0, products: 0, users: 0 });
    const reply = await client.seed({ users: 3, products: 2, stock: 5, password: 'pw' });
    expect(reply.status).toBe(200);
    // The statistics collector reports asynchronously: poll briefly (bounded).
    let counts = await analyzed();
    for (let i = 0; i < 50 && counts.users === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      counts = await analyzed();
    }
    expect(counts).toEqual({ cart_items: 1, products: 1, users: 1 });
  });
});
