/**
 * Checks that a set of results files is exactly the shards of one run: every file a shard, all
 * of the same split (n), each of 1/n .. n/n present once, all of the same whole profile. Pure.
 */

import { GateError } from '../core/errors.js';
import type { RunResults } from '../results/results.js';
import { shardLabel, shardSlice } from '../settings/shard.js';
import type { ShardId } from '../settings/types.js';

/** A results file as read: where it came from (for messages) and its validated content. */
export interface ShardFile {
  source: string;
  results: RunResults;
}

export type ShardSetProblem =
  | 'no_files'
  | 'not_a_shard'
  | 'split_mismatch'
  | 'duplicate'
  | 'missing'
  | 'profile_mismatch'
  | 'inconsistent';

/** A set of shard files that cannot be merged; `problem` says why (OLG_ERR_RESULTS). */
export class ShardSetError extends GateError {
  readonly problem: ShardSetProblem;
  constructor(problem: ShardSetProblem, message: string) {
    super('OLG_ERR_RESULTS', message);
    this.name = 'ShardSetError';
    this.problem = problem;
  }
}

export interface ShardSet {
  /** Ordered by shard index: shards[i] is shard i+1/n. */
  shards: ShardFile[];
  count: number;
  /** The whole profile's public settings (the settings an unsharded run would record). */
  profile: Record<string, unknown>;
}

/** JSON with sorted keys: equal for equal data whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The first path (a.b.c) at which two JSON values differ; undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = ''): string | undefined {
  if (canonicalJson(a) === canonicalJson(b)) return undefined;
  const isObj = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const found = firstDifference(a[key], b[key], path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return path;
}

function valueAt(value: unknown, path: string): string {
  let v = value;
  for (const key of path === '' ? [] : path.split('.')) v = (v as Record<string, unknown> | undefined)?.[key];
  return v === undefined ? 'absent' : (canonicalJson(v) ?? 'absent');
}

interface RecordedShard extends ShardId {
  profile: Record<string, unknown>;
}

function recordedShard(file: ShardFile): RecordedShard {
  const { results, source } = file;
  const recorded = results.settings.shard as Partial<RecordedShard> | undefined;
  if (!results.shard) {
    throw new ShardSetError(
      'not_a_shard',
      `${source} is not a shard's results (no "shard" field): only the results of runs made with ` +
        `--shard k/n (action input shard) can be merged`,
    );
  }
  const profile = recorded?.profile;
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
    throw new ShardSetError(
      'not_a_shard',
      `${source} (shard ${shardLabel(results.shard)}) does not record the whole profile (settings.shard.profile): ` +
        `it was written by a version of order-load-gate that cannot be merged; run every shard again with this one`,
    );
  }
  return { index: results.shard.index, count: results.shard.count, profile };
}

/** Each shard must be the slice of the profile that shardSlice() gives (catches edited files). */
function checkSlice(file: ShardFile, shard: RecordedShard): void {
  const { settings } = file.results;
  const whole = shard.profile;
  let expected: ReturnType<typeof shardSlice> | undefined;
  try {
    expected = shardSlice(whole.plan as never, whole.usersNeeded as number, shard);
  } catch {
    expected = undefined;
  }
  const offset = (whole.userOffset as number) + (expected?.userOffset ?? Number.NaN);
  if (
    !expected ||
    canonicalJson(expected.plan) !== canonicalJson(settings.plan) ||
    settings.userOffset !== offset ||
    settings.usersNeeded !== expected.usersNeeded
  ) {
    throw new ShardSetError(
      'inconsistent',
      `${file.source} says it is shard ${shardLabel(shard)} of its profile, but its plan or users ` +
        `(plan ${canonicalJson(settings.plan)}, users from ${String(settings.userOffset)}) are not that shard's share ` +
        `(expected plan ${canonicalJson(expected?.plan)}, users from ${offset}): the file was edited or mixed up`,
    );
  }
}

function describeDifference(
  a: ShardFile,
  aProfile: Record<string, unknown>,
  b: ShardFile,
  bProfile: Record<string, unknown>,
): string {
  const path = firstDifference(aProfile, bProfile) ?? '';
  return `${path || 'the profile'} is ${valueAt(aProfile, path)} in ${a.source} and ${valueAt(bProfile, path)} in ${b.source}`;
}

export function checkShardSet(files: readonly ShardFile[]): ShardSet {
  if (files.length === 0) {
    throw new ShardSetError(
      'no_files',
      'no results files to merge: give the shards’ results files (k/n, n files)',
    );
  }
  const recorded = files.map((f) => ({ file: f, shard: recordedShard(f) }));
  const first = recorded[0]!;
  const count = first.shard.count;
  for (const { file, shard } of recorded) {
    if (shard.count !== count) {
      throw new ShardSetError(
        'split_mismatch',
        `${file.source} is shard ${shardLabel(shard)} but ${first.file.source} is shard ${shardLabel(first.shard)}: ` +
          `shards of different splits (or different runs) cannot be merged`,
      );
    }
  }
  const byIndex = new Map<number, ShardFile>();
  for (const { file, shard } of recorded) {
    const other = byIndex.get(shard.index);
    if (other) {
      throw new ShardSetError(
        'duplicate',
        `shard ${shardLabel(shard)} appears twice: ${other.source} and ${file.source} ` +
          `(each shard's results must be given once, from the same run)`,
      );
    }
    byIndex.set(shard.index, file);
  }
  const missing: string[] = [];
  for (let i = 0; i < count; i++) if (!byIndex.has(i)) missing.push(shardLabel({ index: i, count }));
  if (missing.length > 0) {
    const have = [...byIndex.keys()].sort((a, b) => a - b).map((i) => shardLabel({ index: i, count }));
    throw new ShardSetError(
      'missing',
      `shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing ` +
        `(have ${have.join(', ')}; shards are numbered from 1): an exact merge needs every shard's results`,
    );
  }
  const identity = canonicalJson(first.shard.profile);
  for (const { file, shard } of recorded) {
    if (canonicalJson(shard.profile) !== identity) {
      throw new ShardSetError(
        'profile_mismatch',
        `${file.source} (shard ${shardLabel(shard)}) and ${first.file.source} (shard ${shardLabel(first.shard)}) ` +
          `belong to different profiles: ${describeDifference(file, shard.profile, first.file, first.shard.profile)}. ` +
          `Merge only the shards of one run`,
      );
    }
    checkSlice(file, shard);
  }
  const shards = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
  return { shards, count, profile: first.shard.profile };
}
