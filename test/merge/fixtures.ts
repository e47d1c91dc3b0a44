/** Synthetic shard results for the merge tests: real recorders, real settings, seeded randomness. */
import { parseRunArgs } from '../../src/cli/run-args.js';
import { RunRecorder } from '../../src/engine/recorder.js';
import type { ShardFile } from '../../src/merge/shard-set.js';
import { skippedIntegrity } from '../../src/reconcile/reconcile.js';
import type { IntegrityInputs, IntegrityReport } from '../../src/results/integrity-types.js';
import { buildResults, type RunResults } from '../../src/results/results.js';
import { publicSettings, type RunSettings, resolveRunSettings } from '../../src/settings/run-settings.js';
import { seededRandom } from '../support/seeded-random.js';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

export function shardSettings(argv: string[], shard?: string): RunSettings {
  const args = ['--target', 'http://127.0.0.1:9', ...argv, ...(shard ? ['--shard', shard] : [])];
  return resolveRunSettings(parseRunArgs(args, {}).raw);
}

export interface Latencies {
  login: number[];
  products: number[];
  cart: number[];
  order: number[];
  flow: number[];
}

export interface FakeShard {
  results: RunResults;
  latencies: Latencies;
}

/**
 * One shard's results: each of its users logs in, lists, adds to the cart and orders once, with
 * random latencies; every 10th order fails with a 503. Requests end at startedAtMs + i * 20 ms.
 */
export function fakeShard(
  settings: RunSettings,
  options: { startedAtMs?: number; seed?: number; warnings?: string[] } = {},
): FakeShard {
  const startedAtMs = options.startedAtMs ?? T0;
  const random = seededRandom(options.seed ?? 1);
  const rec = new RunRecorder({ startedAtMs });
  const latencies: Latencies = { login: [], products: [], cart: [], order: [], flow: [] };
  const lat = (scale: number) => Math.round((1 + random() * scale) * 1000) / 1000;
  const users = settings.usersNeeded;
  for (let i = 0; i < users; i++) {
    const user = settings.userOffset + i;
    const at = startedAtMs + i * 20;
    rec.setActiveUsers(Math.min(users - i, 50), at);
    let flow = 0;
    for (const [step, scale] of [
      ['login', 30],
      ['products', 10],
      ['cart', 20],
    ] as const) {
      const ms = lat(scale);
      flow += ms;
      latencies[step].push(ms);
      // The cart line has a name of its own (a scenario step): its line is merged too.
      const name = step === 'cart' ? { name: 'add to cart' } : {};
      rec.record({
        step,
        ...name,
        status: step === 'cart' ? 201 : 200,
        latencyMs: ms,
        ok: true,
        endedAt: at,
      });
    }
    const failed = user % 10 === 9;
    const ms = lat(failed ? 900 : 200);
    flow += ms;
    latencies.order.push(ms);
    rec.record({
      step: 'order',
      status: failed ? 503 : 201,
      latencyMs: ms,
      ok: !failed,
      ...(failed ? { errorKind: 'http_5xx' as const, errorDetail: 'busy' } : {}),
      endedAt: at,
    });
    latencies.flow.push(flow);
    rec.recordIteration({
      userIndex: user,
      outcome: failed ? 'order_failed' : 'order_succeeded',
      latencyMs: flow,
      endedAt: at,
      ...(failed
        ? {}
        : { order: { orderId: `o${user}`, userIndex: user, items: [{ productId: '1', quantity: 1 }] } }),
    });
  }
  rec.setActiveUsers(0, startedAtMs + users * 20);
  for (const w of options.warnings ?? []) rec.addWarning(w);
  const results = buildResults(rec, {
    settings: publicSettings(settings),
    startedAt: new Date(startedAtMs),
    endedAt: new Date(startedAtMs + users * 20 + 100),
    target: settings.target,
    toolVersion: '9.9.9',
  });
  return { results, latencies };
}

/** n shards of one profile, as ShardFiles (through JSON, as they travel). */
export function fakeShardSet(
  argv: string[],
  n: number,
  options: { startSpreadMs?: number } = {},
): { files: ShardFile[]; shards: FakeShard[] } {
  const shards: FakeShard[] = [];
  for (let k = 1; k <= n; k++) {
    const s = shardSettings(argv, `${k}/${n}`);
    shards.push(fakeShard(s, { startedAtMs: T0 + (k - 1) * (options.startSpreadMs ?? 250), seed: k }));
  }
  const files = shards.map((s, i) => ({
    source: `shard-${i + 1}.json`,
    results: JSON.parse(JSON.stringify(s.results)) as RunResults,
  }));
  return { files, shards };
}

/**
 * A shard's integrity report as the shard job writes it: checked, nothing reconciled on its own
 * (the merge reconciles the whole), with the raw `inputs` the merge works from.
 */
export function shardIntegrityReport(inputs: IntegrityInputs): IntegrityReport {
  const { skipped: _none, ...empty } = skippedIntegrity('auto', 'not used');
  return { ...empty, checked: true, inputs };
}
