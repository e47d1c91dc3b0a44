/**
 * Paired mode's loop: rounds in the order of compare/round-schedule.ts, each done by a RoundRunner (bring the
 * build up, seed, load, bring it down), judged after every pair until the answer is decided,
 * the rounds run out or the time budget does. A round that cannot be done ends the comparison
 * with a RoundFailedError naming the build and the round: the outcome is an error, never a pass.
 */

import {
  type Judgement,
  type JudgeOptions,
  judgePaired,
  type MetricSample,
  sampleOf,
} from '../compare/judgement.js';
import {
  nextStep,
  type RoundPolicy,
  type RoundRecord,
  roundOrderOf,
  type Side,
  type StopReason,
} from '../compare/round-schedule.js';
import type { Logger } from '../core/logger.js';
import type { RunResults } from '../results/results.js';
import { RoundFailedError } from './round-error.js';

export type { RoundRecord } from '../compare/round-schedule.js';

/** One round of one build; the runner stops the build on every path before it returns or throws. */
export interface RoundRunner {
  run(side: Side, round: number, signal?: AbortSignal): Promise<RunResults>;
}

export interface PairedOutcome {
  rounds: RoundRecord[];
  judgement: Judgement;
  stoppedBy: StopReason;
  elapsedMs: number;
}

export interface PairedOptions {
  policy: RoundPolicy;
  judge: JudgeOptions;
  signal?: AbortSignal;
  /** For tests: the clock. */
  now?: () => number;
  /** For tests: the draw of each block's order (compare/round-schedule.ts); Math.random by default. */
  random?: () => number;
}

/** Base and head samples of the completed pairs, pair i's base at base[i]. */
function pairSamples(rounds: readonly RoundRecord[]): { base: MetricSample[]; head: MetricSample[] } {
  const base: MetricSample[] = [];
  const head: MetricSample[] = [];
  for (let i = 0; i + 1 < rounds.length; i += 2) {
    for (const r of [rounds[i]!, rounds[i + 1]!]) (r.side === 'base' ? base : head).push(sampleOf(r.results));
  }
  return { base, head };
}

export async function runPaired(
  runner: RoundRunner,
  logger: Logger,
  options: PairedOptions,
): Promise<PairedOutcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const rounds: RoundRecord[] = [];
  const sideOf = roundOrderOf(options.random);
  let judgement: Judgement | undefined;
  /** The longest pair so far, by its two rounds' own durations (the time budget's pace). */
  let longestPairMs = 0;
  for (let index = 0; ; index++) {
    const side = sideOf(index);
    const round = index + 1;
    const t0 = now();
    let results: RunResults;
    try {
      results = await logger.group(`Round ${round}: ${side}`, () => runner.run(side, round, options.signal));
    } catch (err) {
      throw new RoundFailedError(side, round, err);
    }
    rounds.push({ round, side, results, durationMs: now() - t0 });
    if (options.signal?.aborted) throw new RoundFailedError(side, round, new Error('interrupted'));
    if (rounds.length % 2 === 1) continue;
    longestPairMs = Math.max(longestPairMs, rounds.at(-2)!.durationMs + rounds.at(-1)!.durationMs);
    const { base, head } = pairSamples(rounds);
    judgement = judgePaired(base, head, options.judge);
    const step = nextStep(
      {
        roundsDone: rounds.length,
        elapsedMs: now() - started,
        openMetrics: judgement.inconclusive.length,
        regressedMetrics: judgement.regressions.length,
        longestPairMs,
      },
      options.policy,
    );
    if (rounds.length >= options.policy.minRounds) {
      logger.info(
        `After ${rounds.length} rounds: ${judgement.metrics
          .filter((m) => m.gated)
          .map((m) => `${m.label} ${m.verdict}`)
          .join(', ')}`,
      );
    }
    if (step.stop) return { rounds, judgement, stoppedBy: step.reason, elapsedMs: now() - started };
  }
}
