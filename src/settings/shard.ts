/**
 * Sharding a run: `--shard k/n` (1-based: 1/4 .. 4/4) turns the whole profile's settings into
 * shard k's: a disjoint slice of the accounts and its share of the plan, such that the n shards
 * together run exactly the whole profile. Pure: no I/O.
 */

import { ConfigError } from '../core/errors.js';
import { type LoadPlan, scalePlan } from '../engine/plan.js';
import type { RunSettings, ShardId } from './types.js';

/** The most shards a profile may be split into. */
export const MAX_SHARDS = 256;

const SHARD_EXPECTED =
  `k/n: shard k of n, 1-based (the shards of a run are 1/n .. n/n, e.g. 1/4, 2/4, 3/4, 4/4), ` +
  `with 1 <= k <= n <= ${MAX_SHARDS}`;

/** How a shard is written for people: 1-based, "2/4". */
export function shardLabel(shard: ShardId): string {
  return `${shard.index + 1}/${shard.count}`;
}

/** Parses "k/n" (1-based k) into a 0-based ShardId. */
export function parseShard(text: string, input: string): ShardId {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ConfigError(input, text, SHARD_EXPECTED);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > MAX_SHARDS) throw new ConfigError(input, text, SHARD_EXPECTED);
  if (k < 1 || k > n) {
    throw new ConfigError(
      input,
      text,
      k === 0 ? `${SHARD_EXPECTED} (shards count from 1, not 0: use 1/${n})` : SHARD_EXPECTED,
    );
  }
  return { index: k - 1, count: n };
}

/** Share `index` of `count` of a whole number: the remainder goes to the first shards (as scalePlan). */
export function shareOf(total: number, index: number, count: number): number {
  return Math.floor(total / count) + (index < total % count ? 1 : 0);
}

/** The users a plan needs at most (the accounts it logs in). */
export function planUsers(plan: LoadPlan): number {
  if (plan.kind === 'spawn') return plan.users;
  if (plan.kind === 'arrival') return plan.maxUsers;
  return Math.max(0, ...plan.stages.map((s) => s.target));
}

export interface ShardSlice {
  plan: LoadPlan;
  /** The shard's first account, relative to the whole run's first account. */
  userOffset: number;
  /** The shard's accounts: userOffset .. userOffset + usersNeeded - 1. */
  usersNeeded: number;
}

/**
 * Shard `shard` of a plan whose accounts are 0 .. usersNeeded-1: the shards' slices are disjoint
 * and together cover every account exactly once; their plans sum to the whole (see scalePlan).
 */
export function shardSlice(plan: LoadPlan, usersNeeded: number, shard: ShardId): ShardSlice {
  let userOffset = 0;
  for (let j = 0; j < shard.index; j++) userOffset += shareOf(usersNeeded, j, shard.count);
  const scaled = scalePlan(plan, shard.index, shard.count);
  // Each share of the plan needs at most the same share of the accounts (share is monotone).
  return { plan: scaled, userOffset, usersNeeded: shareOf(usersNeeded, shard.index, shard.count) };
}

/**
 * The settings of shard `text` ("k/n") of the whole run. Thresholds are judged on the merged
 * results only (a quarter of a run says nothing about the whole's rps), so a shard has none;
 * the whole's are kept in `shard.whole` and recorded with its results.
 */
export function applyShard(whole: RunSettings, text: string, input: string): RunSettings {
  const id = parseShard(text, input);
  if (id.count > whole.usersNeeded) {
    throw new ConfigError(
      input,
      text,
      `at most as many shards as users (${whole.usersNeeded} users here, so at most ${whole.usersNeeded} shards): ` +
        `every shard needs at least one user`,
    );
  }
  if (whole.flashSale && whole.seed.mode === 'reference') {
    throw new ConfigError(
      input,
      text,
      'no sharding of a flash sale that seeds itself: every shard would reset the sale product’s stock ' +
        'while the others buy; seed once before the shards start and run them without seeding',
    );
  }
  const slice = shardSlice(whole.plan, whole.usersNeeded, id);
  const seedsExactlyTheUsers = whole.seed.users === whole.usersNeeded;
  return {
    ...whole,
    plan: slice.plan,
    usersNeeded: slice.usersNeeded,
    userOffset: whole.userOffset + slice.userOffset,
    seed: { ...whole.seed, users: seedsExactlyTheUsers ? slice.usersNeeded : whole.seed.users },
    thresholds: [],
    shard: { index: id.index, count: id.count, whole },
  };
}
