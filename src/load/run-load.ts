/**
 * The load phase: the order flow driven by the load plan, with the health monitor and the live
 * progress line around it. It records into a fresh recorder and never throws: a failure of the
 * load is handed back (`failure`) so that the round can still build and write the results.
 */
import type { Logger } from '../core/logger.js';
import { startHealthMonitor } from '../engine/health.js';
import { RunRecorder } from '../engine/recorder.js';
import { type RunEnd, runLoad } from '../engine/runner.js';
import { createOrderFlow, type OrderFlow, type OrderFlowOptions } from '../scenario/order-flow.js';
import type { Scenario } from '../scenario/schema.js';
import { describePlan } from '../settings/describe-plan.js';
import type { RunSettings } from '../settings/run-settings.js';
import { startProgress } from './progress.js';

export interface LoadOptions {
  signal?: AbortSignal;
  /** Whether stdout is a terminal (redrawn status) or not (a plain line every 10 s). */
  interactive?: boolean;
  /** Write the live status here (defaults to the logger's info). */
  writeStatus?: (line: string, redraw: boolean) => void;
  /** Called every second with the live recorder (the UI's feed). */
  onTick?: (recorder: RunRecorder) => void;
}

/** What the integrity check asks of the load: keep the ledger, and its hooks in the flow. */
export interface LoadHooks {
  keepLedger: boolean;
  flowOptions: Pick<OrderFlowOptions, 'onOrderAttempt' | 'flashSale'>;
}

export interface LoadPhase {
  recorder: RunRecorder;
  /** Still open: the reconcile phase reads orders back through its sessions; the round closes it. */
  flow: OrderFlow;
  startedAt: Date;
  endedBy: RunEnd;
  /** Flows still running after the grace period, aborted at the hard stop. */
  cutOff: number;
  /** Set when the load itself failed. */
  failure?: unknown;
}

/** The order flow of these settings, recording into `recorder` (the load's, or the warm-up's). */
export function orderFlowOf(
  settings: RunSettings,
  scenario: Scenario,
  recorder: RunRecorder,
  logger: Logger,
  hooks: LoadHooks['flowOptions'] = {},
): OrderFlow {
  return createOrderFlow({
    target: settings.target,
    scenario,
    recorder,
    password: settings.password,
    userPrefix: settings.userPrefix,
    timeoutMs: settings.timeoutMs,
    itemsPerOrder: settings.itemsPerOrder,
    logger,
    ...hooks,
  });
}

export async function runLoadPhase(
  settings: RunSettings,
  scenario: Scenario,
  hooks: LoadHooks,
  logger: Logger,
  options: LoadOptions = {},
): Promise<LoadPhase> {
  const startedAt = new Date();
  const recorder = new RunRecorder({ startedAtMs: startedAt.getTime(), keepLedger: hooks.keepLedger });
  const flow = orderFlowOf(settings, scenario, recorder, logger, hooks.flowOptions);
  const health = startHealthMonitor((text) => {
    recorder.addWarning(text);
    logger.warn(text);
  });
  const progress = startProgress(recorder, health, {
    interactive: options.interactive ?? false,
    mode: settings.progress,
    write: options.writeStatus ?? ((line) => logger.info(line)),
    onTick: options.onTick ? () => options.onTick?.(recorder) : undefined,
  });
  let endedBy: RunEnd = 'stopped';
  let cutOff = 0;
  let failure: unknown;
  try {
    const outcome = await logger.group('Load', async () => {
      logger.info(describePlan(settings));
      return runLoad({
        plan: settings.plan,
        iterations: settings.iterations,
        runTimeMs: settings.runTimeMs,
        thinkTimeMs: settings.thinkTimeMs,
        userOffset: settings.userOffset,
        factory: flow,
        recorder,
        signal: options.signal,
        gracefulStopMs: settings.graceMs,
      });
    });
    endedBy = outcome.endedBy;
    cutOff = outcome.abortedInFlight;
    if (cutOff > 0) {
      recorder.addWarning(
        `${cutOff} flows were cut off at the stop: still running ${settings.graceMs / 1000} s after ${endedBy === 'run_time' ? '--run-time' : 'the stop'} (the grace period), aborted and not counted as orders`,
      );
    }
  } catch (err) {
    failure = err;
  } finally {
    progress.stop();
    health.stop();
  }
  return { recorder, flow, startedAt, endedBy, cutOff, ...(failure !== undefined ? { failure } : {}) };
}
