/**
 * Merging the shards of one run into one RunResults, the same schema as a single run's, so every
 * consumer (thresholds, baseline, reports) works unchanged. Exact where the data allows it:
 * latency histograms are added (HDR add: the merged percentiles are those of one histogram fed
 * every latency), counters are summed, the ledgers concatenated; timelines are aligned on
 * wall-clock time (see timeline.ts); the integrity check is reconciled once over the whole
 * (merge-integrity.ts). Pure: no I/O.
 */
import { mergeHistograms, summarize } from '../engine/histogram.js';
import { decodeHistogram, encodeHistogram } from '../engine/histogram-codec.js';
import { METRIC_STEPS, type MetricStep } from '../engine/recorder.js';
import type { NamedStepResults, RunResults, StepResults } from '../results/results.js';
import { shardLabel } from '../settings/shard.js';
import { mergeIntegrity } from './merge-integrity.js';
import { checkShardSet, type ShardFile } from './shard-set.js';
import { mergeTimelines } from './timeline.js';

/** Shards that started further apart than this get a warning: their loads did not fully overlap. */
export const START_SPREAD_WARNING_MS = 5_000;
const MAX_SAMPLES_PER_KIND = 5;

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

function sumRecords(records: readonly Record<string, number>[], numericKeys = false): Record<string, number> {
  const out = new Map<string, number>();
  for (const r of records) for (const [k, v] of Object.entries(r)) out.set(k, (out.get(k) ?? 0) + v);
  const entries = [...out];
  if (numericKeys) entries.sort((a, b) => Number(a[0]) - Number(b[0]));
  return Object.fromEntries(entries);
}

function mergeStep(parts: readonly StepResults[], durationS: number): StepResults {
  const histogram = mergeHistograms(parts.map((p) => decodeHistogram(p.histogram)));
  const count = parts.reduce((n, p) => n + p.count, 0);
  const failures = parts.reduce((n, p) => n + p.failures, 0);
  return {
    count,
    failures,
    failureRate: count > 0 ? failures / count : 0,
    rps: durationS > 0 ? round(count / durationS, 2) : 0,
    errors: sumRecords(parts.map((p) => p.errors)),
    statusCodes: sumRecords(
      parts.map((p) => p.statusCodes),
      true,
    ),
    latencyMs: summarize(histogram),
    histogram: encodeHistogram(histogram),
  };
}

/** The named steps of every shard, by name, in the first shard's order. */
function mergeFlowSteps(shards: readonly RunResults[], durationS: number): NamedStepResults[] {
  const byName = new Map<string, NamedStepResults[]>();
  for (const r of shards) {
    for (const s of r.flowSteps ?? []) {
      const list = byName.get(s.name) ?? [];
      list.push(s);
      byName.set(s.name, list);
    }
  }
  return [...byName].map(([name, parts]) => ({
    name,
    phase: parts[0]!.phase,
    ...mergeStep(parts, durationS),
  }));
}

type ErrorSample = RunResults['errorSamples'][number];

/** Same step, kind, status and detail add up; at most 5 distinct per step and kind, most frequent first. */
function mergeErrorSamples(lists: readonly (readonly ErrorSample[])[]): ErrorSample[] {
  const byKey = new Map<string, ErrorSample>();
  for (const list of lists) {
    for (const s of list) {
      const key = JSON.stringify([s.step, s.name ?? '', s.kind, s.status, s.detail]);
      const held = byKey.get(key);
      if (held) held.count += s.count;
      else byKey.set(key, { ...s });
    }
  }
  const perKind = new Map<string, number>();
  return [...byKey.values()]
    .sort((a, b) => b.count - a.count)
    .filter((s) => {
      const key = `${s.step}:${s.name ?? ''}:${s.kind}`;
      const n = perKind.get(key) ?? 0;
      perKind.set(key, n + 1);
      return n < MAX_SAMPLES_PER_KIND;
    });
}

/** Each distinct warning once, prefixed with the shards that raised it. */
function mergeWarnings(shards: readonly RunResults[]): string[] {
  const byText = new Map<string, string[]>();
  for (const r of shards) {
    for (const w of r.warnings) {
      const labels = byText.get(w) ?? [];
      labels.push(shardLabel(r.shard!));
      byText.set(w, labels);
    }
  }
  return [...byText].map(
    ([text, labels]) =>
      `${labels.length === shards.length ? 'every shard' : `shard ${labels.join(', ')}`}: ${text}`,
  );
}

/** Merges the results of every shard of one run (checked by checkShardSet: else a ShardSetError). */
export function mergeShardResults(files: readonly ShardFile[]): RunResults {
  const set = checkShardSet(files);
  const shards = set.shards.map((f) => f.results);
  const first = shards[0]!;
  const starts = shards.map((r) => Date.parse(r.startedAt));
  const ends = shards.map((r, i) => Math.max(Date.parse(r.endedAt), starts[i]! + r.durationMs));
  const startedAtMs = Math.min(...starts);
  const endedAtMs = Math.max(...ends);
  const durationMs = Math.max(0, endedAtMs - startedAtMs);
  const durationS = durationMs / 1000;
  const sum = (get: (r: RunResults) => number) => shards.reduce((n, r) => n + get(r), 0);

  const steps = {} as Record<MetricStep, StepResults>;
  for (const step of METRIC_STEPS)
    steps[step] = mergeStep(
      shards.map((r) => r.steps[step]),
      durationS,
    );
  const requests = sum(
    (r) => r.steps.login.count + r.steps.products.count + r.steps.cart.count + r.steps.order.count,
  );
  const orders = {
    attempted: sum((r) => r.orders.attempted),
    succeeded: sum((r) => r.orders.succeeded),
    failed: sum((r) => r.orders.failed),
    outOfStock: sum((r) => r.orders.outOfStock),
  };
  const noOrder = {
    soldOut: sum((r) => r.noOrder.soldOut),
    cartFailed: sum((r) => r.noOrder.cartFailed),
    loginFailed: sum((r) => r.noOrder.loginFailed),
    productsFailed: sum((r) => r.noOrder.productsFailed),
  };

  const warnings = mergeWarnings(shards);
  const spread = Math.max(...starts) - startedAtMs;
  if (spread >= START_SPREAD_WARNING_MS) {
    warnings.unshift(
      `the shards started up to ${round(spread / 1000, 1)} s apart, so their loads overlapped only in part: ` +
        `the merged run was lighter than the profile while they were not all running (start the matrix jobs together)`,
    );
  }
  const versions = [...new Set(shards.map((r) => r.tool.version))];
  if (versions.length > 1) {
    warnings.push(`the shards were run by different versions of ${first.tool.name} (${versions.join(', ')})`);
  }
  const interrupted = shards
    .filter((r) => r.interrupted !== undefined)
    .map((r) => `shard ${shardLabel(r.shard!)}: ${r.interrupted}`);

  const merged: RunResults = {
    schemaVersion: first.schemaVersion,
    tool: { ...first.tool },
    target: first.target,
    settings: { ...set.profile, mergedShards: set.count },
    startedAt: new Date(startedAtMs).toISOString(),
    endedAt: new Date(endedAtMs).toISOString(),
    durationMs,
    orders,
    cart: { failed: sum((r) => r.cart.failed) },
    login: { failed: sum((r) => r.login.failed) },
    noOrder,
    successRate: orders.attempted > 0 ? orders.succeeded / orders.attempted : 0,
    rps: durationS > 0 ? round(requests / durationS, 2) : 0,
    iterations: {
      completed: sum((r) => r.iterations.completed),
      dropped: sum((r) => r.iterations.dropped),
      late: sum((r) => r.iterations.late),
    },
    steps,
    timeline: mergeTimelines(
      shards.map((r, i) => ({ startedAtMs: starts[i]!, timeline: r.timeline })),
      endedAtMs,
    ),
    warnings,
    errorSamples: mergeErrorSamples(shards.map((r) => r.errorSamples)),
    ledger: shards.flatMap((r) => r.ledger),
  };
  const flowSteps = mergeFlowSteps(shards, durationS);
  if (flowSteps.length > 0) merged.flowSteps = flowSteps;
  if (interrupted.length > 0) merged.interrupted = interrupted.join('; ');
  const integrity = mergeIntegrity(shards, merged.ledger);
  if (integrity) merged.integrity = integrity;
  return merged;
}
