import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/logger.js';
import { autoWarmUpFlows } from '../../src/load/warm-up.js';
import { runRound } from '../../src/round/run-round.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { readInventory } from '../support/inventory.js';

const TOKEN = 'warm-up-test-admin-token';

describe('the warm-up before a round (reference shop, real PostgreSQL)', () => {
  let shop: RunningShop;

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 0 });
  });
  afterAll(async () => {
    await shop?.close();
  });

  const settingsOf = (extra: Record<string, string> = {}) =>
    resolveRunSettings({
      target: shop.url,
      users: '10',
      spawnRate: '100',
      iterations: '2',
      thinkTime: '0s-10ms',
      seed: 'reference',
      adminToken: TOKEN,
      progress: 'off',
      ...extra,
    });

  it('places real orders before the load, and leaves them out of every figure and of the reconciliation', async () => {
    const logger = createMemoryLogger();
    const before = await readInventory(shop.url, TOKEN);
    const outcome = await runRound(settingsOf(), logger, { warmUpFlows: 25 });
    const { results } = outcome;
    // 25 flows by 10 users: 3 each (30), every flow to its end.
    expect(results.warmUp).toMatchObject({ flows: 30, failed: 0 });
    // The load's own figures: 10 users x 2 orders, nothing more.
    expect(results.orders.attempted).toBe(20);
    expect(results.orders.succeeded).toBe(20);
    expect(results.ledger).toHaveLength(20);
    expect(results.integrity?.violations).toEqual([]);
    // The shop saw both: the warm-up's 30 orders and the load's 20.
    expect((await readInventory(shop.url, TOKEN)).orders - before.orders).toBe(50);
    expect(outcome.verdict.result).toBe('pass');
    expect(
      logger.lines.some((l) => /Warm-up: 30 order flows by 10 users .* not measured/.test(l.message)),
    ).toBe(true);
  });

  it('is not run when no warm-up is asked for', async () => {
    const before = await readInventory(shop.url, TOKEN);
    const { results } = await runRound(settingsOf(), createMemoryLogger(), { warmUpFlows: 0 });
    expect(results.warmUp).toBeUndefined();
    expect((await readInventory(shop.url, TOKEN)).orders - before.orders).toBe(20);
  });

  it('never warms up a flash sale: its scarce stock belongs to the load', async () => {
    const logger = createMemoryLogger();
    const { results } = await runRound(
      settingsOf({ profile: 'flash-sale', stock: '5', iterations: '1' }),
      logger,
      {
        warmUpFlows: 25,
      },
    );
    expect(results.warmUp).toBeUndefined();
    expect(logger.lines.some((l) => /Warm-up skipped: a flash sale/.test(l.message))).toBe(true);
    expect(results.integrity?.violations).toEqual([]);
  });
});

describe('autoWarmUpFlows', () => {
  it('is two flows per user, for at most 50 users', () => {
    const at = (users: string) =>
      autoWarmUpFlows(resolveRunSettings({ target: 'http://127.0.0.1:9', users }));
    expect(at('1')).toBe(2);
    expect(at('20')).toBe(40);
    expect(at('500')).toBe(100);
  });
});
