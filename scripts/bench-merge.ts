/**
 * Merge figure: 16 shard results files of 1,000 users each (one shard of a 16,000-user profile
 * per file: histograms, a 2-minute timeline, a 1,000-order ledger, the integrity observations),
 * merged as the CLI's `order-load-gate merge DIR --out merged.json` does it: read, validate,
 * merge (integrity reconciled once over the whole), write.
 *
 *   npx tsx scripts/bench-merge.ts [shards=16] [usersPerShard=1000]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunArgs } from '../src/cli/run-args.js';
import { silentLogger } from '../src/core/logger.js';
import { RunRecorder } from '../src/engine/recorder.js';
import type { StepName } from '../src/engine/types.js';
import { mergeShardResults } from '../src/merge/merge-results.js';
import { readShardFiles } from '../src/merge/read-shards.js';
import { reconcileIntegrity } from '../src/reconcile/reconcile.js';
import { deferIntegrityToMerge } from '../src/reconcile/shard-integrity.js';
import { emptyTally } from '../src/reconcile/tally.js';
import { saveResults } from '../src/results/output-files.js';
import { buildResults, type RunResults } from '../src/results/results.js';
import { publicSettings, resolveRunSettings } from '../src/settings/run-settings.js';

const SHARDS = Number(process.argv[2] ?? 16);
const USERS_PER_SHARD = Number(process.argv[3] ?? 1000);
const ROUNDS = 7;
const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** One shard's results as a real run makes them: every user logs in, lists, adds 1-2 products, orders. */
function shardResults(k: number): RunResults {
  const argv = ['--target', 'http://127.0.0.1:8000', '--users', String(SHARDS * USERS_PER_SHARD)];
  const settings = resolveRunSettings(parseRunArgs([...argv, '--shard', `${k}/${SHARDS}`], {}).raw);
  const startedAtMs = T0 + k * 137;
  const rec = new RunRecorder({ startedAtMs });
  let seed = k * 7919;
  const random = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const spreadMs = 120_000;
  for (let i = 0; i < settings.usersNeeded; i++) {
    const user = settings.userOffset + i;
    const at = startedAtMs + Math.floor((i / settings.usersNeeded) * spreadMs);
    rec.setActiveUsers(Math.min(i + 1, 300), at);
    const items = random() < 0.5 ? 1 : 2;
    const steps: StepName[] = ['login', 'products', ...Array<StepName>(items).fill('cart'), 'order'];
    let flow = 0;
    let ok = true;
    for (const step of steps) {
      const ms = 2 + random() * random() * 400;
      flow += ms;
      const failed = step === 'order' && random() < 0.02;
      rec.record({
        step,
        status: failed ? 503 : step === 'cart' || step === 'order' ? 201 : 200,
        latencyMs: ms,
        ok: !failed,
        ...(failed ? { errorKind: 'http_5xx' as const, errorDetail: 'database busy' } : {}),
        endedAt: at,
      });
      if (failed) ok = false;
    }
    rec.recordIteration({
      userIndex: user,
      outcome: ok ? 'order_succeeded' : 'order_failed',
      latencyMs: flow,
      endedAt: at,
      ...(ok
        ? {
            order: {
              orderId: String(100_000 + user),
              userIndex: user,
              items: Array.from({ length: items }, (_, j) => ({
                productId: String(1 + ((user + j) % 100)),
                quantity: 1,
              })),
            },
          }
        : {}),
    });
  }
  rec.setActiveUsers(0, startedAtMs + spreadMs);
  return buildResults(rec, {
    settings: publicSettings(settings),
    startedAt: new Date(startedAtMs),
    endedAt: new Date(startedAtMs + spreadMs + 500),
    target: settings.target,
  });
}

/**
 * The integrity observations each shard keeps for the merge (as with --integrity auto and the
 * admin token): inventories of 100 products before and after, the answers, every order read back.
 */
function addIntegrity(shards: RunResults[]): void {
  const units = new Map<string, number>();
  for (const r of shards)
    for (const o of r.ledger)
      for (const l of o.items) units.set(l.productId, (units.get(l.productId) ?? 0) + l.quantity);
  const ids = Array.from({ length: 100 }, (_, i) => String(i + 1));
  const orders = shards.reduce((n, r) => n + r.ledger.length, 0);
  for (const r of shards) {
    const at = (ms: number) => new Date(Date.parse(r.startedAt) + ms).toISOString();
    const tally = emptyTally();
    Object.assign(tally, {
      attempts: r.orders.attempted,
      accepted: r.ledger.length,
      serverErrors: r.orders.failed,
    });
    const report = reconcileIntegrity({
      mode: 'auto',
      ledger: r.ledger,
      before: { takenAt: at(-200), products: ids.map((id) => ({ id, stock: 100_000 })), orders: 0 },
      after: {
        takenAt: at(r.durationMs + 300),
        products: ids.map((id) => ({ id, stock: 100_000 - (units.get(id) ?? 0) })),
        orders,
      },
      orderErrors: tally,
      readBack: {
        ledgerOrders: r.ledger.length,
        limit: 1000,
        sampled: false,
        orders: r.ledger.map((o) => ({ orderId: o.orderId, status: 200, found: true, items: o.items })),
      },
    });
    r.integrity = deferIntegrityToMerge(report, r.shard);
  }
}

const dir = await mkdtemp(join(tmpdir(), 'olg-bench-merge-'));
try {
  let bytes = 0;
  const shards = Array.from({ length: SHARDS }, (_, i) => shardResults(i + 1));
  addIntegrity(shards);
  for (const [i, results] of shards.entries()) {
    const path = join(dir, 'shards', `shard-${i + 1}.json`);
    await saveResults(path, results, silentLogger);
    bytes += (await stat(path)).size;
  }
  out(
    `order-load-gate merge: ${SHARDS} shard files x ${USERS_PER_SHARD} users (${(bytes / 1e6).toFixed(1)} MB)`,
  );
  out(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);
  const totals: number[] = [];
  let merged: RunResults | undefined;
  for (let round = 1; round <= ROUNDS; round++) {
    const t0 = performance.now();
    const files = await readShardFiles([join(dir, 'shards')]);
    const t1 = performance.now();
    merged = mergeShardResults(files);
    const t2 = performance.now();
    await saveResults(join(dir, 'merged.json'), merged, silentLogger);
    const t3 = performance.now();
    totals.push(t3 - t0);
    out(
      `  round ${round}: ${(t3 - t0).toFixed(0)} ms (read + validate ${(t1 - t0).toFixed(0)} ms, ` +
        `merge ${(t2 - t1).toFixed(0)} ms, write ${(t3 - t2).toFixed(0)} ms)`,
    );
  }
  const sorted = [...totals].sort((a, b) => a - b);
  out(
    `merge of ${SHARDS} x ${USERS_PER_SHARD} users: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, ` +
      `first (cold) ${totals[0]!.toFixed(0)} ms, slowest ${sorted[sorted.length - 1]!.toFixed(0)} ms; ` +
      `merged: ${merged?.orders.attempted} orders, ${merged?.ledger.length} in the ledger, order p95 ${merged?.steps.order.latencyMs.p95} ms, ` +
      `integrity ${merged?.integrity?.checked ? `reconciled, ${merged.integrity.violations.length} violations` : 'not checked'}`,
  );
  // The whole command, process start included, when the CLI is built (npm run build).
  const cli = fileURLToPath(new URL('../lib/cli.js', import.meta.url));
  if (existsSync(cli)) {
    const t0 = performance.now();
    const run = spawnSync(
      process.execPath,
      [cli, 'merge', join(dir, 'shards'), '--out', join(dir, 'cli.json')],
      {
        encoding: 'utf8',
      },
    );
    const ms = performance.now() - t0;
    out(
      run.status === 0
        ? `the whole command, node lib/cli.js merge DIR --out FILE (process start included): ${ms.toFixed(0)} ms`
        : `node lib/cli.js merge failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
