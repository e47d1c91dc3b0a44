/**
 * The merge as one step, shared by the CLI (`order-load-gate merge`) and the action's
 * `mode: merge`: read the shards' results, merge them, write the merged results, judge the
 * thresholds (the given ones, else those the profile was run with) and the integrity check
 * (reconciled once over every shard) as for a single run.
 */
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { logRunBlocks } from '../report/text-report.js';
import { checkFileWritable, saveResults } from '../results/output-files.js';
import type { RunResults } from '../results/results.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { stampVerdict } from '../results/run-verdict.js';
import { evaluateThresholds, parseThreshold, type Threshold } from '../results/thresholds.js';
import { shardLabel } from '../settings/shard.js';
import { mergeShardResults } from './merge-results.js';
import { readShardFiles } from './read-shards.js';

export interface MergeRequest {
  /** Results files, or directories searched recursively for them. */
  paths: readonly string[];
  /** Where to write the merged results JSON. */
  out?: string;
  /** Thresholds to judge; when absent or empty, the ones recorded in the shards' profile. */
  thresholds?: readonly Threshold[];
}

export interface MergeOutcome extends RunOutcome {
  /** The whole profile's public settings, as the shards recorded it. */
  profile: Record<string, unknown>;
  /** The files merged, in shard order. */
  sources: string[];
}

/** The thresholds recorded in a profile (settings.thresholds: expressions). */
export function profileThresholds(profile: Record<string, unknown>): Threshold[] {
  const list = Array.isArray(profile.thresholds) ? profile.thresholds : [];
  return list.filter((t): t is string => typeof t === 'string').map((t) => parseThreshold(t));
}

export async function runMerge(request: MergeRequest, logger: Logger): Promise<MergeOutcome> {
  if (request.out) await checkFileWritable('--out', request.out);
  const files = await readShardFiles(request.paths);
  const results: RunResults = mergeShardResults(files);
  const ordered = [...files].sort((a, b) => (a.results.shard?.index ?? 0) - (b.results.shard?.index ?? 0));
  const sources = ordered.map((f) => f.source);
  const labels = ordered.map((f) => (f.results.shard ? shardLabel(f.results.shard) : '?'));
  logger.info(`Merged ${files.length} shards (${labels.join(', ')}): ${sources.join(', ')}`);
  const profile = results.settings;
  const given = request.thresholds ?? [];
  const thresholds = evaluateThresholds(given.length > 0 ? given : profileThresholds(profile), results);
  const gatePassed = thresholds.every((t) => t.ok) && (results.integrity?.violations.length ?? 0) === 0;
  const verdict = stampVerdict(results, {
    gatePassed,
    ...(results.interrupted !== undefined ? { interrupted: `a shard: ${results.interrupted}` } : {}),
  });
  const outPath = request.out ? await saveResults(request.out, results, logger) : undefined;
  logRunBlocks(logger, results, thresholds);
  return {
    results,
    thresholds,
    passed: verdict.result === 'pass',
    verdict,
    ...(verdict.code ? { error: new GateError(verdict.code, verdict.reason ?? verdict.code) } : {}),
    endedBy: results.interrupted === undefined ? 'completed' : 'stopped',
    outPath,
    profile,
    sources,
  };
}
