import { describe, expect, it } from 'vitest';
import { mergeShardResults } from '../../src/merge/merge-results.js';
import { deferIntegrityToMerge } from '../../src/reconcile/shard-integrity.js';
import { emptyTally } from '../../src/reconcile/tally.js';
import type { InventorySnapshot } from '../../src/results/integrity-types.js';
import type { RunResults } from '../../src/results/results.js';
import { fakeShard, shardIntegrityReport, shardSettings, T0 } from './fixtures.js';

const PROFILE = ['--users', '20'];

function snapshot(atMs: number, stock: number, orders: number): InventorySnapshot {
  return { takenAt: new Date(atMs).toISOString(), products: [{ id: '1', stock }], orders };
}

/** Shard k of 2 with an integrity report holding the given observations, as a shard writes it. */
function shard(k: number, before: InventorySnapshot, after: InventorySnapshot): RunResults {
  const results = fakeShard(shardSettings(PROFILE, `${k}/2`), { startedAtMs: T0 + k * 100, seed: k }).results;
  const tally = emptyTally();
  const accepted = results.ledger.length;
  const failed = results.orders.failed;
  Object.assign(tally, { attempts: accepted + failed, accepted, serverErrors: failed });
  tally.byProduct['1'] = {
    attempts: accepted + failed,
    accepted,
    outOfStock: 0,
    serverErrors: failed,
    noAnswer: 0,
    otherFailures: 0,
  };
  const report = shardIntegrityReport({ before, after, orderErrors: tally });
  results.integrity = deferIntegrityToMerge(report, results.shard);
  return results;
}

describe('integrity over merged shards', () => {
  // 20 users, every 10th order fails: 18 accepted orders of 1 unit of product 1 in all.
  it('reconciles once: earliest before, latest after, every ledger', () => {
    const a = shard(1, snapshot(T0, 1000, 0), snapshot(T0 + 5000, 985, 15)); // saw some of b's orders too
    const b = shard(2, snapshot(T0 + 300, 997, 3), snapshot(T0 + 6000, 982, 18));
    expect(a.integrity?.checked).toBe(false);
    const merged = mergeShardResults([
      { source: 'a', results: a },
      { source: 'b', results: b },
    ]);
    const report = merged.integrity!;
    expect(report.checked).toBe(true);
    expect(report.violations).toEqual([]);
    expect(report.summary).toMatchObject({ ordersAccepted: 18, unitsAccepted: 18, ordersCreated: 18 });
    expect(report.summary.orderAnswers).toEqual({
      attempts: 20,
      accepted: 18,
      outOfStock: 0,
      serverErrors: 2,
      noAnswer: 0,
      otherFailures: 0,
    });
    expect(report.inputs?.before.takenAt).toBe(new Date(T0).toISOString());
    expect(report.inputs?.after.takenAt).toBe(new Date(T0 + 6000).toISOString());
    expect(report.notes[0]).toMatch(/shard 1\/2's \(the earliest.*shard 2\/2's \(the latest/);
  });

  it('finds what only the whole shows: a decrement lost across shards', () => {
    const a = shard(1, snapshot(T0, 1000, 0), snapshot(T0 + 5000, 990, 10));
    const b = shard(2, snapshot(T0 + 300, 998, 2), snapshot(T0 + 6000, 983, 18)); // 17 units down for 18 orders
    const report = mergeShardResults([
      { source: 'a', results: a },
      { source: 'b', results: b },
    ]).integrity!;
    expect(report.violations.map((v) => [v.kind, v.count])).toEqual([['lost_decrement', 1]]);
  });

  it('is skipped, saying why, when a shard could not read the inventory', () => {
    const a = shard(1, snapshot(T0, 1000, 0), snapshot(T0 + 5000, 990, 10));
    const b = shard(2, snapshot(T0, 1000, 0), snapshot(T0 + 5000, 990, 10));
    b.integrity = { ...b.integrity!, skipped: 'the inventory could not be read: 401' };
    delete b.integrity.inputs;
    const report = mergeShardResults([
      { source: 'a', results: a },
      { source: 'b', results: b },
    ]).integrity!;
    expect(report.checked).toBe(false);
    expect(report.skipped).toMatch(/shard 2\/2: the inventory could not be read: 401/);
  });

  it('has no integrity report when no shard had one', () => {
    const plain = [1, 2].map((k) => fakeShard(shardSettings(PROFILE, `${k}/2`)).results);
    expect(
      mergeShardResults(plain.map((results, i) => ({ source: `${i}`, results }))).integrity,
    ).toBeUndefined();
  });
});
