import { describe, expect, it } from 'vitest';
import { createHistogram, recordMs, summarize } from '../../src/engine/histogram.js';
import { decodeHistogram } from '../../src/engine/histogram-codec.js';
import { METRIC_STEPS } from '../../src/engine/recorder.js';
import { mergeShardResults } from '../../src/merge/merge-results.js';
import { ShardSetError } from '../../src/merge/shard-set.js';
import { mergeTimelines } from '../../src/merge/timeline.js';
import type { RunResults } from '../../src/results/results.js';
import { parseResults } from '../../src/results/results-schema.js';
import { publicSettings } from '../../src/settings/run-settings.js';
import { fakeShard, fakeShardSet, shardSettings, T0 } from './fixtures.js';

const PROFILE = ['--users', '403', '--spawn-rate', '40', '--threshold', 'success_rate>=0.8'];

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ShardSetError) return `${err.problem}: ${err.message}`;
    throw err;
  }
  throw new Error('expected a ShardSetError');
}

describe('merging the shards of one run', () => {
  const { files, shards } = fakeShardSet(PROFILE, 4);
  const merged = mergeShardResults(files);

  it('is a valid RunResults whose settings are the whole profile', () => {
    expect(parseResults(JSON.parse(JSON.stringify(merged)), 'merged')).toEqual(merged);
    expect(merged.shard).toBeUndefined();
    const whole = publicSettings(shardSettings(PROFILE));
    expect(merged.settings).toEqual({ ...whole, mergedShards: 4 });
  });

  it('sums the counters of the shards', () => {
    const sum = (get: (r: RunResults) => number) => shards.reduce((n, s) => n + get(s.results), 0);
    expect(merged.orders).toEqual({
      attempted: sum((r) => r.orders.attempted),
      succeeded: sum((r) => r.orders.succeeded),
      failed: sum((r) => r.orders.failed),
      outOfStock: sum((r) => r.orders.outOfStock),
    });
    expect(merged.orders.attempted).toBe(403);
    expect(merged.orders.failed).toBe(40); // users 9, 19, ..., 399
    expect(merged.successRate).toBeCloseTo(363 / 403, 12);
    for (const step of METRIC_STEPS) {
      expect(merged.steps[step].count).toBe(sum((r) => r.steps[step].count));
      expect(merged.steps[step].failures).toBe(sum((r) => r.steps[step].failures));
    }
    expect(merged.steps.order.statusCodes).toEqual({ '201': 363, '503': 40 });
    expect(merged.steps.order.errors).toEqual({ http_5xx: 40 });
    expect(merged.ledger).toHaveLength(363);
    expect(merged.timeline.reduce((n, p) => n + p.requests, 0)).toBe(403 * 4);
    expect(merged.errorSamples).toEqual([
      { step: 'order', kind: 'http_5xx', status: 503, detail: 'busy', count: 40 },
    ]);
  });

  it('merges the named steps by name, with their histograms', () => {
    expect(merged.flowSteps?.map((s) => [s.name, s.phase, s.count])).toEqual([
      ['add to cart', 'cart', merged.steps.cart.count],
    ]);
    expect(merged.flowSteps?.[0]?.latencyMs).toEqual(merged.steps.cart.latencyMs);
    expect(shards.every(({ results: r }) => r.flowSteps?.[0]?.count === r.steps.cart.count)).toBe(true);
  });

  it('merges histograms exactly: the percentiles of one histogram fed every latency', () => {
    for (const step of METRIC_STEPS) {
      const all = createHistogram();
      for (const s of shards) for (const ms of s.latencies[step]) recordMs(all, ms);
      expect(merged.steps[step].latencyMs).toEqual(summarize(all));
      expect(decodeHistogram(merged.steps[step].histogram).totalCount).toBe(403);
    }
  });

  it('spans the wall-clock window of all shards and aligns the timelines on it', () => {
    const starts = shards.map((s) => Date.parse(s.results.startedAt));
    const ends = shards.map((s) => Date.parse(s.results.endedAt));
    expect(Date.parse(merged.startedAt)).toBe(Math.min(...starts));
    expect(Date.parse(merged.endedAt)).toBe(Math.max(...ends));
    expect(merged.durationMs).toBe(Math.max(...ends) - Math.min(...starts));
    expect(merged.rps).toBeCloseTo((403 * 4) / (merged.durationMs / 1000), 1);
    expect(merged.timeline.map((p) => p.t)).toEqual(merged.timeline.map((_, i) => i));
  });

  it('puts each shard second at its wall-clock second', () => {
    const a = { t: 0, users: 2, requests: 10, failures: 1, ordersSucceeded: 3, p50: 10, p95: 20 };
    const b = { t: 1, users: 1, requests: 30, failures: 0, ordersSucceeded: 5, p50: 30, p95: 40 };
    const timeline = mergeTimelines([
      { startedAtMs: T0, timeline: [a, b] },
      { startedAtMs: T0 + 1_400, timeline: [a, b] }, // starts 1.4 s later: its second 0 is our second 1
    ]);
    expect(timeline).toEqual([
      { t: 0, users: 2, requests: 10, failures: 1, ordersSucceeded: 3, p50: 10, p95: 20 },
      { t: 1, users: 3, requests: 40, failures: 1, ordersSucceeded: 8, p50: 25, p95: 35 },
      { t: 2, users: 1, requests: 30, failures: 0, ordersSucceeded: 5, p50: 30, p95: 40 },
    ]);
  });

  it('keeps each warning once, saying which shards raised it, and warns when shards started apart', () => {
    const s1 = shardSettings(PROFILE, '1/2');
    const s2 = shardSettings(PROFILE, '2/2');
    const out = mergeShardResults([
      { source: 'a', results: fakeShard(s1, { warnings: ['hot', 'cold'] }).results },
      { source: 'b', results: fakeShard(s2, { warnings: ['hot'], startedAtMs: T0 + 6_000 }).results },
    ]);
    expect(out.warnings[0]).toMatch(/started up to 6 s apart/);
    expect(out.warnings.slice(1)).toEqual(['every shard: hot', 'shard 1/2: cold']);
  });

  it('refuses a missing shard, naming it (1-based)', () => {
    expect(problem(() => mergeShardResults([files[0]!, files[1]!, files[3]!]))).toMatch(
      /^missing: shard 3\/4 is missing \(have 1\/4, 2\/4, 4\/4/,
    );
    expect(problem(() => mergeShardResults([files[1]!]))).toMatch(/shards 1\/4, 3\/4, 4\/4 are missing/);
  });

  it('refuses a duplicate shard, naming both files', () => {
    const again = { source: 'again.json', results: files[2]!.results };
    expect(problem(() => mergeShardResults([...files, again]))).toMatch(
      /^duplicate: shard 3\/4 appears twice: shard-3\.json and again\.json/,
    );
  });

  it('refuses shards of different profiles, naming the difference', () => {
    const other = fakeShard(shardSettings(['--users', '403', '--spawn-rate', '80'], '4/4')).results;
    const msg = problem(() =>
      mergeShardResults([...files.slice(0, 3), { source: 'other.json', results: other }]),
    );
    expect(msg).toMatch(/^profile_mismatch: other\.json \(shard 4\/4\) and shard-1\.json \(shard 1\/4\)/);
    expect(msg).toContain('plan.spawnRate is 80 in other.json and 40 in shard-1.json');
  });

  it('refuses shards of different splits, results that are not a shard, and edited shards', () => {
    const third = fakeShard(shardSettings(PROFILE, '3/3')).results;
    expect(
      problem(() => mergeShardResults([...files.slice(0, 3), { source: 'x.json', results: third }])),
    ).toMatch(/^split_mismatch: x\.json is shard 3\/3 but shard-1\.json is shard 1\/4/);
    const single = fakeShard(shardSettings(PROFILE)).results;
    expect(problem(() => mergeShardResults([{ source: 'single.json', results: single }]))).toMatch(
      /^not_a_shard: single\.json is not a shard's results/,
    );
    const edited = structuredClone(files[1]!.results);
    edited.settings.userOffset = 0;
    expect(
      problem(() => mergeShardResults([files[0]!, { source: 'e.json', results: edited }, ...files.slice(2)])),
    ).toMatch(/^inconsistent: e\.json/);
    expect(problem(() => mergeShardResults([]))).toMatch(/^no_files/);
  });
});
