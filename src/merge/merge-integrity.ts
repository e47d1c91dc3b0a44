/**
 * The integrity check of a sharded run, reconciled ONCE over the whole: the shards' ledgers
 * concatenated, their tallies of order answers summed, their read-backs and processing waits
 * combined, the inventory before = the earliest shard's before-snapshot and after = the latest
 * shard's after-snapshot. A shard alone cannot reconcile: the stock also moved for the others.
 * Pure: reconcileIntegrity() does the checking.
 */
import { mergeHistograms, summarize } from '../engine/histogram.js';
import { decodeHistogram, encodeHistogram } from '../engine/histogram-codec.js';
import type { AcceptedOrder } from '../engine/types.js';
import { reconcileIntegrity, skippedIntegrity } from '../reconcile/reconcile.js';
import { mergeTallies } from '../reconcile/tally.js';
import type {
  IntegrityInputs,
  IntegrityReport,
  InventorySnapshot,
  ProcessingObservations,
  ReadBackObservations,
} from '../results/integrity-types.js';
import type { RunResults } from '../results/results.js';
import { shardLabel } from '../settings/shard.js';
import { canonicalJson } from './shard-set.js';

const MAX_NOT_PROCESSED_IDS = 100;

function pick(snapshots: readonly InventorySnapshot[], latest: boolean): InventorySnapshot {
  let best = snapshots[0]!;
  for (const s of snapshots) {
    const d = Date.parse(s.takenAt) - Date.parse(best.takenAt);
    if (latest ? d > 0 : d < 0) best = s;
  }
  return best;
}

function mergeReadBack(parts: readonly ReadBackObservations[]): ReadBackObservations | undefined {
  if (parts.length === 0) return undefined;
  return {
    ledgerOrders: parts.reduce((n, p) => n + p.ledgerOrders, 0),
    limit: parts.reduce((n, p) => n + p.limit, 0),
    sampled: parts.some((p) => p.sampled),
    orders: parts.flatMap((p) => p.orders),
  };
}

function mergeProcessing(parts: readonly ProcessingObservations[]): ProcessingObservations | undefined {
  const first = parts[0];
  if (!first) return undefined;
  const histogram = mergeHistograms(parts.map((p) => decodeHistogram(p.histogram)));
  return {
    processedStatus: first.processedStatus,
    waitLimitMs: Math.max(...parts.map((p) => p.waitLimitMs)),
    waitedMs: Math.max(...parts.map((p) => p.waitedMs)),
    polled: parts.reduce((n, p) => n + p.polled, 0),
    processed: parts.reduce((n, p) => n + p.processed, 0),
    notProcessed: parts.flatMap((p) => p.notProcessed).slice(0, MAX_NOT_PROCESSED_IDS),
    notProcessedCount: parts.reduce((n, p) => n + p.notProcessedCount, 0),
    timing: parts.every((p) => p.timing === 'server') ? 'server' : 'observed',
    histogram: encodeHistogram(histogram),
    latencyMs: summarize(histogram),
  };
}

/** Why the whole cannot be reconciled, or undefined when every shard brought its raw inputs. */
function notReconcilable(shards: readonly RunResults[]): string | undefined {
  const reasons = shards
    .filter((r) => !r.integrity?.inputs)
    .map((r) => ({ label: shardLabel(r.shard!), why: r.integrity?.skipped ?? 'it has no integrity check' }));
  if (reasons.length === 0) {
    const options = new Set(shards.map((r) => canonicalJson(r.integrity?.inputs?.options ?? null)));
    return options.size > 1 ? 'the shards ran with different flash-sale products' : undefined;
  }
  const whys = new Set(reasons.map((r) => r.why));
  if (reasons.length === shards.length && whys.size === 1) return reasons[0]!.why;
  return `not every shard could read the inventory (${reasons.map((r) => `shard ${r.label}: ${r.why}`).join('; ')})`;
}

/**
 * The merged run's integrity report; undefined when no shard had one. `ledger` is the merged
 * ledger (every shard's accepted orders).
 */
export function mergeIntegrity(
  shards: readonly RunResults[],
  ledger: readonly AcceptedOrder[],
): IntegrityReport | undefined {
  const reports = shards.map((r) => r.integrity).filter((r) => r !== undefined);
  const mode = reports[0]?.mode;
  if (mode === undefined) return undefined;
  const reason = notReconcilable(shards);
  if (reason !== undefined) return skippedIntegrity(mode, reason);
  const inputs = shards.map((r) => r.integrity!.inputs!);
  const before = pick(
    inputs.map((i) => i.before),
    false,
  );
  const after = pick(
    inputs.map((i) => i.after),
    true,
  );
  const combined: IntegrityInputs = {
    before,
    after,
    orderErrors: mergeTallies(inputs.map((i) => i.orderErrors)),
  };
  const readBack = mergeReadBack(inputs.flatMap((i) => (i.readBack ? [i.readBack] : [])));
  if (readBack) combined.readBack = readBack;
  const processing = mergeProcessing(inputs.flatMap((i) => (i.processing ? [i.processing] : [])));
  if (processing) combined.processing = processing;
  if (inputs[0]!.options) combined.options = inputs[0]!.options;
  const report = reconcileIntegrity({ ...combined, ledger, mode });
  const beforeShard = shards[inputs.findIndex((i) => i.before === before)]!.shard!;
  const afterShard = shards[inputs.findIndex((i) => i.after === after)]!.shard!;
  report.notes.unshift(
    `Reconciled once over all ${shards.length} shards: the inventory before the load is shard ` +
      `${shardLabel(beforeShard)}'s (the earliest, ${before.takenAt}), after it shard ${shardLabel(afterShard)}'s ` +
      `(the latest, ${after.takenAt}); ledgers, answers and read-backs of every shard combined.`,
  );
  return report;
}
