import { join } from 'node:path';
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { scrub } from '../core/scrub.js';
import type { GitHubRunContext } from '../publish/context.js';
import { stickyMarker } from '../publish/sticky-comment.js';
import { escapeInline } from '../report/escape.js';
import { renderHtmlReport } from '../report/html/render-report.js';
import { integrityFailureReasons } from '../report/integrity-format.js';
import { renderMarkdownReport } from '../report/markdown.js';
import { checkDirWritable, writeOutputFile } from '../results/output-files.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { type RoundOptions, runRound } from '../round/run-round.js';
import { describePlan } from '../settings/describe-plan.js';
import { baselineKeyOf, recordBaseline, shouldRecordBaseline } from './baseline-step.js';
import { postComment } from './comment-step.js';
import { type ResolvedCompareMode, resolveCompareMode } from './compare-mode.js';
import { mergedNote, mergeForGate } from './gate-merge.js';
import type { GateModeSettings } from './gate-mode.js';
import type { GateDeps, GateOutcome } from './gate-outcome.js';
import type { GateSettings } from './gate-settings.js';
import { historyStep } from './history-step.js';
import { type PairedStep, pairedStep } from './paired-step.js';
import { reportShard } from './shard-report.js';
import { warnOnFailure, writeSummaries } from './write-summaries.js';

/**
 * The action's whole job, with plain typed settings: a round (bring the shop up, seed, run,
 * reconcile, bring it down) or the shards' merge, then compare with the baseline, report, publish. It never reads inputs or fails the step: it returns the verdict.
 */
export async function runGate(
  settings: GateSettings & GateModeSettings,
  ctx: GitHubRunContext,
  logger: Logger,
  deps: GateDeps = {},
): Promise<GateOutcome> {
  let run: RunOutcome | undefined;
  let runError: Error | undefined;
  let mode: ResolvedCompareMode = 'none';
  let paired: PairedStep | undefined;
  try {
    // Before anything starts: the report folder can be written (no run is lost at the end).
    await checkDirWritable('report-dir', settings.reportDir);
    mode = settings.merge || settings.run.shard ? 'history' : resolveCompareMode(settings, ctx);
    if (mode === 'paired') {
      // Each round starts and stops its own build: no target is started here.
      paired = await logger.group('Paired rounds: base and head', () =>
        pairedStep(settings, logger, deps.signal),
      );
      run = paired.run;
    } else if (settings.merge) {
      // Mode merge: no load; the shards' results merged, then on as after a single run.
      ({ run, settings } = await mergeForGate(settings, settings.merge, logger));
    } else {
      run = await runRound(settings.run, logger, {
        signal: deps.signal,
        interactive: false,
        ...roundBringUp(settings),
      });
    }
  } catch (err) {
    runError = err as Error;
    logger.error(
      err instanceof GateError ? `${err.message} [${err.code}]` : String((err as Error).stack ?? err),
    );
  }

  const outcome: GateOutcome = { result: 'error', failureReasons: [], reportPath: settings.run.out };
  if (!run) {
    outcome.error = runError;
    outcome.failureReasons.push(runError?.message ?? 'the run could not be done');
    await report(settings, ctx, logger, deps, outcome, undefined);
    return outcome;
  }
  outcome.results = run.results;
  // The run itself could not be judged (the target died, it was interrupted): an error, whatever the
  // thresholds; the report still shows what was measured, and no baseline is recorded from it.
  if (run.verdict.result === 'error') {
    outcome.error = run.error;
    outcome.failureReasons.push(`${run.verdict.reason} [${run.verdict.code}]`);
    await report(settings, ctx, logger, deps, outcome, run);
    return outcome;
  }
  // A shard job only reports its part: the merge job judges, compares, comments and records.
  if (settings.run.shard) return reportShard(settings.run, settings.reportDir, logger, deps, outcome);

  // Paired mode: every round's integrity is in paired.failureReasons, named by build and round.
  if (!paired) outcome.failureReasons.push(...integrityFailureReasons(run.results.integrity));
  for (const t of run.thresholds.filter((x) => !x.ok))
    outcome.failureReasons.push(`threshold ${t.expression} (${t.noData ? 'no data' : `actual ${t.actual}`})`);
  if (paired) {
    outcome.verdictView = paired.view;
    outcome.failureReasons.push(...paired.failureReasons);
  } else if (mode === 'history') {
    const history = await logger.group('Compare with the stored runs', () =>
      historyStep(settings, ctx, run!.results, logger),
    );
    outcome.comparison = history.comparison;
    outcome.verdictView = history.view;
    outcome.failureReasons.push(...history.failureReasons);
  } else outcome.verdictView = { mode: 'none' };
  outcome.result = outcome.failureReasons.length > 0 ? 'fail' : 'pass';

  await report(settings, ctx, logger, deps, outcome, run);
  // Only a run that completed without error joins the history; paired rounds never do.
  if (!paired && !run.results.interrupted && shouldRecordBaseline(settings, ctx)) {
    await logger.group('Record the baseline', () =>
      warnOnFailure(logger, 'The baseline could not be recorded', () =>
        recordBaseline(settings, ctx, run!.results, logger),
      ),
    );
  }
  return outcome;
}

/** The gate's start-command inputs as the round's bring-up (none without a start command). */
function roundBringUp(settings: GateSettings): Pick<RoundOptions, 'bringUp'> {
  if (!settings.startCommand) return {};
  return {
    bringUp: {
      command: settings.startCommand,
      logFile: join(settings.reportDir, 'target.log'),
      readyUrl: `${settings.run.target}${settings.readyPath}`,
      readyTimeoutMs: settings.readyTimeoutMs,
      ...(settings.stopCommand ? { stopCommand: settings.stopCommand } : {}),
    },
  };
}

async function report(
  settings: GateSettings,
  ctx: GitHubRunContext,
  logger: Logger,
  deps: GateDeps,
  outcome: GateOutcome,
  run: RunOutcome | undefined,
): Promise<void> {
  await logger.group('Report', async () => {
    if (!outcome.results) {
      // Nothing ran: a short report that says why, in the summary only.
      const md = scrub(
        `## ⚠️ order-load-gate: error\n\nThe run could not be done: ${escapeInline(outcome.failureReasons[0] ?? '', 300)}\n`,
      );
      outcome.markdownPath = await writeSummaries(settings.reportDir, md, logger, deps);
      return;
    }
    const marker = stickyMarker(baselineKeyOf(settings));
    // The summary, the comment and the report show texts from the target: scrubbed (core/scrub.ts).
    const markdown = scrub(
      renderMarkdownReport({
        results: outcome.results,
        comparison: outcome.comparison,
        verdictView: outcome.verdictView,
        thresholds: run?.thresholds ?? [],
        verdict: outcome.result,
        failureReasons: outcome.failureReasons,
        subject: ctx.isPullRequest ? 'pr' : 'run',
        headSha: ctx.headSha ?? ctx.sha,
        baseSha: outcome.comparison?.baselineSha,
        baseRef: ctx.baseRef ?? ctx.refName,
        profile: describePlan(settings.run) + mergedNote(outcome.results),
        runUrl: ctx.runUrl,
        marker,
        integrity: outcome.results.integrity,
      }),
    );
    outcome.markdownPath = await writeSummaries(settings.reportDir, markdown, logger, deps);
    const html = scrub(
      renderHtmlReport({
        results: outcome.results,
        comparison: outcome.comparison,
        verdictView: outcome.verdictView,
        thresholds: run?.thresholds ?? [],
        stepLatency: run?.stepLatency,
        verdict: outcome.result,
        failureReasons: outcome.failureReasons,
        profile: describePlan(settings.run),
      }),
    );
    outcome.htmlReportPath = await writeOutputFile(
      join(settings.reportDir, 'report.html'),
      html,
      'The HTML report',
      logger,
    );
    // GitHub's hiccups are retried (src/github/octokit.ts); one that outlasts the retries costs the
    // comment, never the verdict or the outputs.
    outcome.commentUrl = await warnOnFailure(logger, 'The pull-request comment could not be written', () =>
      postComment(settings, ctx, markdown, marker, logger),
    );
  });
}
