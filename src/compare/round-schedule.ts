/**
 * The round plan of paired mode, as data. Rounds come in pairs, in blocks of two pairs that
 * mirror each other: A B B A or B A A B (A = base, B = head), each block's order drawn at random.
 * Within a block a steady drift of the machine (another job warming up, a cache filling) hits
 * both builds alike; the draw keeps anything that comes back with the blocks' rhythm (a job every
 * ~4 rounds, a periodic flush) from landing on one build every time, where it would read as a
 * change of that build. Fixed A B B A A B B A would be blind to exactly that period.
 *
 * How many rounds (tachometer's rule): at least `minRounds`; then one more pair at a time only
 * while a gated metric is still inconclusive and none has regressed (a regression fails the step
 * whatever the others become: more rounds would only spend the job's minutes), up to `maxRounds`,
 * and never starting a pair that would end after the time budget (at the pace of the slowest pair
 * so far, or their mean when that is slower: a pair that runs long must not carry the gate past it).
 */

import type { RunResults } from '../results/results.js';

export type Side = 'base' | 'head';

/** A completed round. */
export interface RoundRecord {
  /** 1-based. */
  round: number;
  side: Side;
  results: RunResults;
  durationMs: number;
}

export interface RoundPolicy {
  /** Even, at least 4 (two pairs: the least a t interval can use). */
  minRounds: number;
  /** Even, at least minRounds. */
  maxRounds: number;
  /** No new pair is started when it would end after this (ms from the first round's start). */
  timeBudgetMs?: number;
}

/**
 * 32 rounds at most, within 5 minutes. On the reference shop a pair's order p95 ratio strays by
 * 0.09-0.26 (sd of its log; README, "What makes rounds steady"), so 3 pairs decide only changes
 * far past the tolerance, and a 25% slow-down takes 3-16 pairs to clear the 10% tolerance: at
 * most 24 rounds left 3 of 20 slowed heads inconclusive (README, "The gate itself").
 */
export const DEFAULT_ROUND_POLICY: RoundPolicy = { minRounds: 6, maxRounds: 32, timeBudgetMs: 5 * 60_000 };

const other = (side: Side): Side => (side === 'base' ? 'head' : 'base');

/** The side of round `index` (0-based) in a block whose first round is `blockFirst`'s. */
export function sideOfRound(index: number, blockFirst: Side): Side {
  const inBlock = index % 4;
  return inBlock === 0 || inBlock === 3 ? blockFirst : other(blockFirst);
}

/**
 * A run's round order: each block of four rounds draws its first side from `random` (a value in
 * [0, 1), as Math.random) when its first round is asked for, so an order never asks ahead.
 */
export function roundOrderOf(random: () => number = Math.random): (index: number) => Side {
  const blocks: Side[] = [];
  return (index) => {
    const block = Math.floor(index / 4);
    while (blocks.length <= block) blocks.push(random() < 0.5 ? 'base' : 'head');
    return sideOfRound(index, blocks[block]!);
  };
}

/** The sides of the first `count` rounds of one order (of a fresh order from `random`). */
export function roundOrder(count: number, random?: () => number): Side[] {
  const order = roundOrderOf(random);
  return Array.from({ length: count }, (_, i) => order(i));
}

export type StopReason = 'decided' | 'max-rounds' | 'time-budget';

export interface ScheduleState {
  roundsDone: number;
  /** Time since the first round started. */
  elapsedMs: number;
  /** Gated metrics still inconclusive after the rounds done. */
  openMetrics: number;
  /** Gated metrics regressed after the rounds done. */
  regressedMetrics: number;
  /** The longest pair so far (its two rounds); the mean pair (elapsed / pairs) when absent. */
  longestPairMs?: number;
}

/**
 * After a completed pair: run another pair, or stop and say why. Between the rounds of a pair
 * the answer is always "continue".
 */
export function nextStep(
  state: ScheduleState,
  policy: RoundPolicy,
): { stop: false } | { stop: true; reason: StopReason } {
  const { roundsDone, elapsedMs, openMetrics, regressedMetrics, longestPairMs = 0 } = state;
  if (roundsDone % 2 === 1 || roundsDone < policy.minRounds) return { stop: false };
  if (openMetrics === 0 || regressedMetrics > 0) return { stop: true, reason: 'decided' };
  if (roundsDone >= policy.maxRounds) return { stop: true, reason: 'max-rounds' };
  if (policy.timeBudgetMs !== undefined && roundsDone > 0) {
    const perPair = Math.max(elapsedMs / (roundsDone / 2), longestPairMs);
    if (elapsedMs + perPair > policy.timeBudgetMs) return { stop: true, reason: 'time-budget' };
  }
  return { stop: false };
}
