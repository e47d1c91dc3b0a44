/**
 * A round: the one unit every caller runs (the CLI's run, the action's gate, the UI, the demo).
 * In pipeline order: bring up the target (when a start command is given), seed, preflight, the
 * integrity check's "before", load, reconcile, then the results (written even when the round is
 * cut short), the thresholds and the reports; the target is brought down on every path. It never
 * reads inputs or exits: it takes typed settings and a logger and returns the outcome.
 */
import { type BringUpSpec, bringDown, bringUp } from '../bring-up/bring-up.js';
import type { RunningTarget } from '../bring-up/start-target.js';
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type LoadOptions, runLoadPhase } from '../load/run-load.js';
import { runPreflight } from '../preflight/preflight.js';
import { prepareIntegrity } from '../reconcile/check.js';
import { formatIntegrityBlock } from '../report/integrity-format.js';
import { formatResultsBlock, formatThresholdResults } from '../report/text-report.js';
import { buildResults } from '../results/results.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { evaluateThresholds } from '../results/thresholds.js';
import { writeResults } from '../results/write-results.js';
import { defaultScenario } from '../scenario/default-scenario.js';
import type { Scenario } from '../scenario/schema.js';
import { seedRun } from '../seed/seed-run.js';
import { describePlan } from '../settings/describe-plan.js';
import { publicSettings, type RunSettings } from '../settings/run-settings.js';

export interface RoundOptions extends LoadOptions {
  /** Start the target first (and stop it at the end); without it the target is already up. */
  bringUp?: BringUpSpec;
}

/** A round's outcome: its results, the thresholds' verdicts and where its files went. */
export type RoundOutcome = RunOutcome;

export async function runRound(
  settings: RunSettings,
  logger: Logger,
  options: RoundOptions = {},
): Promise<RoundOutcome> {
  const target: RunningTarget | undefined = options.bringUp
    ? await bringUp(options.bringUp, logger)
    : undefined;
  try {
    return await roundOnTarget(settings, logger, options);
  } finally {
    if (target) await bringDown(target, logger);
  }
}

async function roundOnTarget(
  settings: RunSettings,
  logger: Logger,
  options: LoadOptions,
): Promise<RoundOutcome> {
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

  const load = await runLoadPhase(settings, scenario, integrity, logger, options);
  const { recorder, flow, endedBy } = load;
  let failure = load.failure;
  const interrupted =
    failure !== undefined
      ? `run failed: ${(failure as Error).message}`
      : endedBy === 'stopped'
        ? 'stopped before the end (interrupted)'
        : undefined;
  const results = buildResults(recorder, {
    settings: publicSettings(settings),
    startedAt: load.startedAt,
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
