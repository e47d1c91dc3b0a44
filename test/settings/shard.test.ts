import { describe, expect, it } from 'vitest';
import { RUN_USAGE } from '../../src/cli/run-args.js';
import { ConfigError } from '../../src/core/errors.js';
import { RunRecorder } from '../../src/engine/recorder.js';
import { buildResults } from '../../src/results/results.js';
import { publicSettings, type RunSettings } from '../../src/settings/run-settings.js';
import { parseShard, planUsers, shardLabel } from '../../src/settings/shard.js';
import { shardSettings } from '../merge/fixtures.js';

function slices(argv: string[], n: number): RunSettings[] {
  return Array.from({ length: n }, (_, i) => shardSettings(argv, `${i + 1}/${n}`));
}

/** Every account of the whole run, from each shard's slice; fails on an overlap. */
function accounts(shards: RunSettings[]): number[] {
  const seen: number[] = [];
  for (const s of shards) for (let u = 0; u < s.usersNeeded; u++) seen.push(s.userOffset + u);
  return seen.sort((a, b) => a - b);
}

describe('--shard k/n', () => {
  it('is 1-based: 1/4 .. 4/4, and says so when given 0/4 or 5/4', () => {
    expect(parseShard('1/4', '--shard')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 4 / 4 ', '--shard')).toEqual({ index: 3, count: 4 });
    expect(shardLabel({ index: 0, count: 4 })).toBe('1/4');
    for (const bad of ['0/4', '5/4', '4', '1/0', 'a/b', '1/4/2', '-1/4', '1/999']) {
      expect(() => parseShard(bad, '--shard')).toThrow(ConfigError);
      expect(() => parseShard(bad, '--shard')).toThrow(/1-based/);
    }
    expect(() => parseShard('0/4', '--shard')).toThrow(/count from 1, not 0: use 1\/4/);
    expect(RUN_USAGE).toMatch(/--shard k\/n .*1-based \(1\/4 \.\. 4\/4\)/);
  });

  it('names the input as the user typed it (CLI flag)', () => {
    expect(() => shardSettings([], '0/2')).toThrow(/Invalid value for --shard: "0\/2"/);
  });

  it('splits the users of a spawn plan into disjoint slices that cover every account once', () => {
    const shards = slices(['--users', '1001', '--spawn-rate', '100'], 4);
    expect(shards.map((s) => s.usersNeeded)).toEqual([251, 250, 250, 250]);
    expect(shards.map((s) => s.userOffset)).toEqual([0, 251, 501, 751]);
    expect(accounts(shards)).toEqual(Array.from({ length: 1001 }, (_, i) => i));
    expect(shards.map((s) => s.plan)).toEqual(
      [251, 250, 250, 250].map((users) => ({ kind: 'spawn', users, spawnRate: 25 })),
    );
    const rates = shards.map((s) => (s.plan.kind === 'spawn' ? s.plan.spawnRate : 0));
    expect(rates.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('splits a staged shape: stage targets sum to the whole at every point, users disjoint', () => {
    const whole = shardSettings(['--shape', 'ramp-1000']);
    const shards = slices(['--shape', 'ramp-1000'], 3);
    if (whole.plan.kind !== 'stages') throw new Error('expected stages');
    for (const [i, stage] of whole.plan.stages.entries()) {
      const sum = shards.reduce((n, s) => n + (s.plan.kind === 'stages' ? s.plan.stages[i]!.target : 0), 0);
      expect(sum).toBe(stage.target);
    }
    expect(shards.map((s) => s.usersNeeded)).toEqual(shards.map((s) => planUsers(s.plan)));
    expect(accounts(shards)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shards.every((s) => s.iterations === 0)).toBe(true);
  });

  it('splits an open model: rates divided, max users split', () => {
    const shards = slices(['--arrival-rate', '50/s', '--max-users', '10', '--run-time', '30s'], 4);
    expect(shards.map((s) => s.plan)).toEqual(
      [3, 3, 2, 2].map((maxUsers) => ({ kind: 'arrival', rate: 12.5, maxUsers, durationMs: 30_000 })),
    );
    expect(accounts(shards)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('keeps the whole profile, and moves the thresholds to the merge', () => {
    const argv = ['--users', '400', '--threshold', 'success_rate>=0.9', '--seed', '--admin-token', 't'];
    const whole = shardSettings(argv);
    const s = shardSettings(argv, '2/4');
    expect(s.thresholds).toEqual([]);
    expect(s.shard).toMatchObject({ index: 1, count: 4 });
    expect(s.seed).toMatchObject({ mode: 'reference', users: 100 });
    const recorded = publicSettings(s);
    expect(recorded.shard).toEqual({ index: 1, count: 4, profile: publicSettings(whole) });
    expect(recorded.userOffset).toBe(100);
    expect(JSON.stringify(recorded)).not.toContain('"t"'); // no admin token
  });

  it('refuses more shards than users, and a self-seeding flash sale (each shard would reset its stock)', () => {
    expect(() => shardSettings(['--users', '3'], '1/4')).toThrow(/at most 3 shards/);
    const sale = ['--users', '40', '--profile', 'flash-sale', '--admin-token', 't'];
    expect(() => shardSettings([...sale, '--seed'], '1/4')).toThrow(/seed once before the shards/);
    expect(shardSettings(sale, '1/4').flashSale).toEqual({ stock: 100 });
  });

  it('marks the results of a shard with the shard (results.shard, 0-based index)', () => {
    const s = shardSettings(['--users', '8'], '3/4');
    const results = buildResults(new RunRecorder({ startedAtMs: 0 }), {
      settings: publicSettings(s),
      startedAt: new Date(0),
      endedAt: new Date(1000),
      target: s.target,
    });
    expect(results.shard).toEqual({ index: 2, count: 4 });
  });
});
