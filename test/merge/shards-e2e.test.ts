/**
 * Four shards of one run as four processes at the same time against one reference shop, then
 * the merge: user slices disjoint and complete, counts summed, percentiles exact, and the shop's
 * stock moved by exactly the merged ledger.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { createHistogram, recordMs, summarize } from '../../src/engine/histogram.js';
import { decodeHistogram } from '../../src/engine/histogram-codec.js';
import { METRIC_STEPS, type MetricStep } from '../../src/engine/recorder.js';
import type { RunResults } from '../../src/results/results.js';
import { parseResults } from '../../src/results/results-schema.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { captureIo } from '../support/capture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TAPPED_CLI = join(ROOT, 'test', 'merge', 'support', 'tapped-cli.ts');
const TOKEN = 'shards-test-admin-token';
const USERS = 400;
const SHARDS = 4;

interface Inventory {
  products: { id: number | string; stock: number }[];
  orders: number;
  unitsOrdered: number;
}

async function inventory(url: string): Promise<Inventory> {
  const res = await request(`${url}/admin/inventory`, { headers: { 'x-admin-token': TOKEN } });
  return (await res.body.json()) as Inventory;
}

interface ShardRun {
  code: number | null;
  output: string;
}

/** One shard as its own process (the CLI under tsx, with the latency tap), bounded in time. */
function runShard(args: string[], tapFile: string): Promise<ShardRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', TAPPED_CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, TAP_FILE: tapFile, ORDER_LOAD_GATE_ADMIN_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The value at a percentile of raw latencies (ms), ranked as HdrHistogram ranks (µs, rounded). */
function exactPercentile(sortedUs: number[], percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sortedUs.length - 1e-9));
  return sortedUs[Math.min(rank, sortedUs.length) - 1]! / 1000;
}

describe('4 shards in 4 processes against one shop, merged', () => {
  let shop: RunningShop;
  let dir: string;
  const shards: RunResults[] = [];
  const taps: Record<MetricStep, number[]>[] = [];
  let merged: RunResults;
  let before: Inventory;
  let after: Inventory;

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 5 });
    dir = await mkdtemp(join(tmpdir(), 'olg-shards-'));
    const seed = ['seed', '--target', shop.url, '--admin-token', TOKEN, '--users', String(USERS)];
    expect(await runCli([...seed, '--products', '20', '--stock', '100000'], captureIo())).toBe(0);
    before = await inventory(shop.url);
    // 20 users/s per shard: each shard's load lasts about 5 s, longer than the processes' start-up skew.
    const profile = ['--target', shop.url, '--users', String(USERS), '--spawn-rate', '80'];
    const runs = await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        runShard(
          [
            'run',
            ...profile,
            '--threshold',
            'success_rate>=1',
            '--admin-token',
            TOKEN, // reads the inventory before and after: the integrity check's raw inputs
            '--shard',
            `${i + 1}/${SHARDS}`,
            '--out',
            join(dir, 'results', `shard-${i + 1}`, 'results.json'),
            '--progress',
            'off',
          ],
          join(dir, `tap-${i + 1}.json`),
        ),
      ),
    );
    for (const [i, run] of runs.entries()) {
      expect(run.code, `shard ${i + 1}/${SHARDS}:\n${run.output}`).toBe(0);
      const file = join(dir, 'results', `shard-${i + 1}`, 'results.json');
      shards.push(parseResults(JSON.parse(await readFile(file, 'utf8')), file));
      taps.push(JSON.parse(await readFile(join(dir, `tap-${i + 1}.json`), 'utf8')));
    }
    after = await inventory(shop.url);
    const io = captureIo();
    const out = join(dir, 'merged.json');
    // A directory, as actions/download-artifact lays the shards out (one directory per artifact).
    expect(await runCli(['merge', join(dir, 'results'), '--out', out], io), io.err()).toBe(0);
    merged = parseResults(JSON.parse(await readFile(out, 'utf8')), out);
    expect(io.out()).toContain('Order Concurrency Test Results');
    expect(io.out()).toMatch(/success_rate>=1/); // the profile's threshold, judged on the merge
  }, 120_000);

  afterAll(async () => {
    await shop?.close();
  });

  it('ran the shards at the same time', () => {
    const starts = shards.map((r) => Date.parse(r.startedAt));
    const ends = shards.map((r) => Date.parse(r.endedAt));
    expect(Math.max(...starts)).toBeLessThan(Math.min(...ends));
    expect(shards.map((r) => r.shard)).toEqual([0, 1, 2, 3].map((index) => ({ index, count: SHARDS })));
  });

  it('gave each shard a disjoint slice of the users; together they are every user once', () => {
    const seen = new Map<number, number>();
    for (const [k, r] of shards.entries()) {
      const from = r.settings.userOffset as number;
      const to = from + (r.settings.usersNeeded as number);
      for (const order of r.ledger) {
        expect(order.userIndex).toBeGreaterThanOrEqual(from);
        expect(order.userIndex).toBeLessThan(to);
        expect(seen.has(order.userIndex), `user ${order.userIndex} in two shards`).toBe(false);
        seen.set(order.userIndex, k);
      }
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: USERS }, (_, i) => i));
    expect(merged.ledger.map((o) => o.userIndex).sort((a, b) => a - b)).toEqual(
      [...seen.keys()].sort((a, b) => a - b),
    );
  });

  it('merged counts are the sums of the shards', () => {
    const sum = (get: (r: RunResults) => number) => shards.reduce((n, r) => n + get(r), 0);
    expect(merged.orders).toEqual({
      attempted: sum((r) => r.orders.attempted),
      succeeded: sum((r) => r.orders.succeeded),
      failed: sum((r) => r.orders.failed),
      outOfStock: sum((r) => r.orders.outOfStock),
    });
    expect(merged.orders).toMatchObject({ attempted: USERS, succeeded: USERS });
    for (const step of METRIC_STEPS) {
      expect(merged.steps[step].count, step).toBe(sum((r) => r.steps[step].count));
      expect(merged.steps[step].failures, step).toBe(sum((r) => r.steps[step].failures));
      expect(decodeHistogram(merged.steps[step].histogram).totalCount).toBe(merged.steps[step].count);
    }
    expect(merged.steps.order.statusCodes).toEqual({ '201': USERS });
    expect(merged.timeline.reduce((n, p) => n + p.requests, 0)).toBe(
      sum((r) => r.timeline.reduce((m, p) => m + p.requests, 0)),
    );
    expect(merged.settings).toMatchObject({
      plan: { kind: 'spawn', users: USERS, spawnRate: 80 },
      userOffset: 0,
    });
  });

  it('merged percentiles are those of one histogram fed every latency of every shard', () => {
    for (const step of METRIC_STEPS) {
      const raw = taps.flatMap((t) => t[step]);
      expect(raw.length, step).toBe(merged.steps[step].count);
      const one = createHistogram();
      for (const ms of raw) recordMs(one, ms);
      expect(merged.steps[step].latencyMs, step).toEqual(summarize(one));
      // and, against the raw values themselves, within HDR precision (3 digits) and 0.01 ms rounding
      const sortedUs = raw.map((ms) => Math.max(1, Math.round(ms * 1000))).sort((a, b) => a - b);
      const l = merged.steps[step].latencyMs;
      for (const [p, value] of [
        [50, l.p50],
        [90, l.p90],
        [95, l.p95],
        [99, l.p99],
        [100, l.max],
      ] as const) {
        const exact = exactPercentile(sortedUs, p);
        expect(Math.abs(value - exact), `${step} p${p}: ${value} vs ${exact}`).toBeLessThanOrEqual(
          exact * 0.001 + 0.01,
        );
      }
    }
  });

  it("reconciles integrity once over the whole run, from every shard's observations", () => {
    // Alone, a shard cannot reconcile (the stock also moved for the others): it keeps its inputs.
    for (const r of shards) {
      expect(r.integrity).toMatchObject({ checked: false, violations: [] });
      expect(r.integrity?.skipped).toMatch(/reconciled by the merge/);
      expect(r.integrity?.inputs?.orderErrors.accepted).toBe(r.orders.succeeded);
    }
    const integrity = merged.integrity!;
    expect(integrity.checked).toBe(true);
    expect(integrity.violations).toEqual([]);
    expect(integrity.summary).toMatchObject({
      ordersAccepted: USERS,
      ordersCreated: USERS,
      ordersReadBack: USERS,
    });
    expect(integrity.summary.orderAnswers).toMatchObject({ attempts: USERS, accepted: USERS });
    const takenAt = (pick: 'before' | 'after') =>
      shards.map((r) => Date.parse(r.integrity!.inputs![pick].takenAt));
    expect(Date.parse(integrity.inputs!.before.takenAt)).toBe(Math.min(...takenAt('before')));
    expect(Date.parse(integrity.inputs!.after.takenAt)).toBe(Math.max(...takenAt('after')));
    expect(integrity.notes[0]).toMatch(/Reconciled once over all 4 shards/);
  });

  it("moved the shop's stock by exactly the merged ledger", () => {
    const units = new Map<string, number>();
    for (const o of merged.ledger)
      for (const item of o.items) units.set(item.productId, (units.get(item.productId) ?? 0) + item.quantity);
    const stock = (inv: Inventory) => new Map(inv.products.map((p) => [String(p.id), p.stock]));
    const b = stock(before);
    const a = stock(after);
    for (const [id, was] of b) expect(was - (a.get(id) ?? 0), `product ${id}`).toBe(units.get(id) ?? 0);
    expect(after.orders - before.orders).toBe(merged.ledger.length);
  });
});
