import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { startHealthMonitor } from '../engine/health.js';
import { RunRecorder } from '../engine/recorder.js';
import { type RunEnd, runLoad } from '../engine/runner.js';
import { startProgress } from '../load/progress.js';
import { runPreflight } from '../preflight/preflight.js';
import { prepareIntegrity } from '../reconcile/check.js';
import { formatIntegrityBlock } from '../report/integrity-format.js';
import { formatResultsBlock, formatThresholdResults } from '../report/text-report.js';
import { buildResults } from '../results/results.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { evaluateThresholds } from '../results/thresholds.js';
import { writeResults } from '../results/write-results.js';
import { defaultScenario } from '../scenario/default-scenario.js';
import { createOrderFlow } from '../scenario/order-flow.js';
import type { Scenario } from '../scenario/schema.js';
import { seedRun } from '../seed/seed-run.js';
import { describePlan } from '../settings/describe-plan.js';
import { publicSettings, type RunSettings } from '../settings/run-settings.js';

/**
 * The whole run, shared by the CLI, the action and the UI: seed, preflight, load, results,
 * thresholds. It never reads inputs or exits: it takes typed settings and a logger and returns
 * the outcome. The results JSON is written even when the run is cut short.
 */
export interface RunOptions {
  signal?: AbortSignal;
  /** Whether stdout is a terminal (redrawn status) or not (a plain line every 10 s). */
  interactive?: boolean;
  /** Write the live status here (defaults to the logger's info). */
  writeStatus?: (line: string, redraw: boolean) => void;
  /** Called every second with the live recorder (the UI's feed). */
  onTick?: (recorder: RunRecorder) => void;
}

export async function executeRun(
  settings: RunSettings,
  logger: Logger,
  options: RunOptions = {},
): Promise<RunOutcome> {
  // A scenario file's parsers (YAML, zod) and the HTML report are imported only when asked for.
  const scenario: Scenario =
    settings.scenarioFile === undefined
      ? defaultScenario()
      : await (await import(/* webpackMode: "eager" */ '../scenario/load.js')).loadScenarioFile(
          settings.scenarioFile,
        );
  await logger.group('Seed', () => seedRun(settings, logger));
  await logger.group('Preflight', () => runPreflight(settings, scenario, logger));
  const integrity = await logger.group('Integrity: before the load', () =>
    prepareIntegrity(settings, scenario, logger, options.signal),
  );

  const startedAt = new Date();
  const recorder = new RunRecorder({ startedAtMs: startedAt.getTime(), keepLedger: integrity.keepLedger });
  const flow = createOrderFlow({
    target: settings.target,
    scenario,
    recorder,
    password: settings.password,
    userPrefix: settings.userPrefix,
    timeoutMs: settings.timeoutMs,
    itemsPerOrder: settings.itemsPerOrder,
    logger,
    ...integrity.flowOptions,
  });
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
        gracefulStopMs: Math.min(settings.timeoutMs, 10_000),
      });
    });
    endedBy = outcome.endedBy;
    if (outcome.abortedInFlight > 0) {
      recorder.addWarning(
        `${outcome.abortedInFlight} iterations were still running at the hard stop and were aborted`,
      );
    }
  } catch (err) {
    failure = err;
  } finally {
    progress.stop();
    health.stop();
  }

  const interrupted =
    failure !== undefined
      ? `run failed: ${(failure as Error).message}`
      : endedBy === 'stopped'
        ? 'stopped before the end (interrupted)'
        : undefined;
  const results = buildResults(recorder, {
    settings: publicSettings(settings),
    startedAt,
    endedAt: new Date(),
    interrupted,
    target: settings.target,
  });
  try {
    if (failure === undefined) {
      const ledger = results.ledger;
      const signal = options.signal;
      results.integrity = await logger.group('Integrity', () =>
        integrity.finish({ ledger, flow, endedBy, ...(signal ? { signal } : {}) }),
      );
    }
  } catch (err) {
    failure = err;
  } finally {
    await flow.close();
    await integrity.close();
  }
  if (endedBy === 'run_time')
    results.warnings.push(
      `the run reached --run-time (${settings.runTimeMs / 1000} s) before every user finished`,
    );
  const outPath = settings.out ? await writeResults(settings.out, results) : undefined;
  if (outPath) logger.info(`Results written to ${outPath}`);
  if (failure !== undefined) {
    throw failure instanceof GateError
      ? failure
      : new GateError('OLG_ERR_INTERNAL', String((failure as Error).message), { cause: failure });
  }

  logger.info(formatResultsBlock(results));
  if (results.integrity) logger.info(formatIntegrityBlock(results.integrity));
  const thresholds = evaluateThresholds(settings.thresholds, results);
  if (thresholds.length > 0) logger.info(formatThresholdResults(thresholds));
  const passed = thresholds.every((t) => t.ok) && (results.integrity?.violations.length ?? 0) === 0;
  const stepLatency = recorder.stepTimeline();
  const reportPath = settings.report
    ? await (await import(/* webpackMode: "eager" */ '../report/html/write-report.js')).writeHtmlReport(
        settings.report,
        {
          results,
          thresholds,
          stepLatency,
          profile: describePlan(settings),
        },
      )
    : undefined;
  if (reportPath) logger.info(`HTML report written to ${reportPath}`);
  return { results, thresholds, passed, endedBy, outPath, stepLatency, reportPath };
}
