/**
 * The gate in history mode: this run against the runs stored for its profile (on the base
 * branch for a pull request). With fewer than MIN_HISTORY_RUNS stored runs the gate is
 * "learning": the comparison is shown, nothing can fail. Then each metric is judged with a t
 * prediction interval on log values (src/compare/intervals.ts) and only gate-metrics can fail.
 */
import type { BaselineFile } from '../compare/baseline-file.js';
import { type Comparison, compareRuns } from '../compare/compare.js';
import { judgeHistory, sampleOf } from '../compare/judgement.js';
import type { Logger } from '../core/logger.js';
import type { GitHubRunContext } from '../publish/context.js';
import { formatJudgementLine } from '../report/change-format.js';
import type { VerdictView } from '../report/verdict-view.js';
import type { RunResults } from '../results/results.js';
import { baselineKeyOf, comparisonRef, loadBaseline } from './baseline-step.js';
import type { GateSettings } from './gate-settings.js';

/** Below this many stored runs, history mode never fails the step. */
export const MIN_HISTORY_RUNS = 5;

export interface HistoryStep {
  comparison: Comparison;
  view: VerdictView;
  failureReasons: string[];
}

export async function historyStep(
  settings: GateSettings,
  ctx: GitHubRunContext,
  results: RunResults,
  logger: Logger,
): Promise<HistoryStep> {
  let file: BaselineFile | undefined;
  try {
    ({ file } = await loadBaseline(settings, ctx, logger));
  } catch (err) {
    logger.warn(`The baseline could not be read, so nothing is compared: ${(err as Error).message}`);
  }
  const ref = comparisonRef(ctx);
  const entries = (file?.entries ?? []).filter((e) => ref === undefined || e.ref === ref);
  const comparison = compareRuns(results, entries, settings.tolerance);
  if (file) comparison.baselineKey = file.key;
  const judge = { ...settings.verdict.judge, tolerance: settings.tolerance };
  const judgement =
    entries.length >= 2
      ? judgeHistory(
          entries.map((e) => sampleOf(e.results)),
          sampleOf(results),
          judge,
        )
      : undefined;
  const learning =
    entries.length < MIN_HISTORY_RUNS ? { have: entries.length, need: MIN_HISTORY_RUNS } : undefined;
  // The old table's words must not contradict the verdict: only the judgement's regressions count.
  comparison.regressions = learning || !judgement ? [] : judgement.regressions;
  comparison.improvements = [];
  const view: VerdictView = {
    mode: 'history',
    ...(judgement ? { judgement } : {}),
    ...(learning ? { learning } : {}),
    trend: {
      metric: 'order.p95',
      label: 'order p95',
      stored: entries.map((e) => ({
        sha: e.sha,
        recordedAt: e.recordedAt,
        value: e.results.steps.order.latencyMs.p95,
      })),
      current: results.steps.order.latencyMs.p95,
    },
  };
  const where = `${baselineKeyOf(settings)}${ref ? ` on ${ref}` : ''}`;
  if (learning)
    logger.info(
      `History ${where}: learning, ${learning.have} of ${learning.need} runs recorded; nothing can fail yet`,
    );
  else if (judgement) {
    const gated = judgement.metrics.filter((m) => m.gated);
    logger.info(
      `Compared with ${entries.length} stored run(s) of ${where}: ${gated.map(formatJudgementLine).join('; ')}`,
    );
  }
  const failureReasons: string[] = [];
  if (!learning && judgement) {
    const byName = new Map(judgement.metrics.map((m) => [m.metric, m]));
    for (const metric of judgement.regressions)
      failureReasons.push(`regression in ${byName.get(metric)!.label}`);
    if (settings.verdict.failOnInconclusive) {
      for (const metric of judgement.inconclusive) {
        failureReasons.push(`inconclusive: ${byName.get(metric)!.label} (fail-on-inconclusive is set)`);
      }
    }
  }
  return { comparison, view, failureReasons };
}
