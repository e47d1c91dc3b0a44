/**
 * The shard merge at its edges: every counter summed from its own field, the start-spread
 * warning at exactly 5 s, the version and interruption notes, error samples added up and capped
 * at 5 per step and kind, and the rates of an empty or instant run.
 */
import { describe, expect, it } from 'vitest';
import { mergeShardResults, START_SPREAD_WARNING_MS } from '../../src/merge/merge-results.js';
import type { RunResults } from '../../src/results/results.js';
import { fakeShard, shardSettings, T0 } from './fixtures.js';

const PROFILE = ['--users', '20'];

function two(edit: (a: RunResults, b: RunResults) => void = () => {}, startB = T0): RunResults {
  const a = structuredClone(fakeShard(shardSettings(PROFILE, '1/2'), { seed: 1 }).results);
  const b = structuredClone(
    fakeShard(shardSettings(PROFILE, '2/2'), { seed: 2, startedAtMs: startB }).results,
  );
  edit(a, b);
  return mergeShardResults([
    { source: 'a.json', results: a },
    { source: 'b.json', results: b },
  ]);
}

describe('mergeShardResults, field by field', () => {
  it('sums every counter from its own field', () => {
    const m = two((a, b) => {
      a.iterations = { completed: 11, dropped: 2, late: 3 };
      b.iterations = { completed: 13, dropped: 5, late: 7 };
      a.cart = { failed: 17 };
      b.cart = { failed: 19 };
      a.login = { failed: 23 };
      b.login = { failed: 29 };
      a.orders.outOfStock = 31;
      b.orders.outOfStock = 37;
    });
    expect(m.iterations).toEqual({ completed: 24, dropped: 7, late: 10 });
    expect(m.cart).toEqual({ failed: 36 });
    expect(m.login).toEqual({ failed: 52 });
    expect(m.orders.outOfStock).toBe(68);
    expect(m.orders).toMatchObject({ attempted: 20, succeeded: 18, failed: 2 });
    expect(m.successRate).toBe(0.9);
    expect(m.settings.mergedShards).toBe(2);
    expect(m.tool).toEqual({ name: expect.any(String), version: '9.9.9' });
    expect(m.target).toBe('http://127.0.0.1:9');
  });

  it('rates per second over the merged window, rounded to 0.01; failure rates per step', () => {
    const m = two();
    // Both shards start at T0 and end at T0 + 10 users x 20 ms + 100 ms.
    expect(m.durationMs).toBe(300);
    expect(m.rps).toBe(Math.round(((20 * 4) / 0.3) * 100) / 100);
    expect(m.steps.order.rps).toBe(Math.round((20 / 0.3) * 100) / 100);
    expect(m.steps.order.failureRate).toBe(2 / 20);
    expect(m.steps.login.failureRate).toBe(0);
  });

  it('an instant run with no requests has zero rates, not NaN', () => {
    const m = two((a, b) => {
      for (const r of [a, b]) {
        r.endedAt = r.startedAt;
        r.durationMs = 0;
        for (const s of Object.values(r.steps)) {
          s.count = 0;
          s.failures = 0;
        }
        r.orders = { attempted: 0, succeeded: 0, failed: 0, outOfStock: 0 };
      }
    });
    expect(m.durationMs).toBe(0);
    expect(m.rps).toBe(0);
    expect(m.successRate).toBe(0);
    expect(m.steps.order.rps).toBe(0);
    expect(m.steps.order.failureRate).toBe(0);
  });

  it('warns when the shards started 5 s apart or more, not below', () => {
    expect(START_SPREAD_WARNING_MS).toBe(5000);
    const at = two(undefined, T0 + 5000);
    expect(at.warnings[0]).toBe(
      'the shards started up to 5 s apart, so their loads overlapped only in part: the merged run was ' +
        'lighter than the profile while they were not all running (start the matrix jobs together)',
    );
    expect(two(undefined, T0 + 4999).warnings).toEqual([]);
    expect(two(undefined, T0 + 5250).warnings[0]).toMatch(/^the shards started up to 5\.3 s apart/);
  });

  it('says when the shards were run by different versions, and which shards were interrupted', () => {
    const m = two((a, b) => {
      b.tool.version = '9.9.10';
      a.interrupted = 'stopped (SIGINT)';
      b.interrupted = 'the target died';
    });
    expect(m.warnings).toEqual([
      `the shards were run by different versions of ${m.tool.name} (9.9.9, 9.9.10)`,
    ]);
    expect(m.interrupted).toBe('shard 1/2: stopped (SIGINT); shard 2/2: the target died');
    const one = two((_a, b) => {
      b.interrupted = 'stopped';
    });
    expect(one.interrupted).toBe('shard 2/2: stopped');
    expect(two().interrupted).toBeUndefined();
  });

  it('adds up the same error sample across shards, keeps 5 per step and kind, most frequent first', () => {
    const sample = (detail: string, count: number, kind = 'http_5xx', step = 'order') =>
      ({ step, kind, status: 503, detail, count }) as RunResults['errorSamples'][number];
    const m = two((a, b) => {
      a.errorSamples = [sample('d1', 1), sample('d2', 2), sample('d3', 3), sample('t', 1, 'timeout')];
      b.errorSamples = [
        sample('d1', 9),
        sample('d4', 4),
        sample('d5', 5),
        sample('d6', 6),
        sample('c', 1, 'http_5xx', 'cart'),
      ];
    });
    expect(m.errorSamples.map((s) => [s.step, s.kind, s.detail, s.count])).toEqual([
      ['order', 'http_5xx', 'd1', 10],
      ['order', 'http_5xx', 'd6', 6],
      ['order', 'http_5xx', 'd5', 5],
      ['order', 'http_5xx', 'd4', 4],
      ['order', 'http_5xx', 'd3', 3],
      ['order', 'timeout', 't', 1],
      ['cart', 'http_5xx', 'c', 1],
    ]);
  });
});
