/**
 * A shard's own integrity report: the raw observations kept for the merge, no verdict. While
 * the shards run at the same time, the stock also moves for the other shards' orders, so a shard
 * alone would see "phantom" decrements and orders; only the merge, with every shard's ledger,
 * can reconcile (merge-integrity.ts).
 */

import type { IntegrityReport } from '../results/integrity-types.js';
import { shardLabel } from '../settings/shard.js';
import type { ShardId } from '../settings/types.js';
import { skippedIntegrity } from './reconcile.js';

export function deferIntegrityToMerge(report: IntegrityReport, shard: ShardId | undefined): IntegrityReport {
  if (!shard || !report.checked || !report.inputs) return report;
  return {
    ...skippedIntegrity(report.mode, `shard ${shardLabel(shard)}: reconciled by the merge, over every shard`),
    notes: [
      'The stock also moved for the other shards: this shard keeps its observations (integrity.inputs) ' +
        'for the merge, which reconciles once over the whole run.',
      ...report.notes,
    ],
    inputs: report.inputs,
  };
}
