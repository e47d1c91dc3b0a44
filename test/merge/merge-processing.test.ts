/**
 * The processing wait of a sharded run, merged: the processing-time histograms of EVERY shard
 * added (count, min, max and percentiles are those of all orders), counts summed, the longest
 * wait and limit kept, the ids of unprocessed orders concatenated (capped at 100), the timing
 * "server" only when every shard had the shop's own times, and the first shard's status.
 */
import { describe, expect, it } from 'vitest';
import { createHistogram, histogramCount, recordMs } from '../../src/engine/histogram.js';
import { decodeHistogram, encodeHistogram } from '../../src/engine/histogram-codec.js';
import { mergeShardResults } from '../../src/merge/merge-results.js';
import { deferIntegrityToMerge } from '../../src/reconcile/shard-integrity.js';
import { emptyCounts, emptyTally } from '../../src/reconcile/tally.js';
import type { InventorySnapshot, ProcessingObservations } from '../../src/results/integrity-types.js';
import type { RunResults } from '../../src/results/results.js';
import { fakeShard, shardIntegrityReport, shardSettings, T0 } from './fixtures.js';

const PROFILE = ['--users', '20'];

function snapshot(atMs: number, stock: number, orders: number): InventorySnapshot {
  return { takenAt: new Date(atMs).toISOString(), products: [{ id: '1', stock }], orders };
}

function processing(
  latenciesMs: number[],
  extra: Partial<ProcessingObservations> = {},
): ProcessingObservations {
  const h = createHistogram();
  for (const ms of latenciesMs) recordMs(h, ms);
  return {
    processedStatus: 'processed',
    waitLimitMs: 30_000,
    waitedMs: 1000,
    polled: latenciesMs.length,
    processed: latenciesMs.length,
    notProcessed: [],
    notProcessedCount: 0,
    timing: 'server',
    histogram: encodeHistogram(h),
    latencyMs: { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 },
    ...extra,
  };
}

/** Shard k of n (20 users in all) whose 9 or 10 accepted orders were processed as given. */
function shard(
  k: number,
  n: number,
  observed: ProcessingObservations,
  before: InventorySnapshot,
  after: InventorySnapshot,
) {
  const results: RunResults = fakeShard(shardSettings(PROFILE, `${k}/${n}`), {
    startedAtMs: T0 + k * 100,
    seed: k,
  }).results;
  const tally = emptyTally();
  const accepted = results.ledger.length;
  const failed = results.orders.failed;
  Object.assign(tally, { attempts: accepted + failed, accepted, serverErrors: failed });
  tally.byProduct['1'] = { ...emptyCounts(), attempts: accepted + failed, accepted, serverErrors: failed };
  const report = shardIntegrityReport({ before, after, orderErrors: tally, processing: observed });
  results.integrity = deferIntegrityToMerge(report, results.shard);
  return { source: `shard-${k}.json`, results };
}

describe('the processing wait, merged over the shards', () => {
  it("adds every shard's processing-time histogram, not only the first", () => {
    // 20 users, every 10th order fails: 9 accepted in each shard of 10 users.
    const files = [
      shard(
        1,
        2,
        processing([10, 10, 10, 10, 10, 10, 10, 10, 10], { waitedMs: 800 }),
        snapshot(T0, 100, 0),
        snapshot(T0 + 5000, 91, 9),
      ),
      shard(
        2,
        2,
        processing([500, 500, 500, 500, 500, 500, 500, 500, 2000], { waitedMs: 2500 }),
        snapshot(T0 + 300, 91, 9),
        snapshot(T0 + 6000, 82, 18),
      ),
    ];
    const report = mergeShardResults(files).integrity!;
    expect(report.violations).toEqual([]);
    const p = report.processing!;
    expect(p).toBeDefined();
    const merged = decodeHistogram(p.histogram);
    expect(histogramCount(merged)).toBe(18);
    expect(p.latencyMs.min).toBeCloseTo(10, 1);
    expect(p.latencyMs.max).toBeCloseTo(2000, -1);
    // half the orders at 10 ms, the other half at 500 ms or more: p50 is 10, p90 500
    expect(p.latencyMs.p50).toBeCloseTo(10, 1);
    expect(p.latencyMs.p90).toBeCloseTo(500, 0);
    expect(p.latencyMs.mean).toBeCloseTo((9 * 10 + 8 * 500 + 2000) / 18, 0);
    expect(p).toMatchObject({
      polled: 18,
      processed: 18,
      waitedMs: 2500,
      waitLimitMs: 30_000,
      timing: 'server',
    });
    expect(p.processedStatus).toBe('processed');
  });

  it('sums the counts, concatenates the unprocessed ids, keeps the longest wait and limit', () => {
    const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const files = [
      shard(
        1,
        3,
        processing([20, 20], {
          processed: 2,
          polled: 6,
          notProcessed: ids('a', 4),
          notProcessedCount: 4,
          waitLimitMs: 5000,
          waitedMs: 5000,
          processedStatus: 'done',
        }),
        snapshot(T0, 100, 0),
        snapshot(T0 + 5000, 94, 6),
      ),
      shard(
        2,
        3,
        processing([30], {
          processed: 1,
          polled: 7,
          notProcessed: ids('b', 98),
          notProcessedCount: 150,
          waitLimitMs: 9000,
          waitedMs: 7000,
          timing: 'observed',
          processedStatus: 'shipped',
        }),
        snapshot(T0 + 100, 94, 6),
        snapshot(T0 + 5500, 88, 12),
      ),
      shard(
        3,
        3,
        processing([40, 40, 40, 40, 40, 40]),
        snapshot(T0 + 200, 88, 12),
        snapshot(T0 + 6000, 82, 18),
      ),
    ];
    const p = mergeShardResults(files).integrity!.processing!;
    expect(p.polled).toBe(19);
    expect(p.processed).toBe(9);
    expect(p.notProcessedCount).toBe(154);
    expect(p.notProcessed).toHaveLength(100);
    expect(p.notProcessed.slice(0, 5)).toEqual(['a0', 'a1', 'a2', 'a3', 'b0']);
    expect(p.notProcessed.at(-1)).toBe('b95');
    expect(p.waitLimitMs).toBe(30_000);
    expect(p.waitedMs).toBe(7000);
    expect(p.timing).toBe('observed');
    expect(p.processedStatus).toBe('done');
    expect(histogramCount(decodeHistogram(p.histogram))).toBe(9);
    expect(p.latencyMs.max).toBeCloseTo(40, 1);
    expect(p.latencyMs.min).toBeCloseTo(20, 1);
    // The violation counts every unprocessed order of every shard.
    const v = mergeShardResults(files).integrity!.violations.find((x) => x.kind === 'not_processed');
    expect(v?.count).toBe(154);
  });

  it('has no processing section when no shard waited for processing', () => {
    const a = shard(1, 2, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9));
    const b = shard(2, 2, processing([1]), snapshot(T0 + 300, 91, 9), snapshot(T0 + 6000, 82, 18));
    delete a.results.integrity!.inputs!.processing;
    delete b.results.integrity!.inputs!.processing;
    expect(mergeShardResults([a, b]).integrity!.processing).toBeUndefined();
  });
});

describe('the read-backs and the reasons a merge cannot reconcile', () => {
  it('sums the read-backs: ledger orders and limits added, sampled if any shard sampled, orders concatenated', () => {
    const a = shard(1, 2, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9));
    const b = shard(2, 2, processing([1]), snapshot(T0 + 300, 91, 9), snapshot(T0 + 6000, 82, 18));
    delete a.results.integrity!.inputs!.processing;
    delete b.results.integrity!.inputs!.processing;
    const read = (ids: string[]) =>
      ids.map((orderId) => ({ orderId, status: 200, found: true, items: [{ productId: '1', quantity: 1 }] }));
    a.results.integrity!.inputs!.readBack = {
      ledgerOrders: 9,
      limit: 5,
      sampled: true,
      orders: read(['o0', 'o1']),
    };
    b.results.integrity!.inputs!.readBack = {
      ledgerOrders: 9,
      limit: 20,
      sampled: false,
      orders: read(['o10']),
    };
    const report = mergeShardResults([a, b]).integrity!;
    expect(report.inputs?.readBack).toEqual({
      ledgerOrders: 18,
      limit: 25,
      sampled: true,
      orders: read(['o0', 'o1', 'o10']),
    });
    expect(report.summary.ordersReadBack).toBe(3);
    expect(report.violations).toEqual([]);
    expect(report.notes).toContain('Read back a random sample of 3 of the 18 accepted orders.');
    b.results.integrity!.inputs!.readBack!.sampled = false;
    a.results.integrity!.inputs!.readBack!.sampled = false;
    expect(mergeShardResults([a, b]).integrity!.inputs?.readBack?.sampled).toBe(false);
  });

  it('skips with the shared reason when no shard could read the inventory', () => {
    const files = [1, 2].map((k) =>
      shard(k, 2, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9)),
    );
    for (const f of files) {
      f.results.integrity = { ...f.results.integrity!, skipped: 'the inventory answered 401' };
      delete f.results.integrity.inputs;
    }
    const report = mergeShardResults(files).integrity!;
    expect(report.checked).toBe(false);
    expect(report.skipped).toBe('the inventory answered 401');
    expect(report.mode).toBe('auto');
  });

  it('names each shard and its reason when they differ, and a shard without a check', () => {
    const files = [1, 2, 3].map((k) =>
      shard(k, 3, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9)),
    );
    files[0]!.results.integrity = { ...files[0]!.results.integrity!, skipped: 'the inventory answered 401' };
    delete files[0]!.results.integrity.inputs;
    delete files[2]!.results.integrity;
    expect(mergeShardResults(files).integrity!.skipped).toBe(
      'not every shard could read the inventory (shard 1/3: the inventory answered 401; shard 3/3: it has no integrity check)',
    );
  });

  it('lists every shard when none could read the inventory, for different reasons', () => {
    const files = [1, 2].map((k) =>
      shard(k, 2, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9)),
    );
    files.forEach((f, i) => {
      f.results.integrity = { ...f.results.integrity!, skipped: `reason ${i + 1}` };
      delete f.results.integrity.inputs;
    });
    expect(mergeShardResults(files).integrity!.skipped).toBe(
      'not every shard could read the inventory (shard 1/2: reason 1; shard 2/2: reason 2)',
    );
  });

  it('a first shard without an integrity report does not hide the others', () => {
    const files = [1, 2].map((k) =>
      shard(k, 2, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9)),
    );
    delete files[0]!.results.integrity;
    const report = mergeShardResults(files).integrity!;
    expect(report.mode).toBe('auto');
    expect(report.skipped).toBe(
      'not every shard could read the inventory (shard 1/2: it has no integrity check)',
    );
  });

  it('refuses to reconcile shards that ran with different flash-sale products', () => {
    const files = [1, 2].map((k) =>
      shard(k, 2, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 91, 9)),
    );
    files[0]!.results.integrity!.inputs!.options = { flashSale: { productId: '1' } };
    files[1]!.results.integrity!.inputs!.options = { flashSale: { productId: '2' } };
    expect(mergeShardResults(files).integrity!.skipped).toBe(
      'the shards ran with different flash-sale products',
    );
    files[1]!.results.integrity!.inputs!.options = { flashSale: { productId: '1' } };
    const same = mergeShardResults(files).integrity!;
    expect(same.checked).toBe(true);
    expect(same.inputs?.options).toEqual({ flashSale: { productId: '1' } });
    expect(same.flashSale?.productId).toBe('1');
  });

  it('takes the earliest before and the latest after, whichever shards they come from', () => {
    // shard 2 read the inventory first, shard 1 last; shard 3 in between on both sides
    const files = [
      shard(1, 3, processing([1]), snapshot(T0 + 200, 88, 0), snapshot(T0 + 9000, 82, 18)),
      shard(2, 3, processing([1]), snapshot(T0, 100, 0), snapshot(T0 + 5000, 80, 20)),
      shard(3, 3, processing([1]), snapshot(T0 + 100, 94, 0), snapshot(T0 + 7000, 76, 24)),
    ];
    for (const f of files) delete f.results.integrity!.inputs!.processing;
    const report = mergeShardResults(files).integrity!;
    expect(report.inputs?.before.takenAt).toBe(new Date(T0).toISOString());
    expect(report.inputs?.after.takenAt).toBe(new Date(T0 + 9000).toISOString());
    expect(report.notes[0]).toBe(
      "Reconciled once over all 3 shards: the inventory before the load is shard 2/3's (the earliest, " +
        `${new Date(T0).toISOString()}), after it shard 1/3's (the latest, ${new Date(T0 + 9000).toISOString()}); ` +
        'ledgers, answers and read-backs of every shard combined.',
    );
    // 18 units accepted in all (20 users, every 10th order fails): 100 -> 82
    expect(report.violations).toEqual([]);
    expect(report.inputs?.readBack).toBeUndefined();
    expect(report.inputs?.options).toBeUndefined();
  });
});
