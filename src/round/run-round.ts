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
import { scrub } from '../core/scrub.js';
import { type LoadOptions, runLoadPhase } from '../load/run-load.js';
import { runWarmUp } from '../load/warm-up.js';
import { runPreflight } from '../preflight/preflight.js';
import { runReset } from '../preflight/reset.js';
import { prepareIntegrity } from '../reconcile/check.js';
import { logRunBlocks } from '../report/text-report.js';
import { checkFileWritable, saveResults, writeOutputFile } from '../results/output-files.js';
import { buildResults } from '../results/results.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { stampVerdict } from '../results/run-verdict.js';
import { evaluateThresholds } from '../results/thresholds.js';
import { stepMethods } from '../scenario/compile.js';
import { defaultScenario } from '../scenario/default-scenario.js';
import type { Scenario } from '../scenario/schema.js';
import { seedRun } from '../seed/seed-run.js';
import { describePlan } from '../settings/describe-plan.js';
import { publicSettings, type RunSettings } from '../settings/run-settings.js';
import { withScenarioAccounts } from './accounts-settings.js';

export interface RoundOptions extends LoadOptions {
  /** Start the target first (and stop it at the end); without it the target is already up. */
  bringUp?: BringUpSpec;
  /** Where a scenario's accounts.passwordEnv is looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Unmeasured order flows before the load (src/load/warm-up.ts); 0 or unset: none. */
  warmUpFlows?: number;
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
  given: RunSettings,
  logger: Logger,
  options: RoundOptions,
): Promise<RoundOutcome> {
  // A scenario file's parsers (YAML, zod) and the HTML report are imported only when asked for.
  const scenario: Scenario =
    given.scenarioFile === undefined
      ? defaultScenario()
      : await (await import(/* webpackMode: "eager" */ '../scenario/load.js')).loadScenarioFile(
          given.scenarioFile,
        );
  const settings = withScenarioAccounts(given, scenario, options.env);
  await checkRunOutputs(settings);
  await logger.group('Seed', () => seedRun(settings, logger));
  await logger.group('Preflight', async () => {
    await runReset(settings, scenario, logger);
    return runPreflight(settings, scenario, logger);
  });
  const warmUpFlows = options.warmUpFlows ?? 0;
  const warmUp =
    warmUpFlows > 0
      ? await logger.group('Warm-up', () =>
          runWarmUp(settings, scenario, warmUpFlows, logger, options.signal),
        )
      : undefined;
  const integrity = await logger.group('Integrity: before the load', () =>
    prepareIntegrity(settings, scenario, logger, options.signal),
  );

  const load = await runLoadPhase(settings, scenario, integrity, logger, options);
  const { recorder, flow, endedBy } = load;
  let failure = load.failure;
  const cutOff = load.cutOff;
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
    cutOff,
    target: settings.target,
  });
  if (warmUp && warmUp.flows > 0)
    results.warmUp = { flows: warmUp.flows, failed: warmUp.failed, durationMs: warmUp.durationMs };
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
  // Users that loop (--iterations 0) run until --run-time: that end is the plan, not a warning.
  if (endedBy === 'run_time' && settings.iterations > 0)
    results.warnings.push(
      `the run reached --run-time (${settings.runTimeMs / 1000} s) before every user finished; flows in flight had ${settings.graceMs / 1000} s to end`,
    );
  if (failure !== undefined) {
    if (settings.out) await saveResults(settings.out, results, logger);
    throw failure instanceof GateError
      ? failure
      : new GateError('OLG_ERR_INTERNAL', String((failure as Error).message), { cause: failure });
  }

  const thresholds = evaluateThresholds(settings.thresholds, results);
  const gatePassed = thresholds.every((t) => t.ok) && (results.integrity?.violations.length ?? 0) === 0;
  const stopReason = options.signal?.aborted ? String(options.signal.reason ?? 'stopped') : 'stopped';
  const verdict = stampVerdict(results, {
    gatePassed,
    ...(endedBy === 'stopped' ? { interrupted: stopReason } : {}),
  });
  const outPath = settings.out ? await saveResults(settings.out, results, logger) : undefined;
  logRunBlocks(logger, results, thresholds);
  const passed = verdict.result === 'pass';
  const error = verdict.code ? new GateError(verdict.code, verdict.reason ?? verdict.code) : undefined;
  const stepLatency = recorder.stepTimeline();
  const reportPath = settings.report
    ? await writeOutputFile(
        settings.report,
        scrub(
          (await import(/* webpackMode: "eager" */ '../report/html/render-report.js')).renderHtmlReport({
            results,
            thresholds,
            stepLatency,
            profile: describePlan(settings),
          }),
        ),
        'The HTML report',
        logger,
      )
    : undefined;
  if (reportPath) logger.info(`HTML report written to ${reportPath}`);
  if (settings.csv) {
    const { writeLocustCsv } = await import(/* webpackMode: "eager" */ '../report/locust-csv.js');
    const methods: Record<string, string> = {
      login: scenario.login.method,
      products: scenario.products.method,
      cart: scenario.addToCart.method,
      order: scenario.order.method,
      ...stepMethods(scenario),
    };
    const paths = await writeLocustCsv(settings.csv, results, methods);
    logger.info(`Locust CSV files written: ${paths.join(', ')}`);
  }
  return { results, thresholds, passed, verdict, error, endedBy, outPath, stepLatency, reportPath };
}

/** Before any load: the files the run will write can be written (no run is lost at the end). */
export async function checkRunOutputs(settings: RunSettings): Promise<void> {
  if (settings.out) await checkFileWritable('--out', settings.out);
  if (settings.report) await checkFileWritable('--report', settings.report);
}
