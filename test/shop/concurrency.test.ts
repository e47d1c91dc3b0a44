import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Engine, startTestShop, type TestShop } from './helpers.js';

/**
 * The property the gate exists to check: with N buyers racing for S < N units, exactly S orders
 * succeed and stock never goes negative; the --race fault breaks that, reproducibly.
 */
async function burst(t: TestShop, users: number, stock: number): Promise<{ statuses: number[] }> {
  await t.client.seed({ users, products: 1, stock, password: 'burst-pw' });
  const tokens = await Promise.all(
    Array.from({ length: users }, (_, i) => t.client.login(`load_test_user_${i}`, 'burst-pw')),
  );
  const added = await Promise.all(tokens.map((token) => t.client.addToCart(token, 1, 1)));
  expect(added.every((r) => r.status === 201)).toBe(true);
  const replies = await Promise.all(tokens.map((token) => t.client.order(token)));
  return { statuses: replies.map((r) => r.status) };
}

const count = (statuses: number[], status: number): number => statuses.filter((s) => s === status).length;

describe('concurrent orders on postgres (200 buyers, 50 units)', () => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop('postgres', { workers: 2, processingDelayMs: 5 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('accepts exactly 50 orders, rejects 150 with 409, ends at stock 0', async () => {
    const { statuses } = await burst(t, 200, 50);
    expect(count(statuses, 201)).toBe(50);
    expect(count(statuses, 409)).toBe(150);
    const inv = await t.client.inventory();
    expect(inv.products).toEqual([{ id: 1, stock: 0 }]);
    expect(inv.orders).toBe(50);
    expect(inv.unitsOrdered).toBe(50);
  });
});

describe.each<Engine>(['postgres', 'pglite'])('the --race fault on %s', (engine) => {
  let t: TestShop;
  beforeAll(async () => {
    t = await startTestShop(engine, { race: true, workers: 1, processingDelayMs: 5 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('oversells under the same burst', async () => {
    const users = engine === 'postgres' ? 200 : 100;
    const stock = engine === 'postgres' ? 50 : 25;
    const { statuses } = await burst(t, users, stock);
    const inv = await t.client.inventory();
    const accepted = count(statuses, 201);
    const stockLeft = inv.products[0]?.stock ?? 0;
    // Every accepted order is recorded, and more units went out than there were.
    expect(inv.unitsOrdered).toBe(accepted);
    expect(accepted).toBeGreaterThan(stock);
    expect(stockLeft + inv.unitsOrdered).toBeGreaterThan(stock);
    expect(t.log.lines).toContainEqual(expect.stringMatching(/fault injection on: race/));
  });
});
