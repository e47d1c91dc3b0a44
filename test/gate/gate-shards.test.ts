/**
 * The action's job (runGate) with sharding: two shard jobs (shard 1/2, 2/2) against one shop,
 * then a merge job (mode merge): one verdict, one summary, one baseline entry, as for one run.
 */

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGateSettings } from '../../src/action/inputs.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { runGate } from '../../src/gate/run-gate.js';
import { readGitHubContext } from '../../src/publish/context.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { fakeShardSet } from '../merge/fixtures.js';

const TOKEN = 'gate-shards-admin-token';

const quiet: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  group: (_title, fn) => fn(),
};

function getter(inputs: Record<string, string>) {
  return (name: string) => inputs[name] ?? '';
}

describe('the action inputs for sharding', () => {
  it('reads shard k/n in mode run, 1-based, naming the input in errors', () => {
    const s = readGateSettings(getter({ 'target-url': 'http://127.0.0.1:1', users: '40', shard: '2/4' }), {});
    expect(s.run.shard).toMatchObject({ index: 1, count: 4 });
    expect(s.run.userOffset).toBe(10);
    expect(s.merge).toBeUndefined();
    expect(() => readGateSettings(getter({ 'target-url': 'http://127.0.0.1:1', shard: '0/4' }), {})).toThrow(
      /Invalid value for shard: "0\/4".*1-based/,
    );
  });

  it('mode merge needs results-dir but no target-url, and takes no shard', () => {
    const s = readGateSettings(getter({ mode: 'merge', 'results-dir': 'shards', seed: 'reference' }), {});
    expect(s.merge).toEqual({ resultsDir: 'shards' });
    expect(() => readGateSettings(getter({ mode: 'merge' }), {})).toThrow(/results-dir/);
    expect(() => readGateSettings(getter({ mode: 'merge', 'results-dir': 'x', shard: '1/2' }), {})).toThrow(
      ConfigError,
    );
    expect(() =>
      readGateSettings(getter({ 'target-url': 'http://127.0.0.1:1', 'results-dir': 'x' }), {}),
    ).toThrow(/results-dir.*no value unless mode is merge/);
    expect(() => readGateSettings(getter({ mode: 'fan-out' }), {})).toThrow(/mode.*one of run, merge/);
  });
});

describe('shard jobs and a merge job (runGate)', () => {
  let shop: RunningShop;
  let dir: string;
  const ctx = readGitHubContext({});

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 5 });
    dir = await mkdtemp(join(tmpdir(), 'olg-gate-shards-'));
  });
  afterAll(async () => {
    await shop?.close();
  });

  const common = () => ({
    baseline: `file:${join(dir, 'baselines.json')}`,
    'update-baseline': 'true',
    comment: 'never',
    thresholds: 'success_rate>=1\norder.p95<30s',
  });

  it('runs each shard, reports it, and leaves verdict, baseline and comment to the merge', async () => {
    const outcomes = await Promise.all(
      [1, 2].map((k) => {
        const settings = readGateSettings(
          getter({
            ...common(),
            'target-url': shop.url,
            seed: 'reference',
            'admin-token': TOKEN,
            users: '30',
            'spawn-rate': '100',
            shard: `${k}/2`,
            'report-dir': join(dir, 'artifacts', `shard-${k}`),
          }),
          {},
        );
        const summaries: string[] = [];
        return runGate(settings, ctx, quiet, { writeSummary: async (md) => void summaries.push(md) }).then(
          (o) => ({ o, summaries }),
        );
      }),
    );
    for (const [i, { o, summaries }] of outcomes.entries()) {
      expect(o.error).toBeUndefined();
      expect(o.result).toBe('pass');
      expect(o.results?.shard).toEqual({ index: i, count: 2 });
      expect(o.results?.orders.attempted).toBe(15);
      expect(o.comparison).toBeUndefined();
      expect(summaries[0]).toContain(`shard ${i + 1}/2`);
      expect(summaries[0]).toContain(
        i === 0 ? 'load_test_user_0 .. load_test_user_14' : 'load_test_user_15 .. load_test_user_29',
      );
    }
    expect(existsSync(join(dir, 'baselines.json'))).toBe(false);
  });

  it('merges them in mode merge, then judges, reports and records as for one run', async () => {
    const summaries: string[] = [];
    const settings = readGateSettings(
      getter({
        ...common(),
        mode: 'merge',
        'results-dir': join(dir, 'artifacts'),
        'report-dir': join(dir, 'merged'),
      }),
      {},
    );
    const o = await runGate(settings, ctx, quiet, { writeSummary: async (md) => void summaries.push(md) });
    expect(o.error).toBeUndefined();
    expect(o.result).toBe('pass');
    expect(o.results?.orders).toMatchObject({ attempted: 30, succeeded: 30 });
    expect(o.results?.shard).toBeUndefined();
    expect(summaries[0]).toContain('(merged from 2 shards)');
    expect(summaries[0]).toContain('Thresholds (all 2 passed)');
    const written = JSON.parse(await readFile(join(dir, 'merged', 'results.json'), 'utf8'));
    expect(written.orders.attempted).toBe(30);
    // Recorded once, under the whole profile's key (the one an unsharded 30-user run uses).
    const baselines = JSON.parse(await readFile(join(dir, 'baselines.json'), 'utf8'));
    expect(Object.keys(baselines)).toEqual(['users-30']);
  });

  it("records a merged flash sale under the flash sale's own key, derived from the shards' profile", async () => {
    const { files } = fakeShardSet(['--users', '40', '--profile', 'flash-sale'], 2);
    for (const [i, f] of files.entries()) {
      await mkdir(join(dir, 'sale', `shard-${i + 1}`), { recursive: true });
      await writeFile(join(dir, 'sale', `shard-${i + 1}`, 'results.json'), JSON.stringify(f.results));
    }
    const baselines = join(dir, 'sale-baselines.json');
    const settings = readGateSettings(
      getter({
        mode: 'merge',
        'results-dir': join(dir, 'sale'),
        'report-dir': join(dir, 'sale-merged'),
        baseline: `file:${baselines}`,
        'update-baseline': 'true',
        comment: 'never',
      }),
      {},
    );
    const o = await runGate(settings, ctx, quiet);
    expect(o.error).toBeUndefined();
    expect(Object.keys(JSON.parse(await readFile(baselines, 'utf8')))).toEqual(['flash-sale-users-40']);
  });

  it('fails on a threshold of the merged results, and errors on a missing shard', async () => {
    const merged = (extra: Record<string, string>) =>
      readGateSettings(
        getter({
          ...common(),
          'update-baseline': 'false',
          mode: 'merge',
          'results-dir': join(dir, 'artifacts'),
          'report-dir': join(dir, 'merged-2'),
          ...extra,
        }),
        {},
      );
    const failed = await runGate(merged({ thresholds: 'order.p95<0.001ms' }), ctx, quiet);
    expect(failed.result).toBe('fail');
    expect(failed.failureReasons.join()).toMatch(/order\.p95<0\.001ms/);

    await mkdir(join(dir, 'elsewhere'), { recursive: true });
    await rename(join(dir, 'artifacts', 'shard-2'), join(dir, 'elsewhere', 'shard-2'));
    const missing = await runGate(merged({}), ctx, quiet);
    expect(missing.result).toBe('error');
    expect(missing.failureReasons[0]).toMatch(/shard 2\/2 is missing/);
  });
});
