/**
 * The warm-up: order flows run before the measured load and left out of every figure. A round of
 * paired mode starts a fresh target, so its first requests meet a cold process (the JIT, the
 * connection pools, the database's caches); without a warm-up those few slow requests decide a
 * small round's p95 and the rounds of one build differ by more than a real regression would.
 *
 * The warm-up runs before the integrity check's "before", so its orders are not the load's and
 * reconciliation stays exact. It places real orders with the first accounts, every flow to its
 * end (no cart is left half-filled), with no think time. A flash sale is never warmed up: its
 * scarce stock belongs to the load.
 */
import type { Logger } from '../core/logger.js';
import { planUsers } from '../engine/plan.js';
import { RunRecorder } from '../engine/recorder.js';
import { runLoad } from '../engine/runner.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSettings } from '../settings/run-settings.js';
import { orderFlowOf } from './run-load.js';

/** At most this many users warm up at once (a warm-up warms; it does not load). */
export const WARM_UP_MAX_USERS = 50;

/** The default number of warm-up flows for a profile: two per user, for at most 50 users. */
export function autoWarmUpFlows(settings: Pick<RunSettings, 'plan'>): number {
  return 2 * Math.min(Math.max(1, planUsers(settings.plan)), WARM_UP_MAX_USERS);
}

export interface WarmUpOutcome {
  flows: number;
  /** Flows that did not end in an accepted order (reported, never judged). */
  failed: number;
  durationMs: number;
  skipped?: string;
}

export async function runWarmUp(
  settings: RunSettings,
  scenario: Scenario,
  flows: number,
  logger: Logger,
  signal?: AbortSignal,
): Promise<WarmUpOutcome> {
  if (flows <= 0) return { flows: 0, failed: 0, durationMs: 0 };
  if (settings.flashSale) {
    const skipped = 'a flash sale is not warmed up (its scarce stock belongs to the load)';
    logger.info(`Warm-up skipped: ${skipped}`);
    return { flows: 0, failed: 0, durationMs: 0, skipped };
  }
  const users = Math.min(flows, Math.max(1, planUsers(settings.plan)), WARM_UP_MAX_USERS);
  const iterations = Math.ceil(flows / users);
  const t0 = Date.now();
  const recorder = new RunRecorder({ startedAtMs: t0, keepLedger: false });
  const flow = orderFlowOf(settings, scenario, recorder, logger);
  try {
    await runLoad({
      plan: { kind: 'spawn', users, spawnRate: users },
      iterations,
      runTimeMs: settings.runTimeMs,
      thinkTimeMs: [0, 0],
      userOffset: settings.userOffset,
      factory: flow,
      recorder,
      signal,
      gracefulStopMs: settings.graceMs,
    });
  } finally {
    await flow.close();
  }
  const done = recorder.outcomes();
  const outcome: WarmUpOutcome = {
    flows: done.flows,
    failed: done.flows - done.succeeded,
    durationMs: Date.now() - t0,
  };
  logger.info(
    `Warm-up: ${outcome.flows} order flows by ${users} users in ${(outcome.durationMs / 1000).toFixed(1)} s, not measured${outcome.failed > 0 ? ` (${outcome.failed} without an accepted order)` : ''}`,
  );
  return outcome;
}
