/**
 * A shard job's report: its numbers and where its results go. The verdict, the baseline and the
 * pull-request comment belong to the merge job, which sees the whole run.
 */
import type { Logger } from '../core/logger.js';
import { scrub } from '../core/scrub.js';
import { escapeInline } from '../report/escape.js';
import { describePlan } from '../settings/describe-plan.js';
import type { RunSettings } from '../settings/run-settings.js';
import { shardLabel } from '../settings/shard.js';
import type { GateDeps, GateOutcome } from './gate-outcome.js';
import { writeSummaries } from './write-summaries.js';

export function shardMarkdown(settings: RunSettings, outcome: GateOutcome): string {
  const r = outcome.results;
  const shard = settings.shard;
  if (!r || !shard) return '';
  const label = shardLabel(shard);
  const first = settings.userOffset;
  const users = `users ${settings.userPrefix}${first} .. ${settings.userPrefix}${first + settings.usersNeeded - 1}`;
  const lines = [
    `## order-load-gate: shard ${label}`,
    '',
    `This job ran shard ${label} of the profile: ${describePlan(settings)} (${users}).`,
    `Its results (\`${outcome.reportPath ?? 'results.json'}\`) are judged together with the other shards' by the ` +
      'merge job (`mode: merge`): thresholds, the baseline comparison and the pull-request comment are there.',
    '',
    '| orders attempted | succeeded | failed | order p95 | requests/s |',
    '|---:|---:|---:|---:|---:|',
    `| ${r.orders.attempted} | ${r.orders.succeeded} | ${r.orders.failed} | ${r.steps.order.latencyMs.p95} ms | ${r.rps} |`,
  ];
  if (r.interrupted !== undefined) lines.push('', `Interrupted: ${escapeInline(r.interrupted)}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the shard's summary; a shard that ran passes (the merge job gives the verdict). */
export async function reportShard(
  settings: RunSettings,
  reportDir: string,
  logger: Logger,
  deps: GateDeps,
  outcome: GateOutcome,
): Promise<GateOutcome> {
  // Texts from the target (an interruption's reason) scrubbed, as in every summary.
  const markdown = scrub(shardMarkdown(settings, outcome));
  outcome.markdownPath = await writeSummaries(reportDir, markdown, logger, deps);
  logger.info(
    `Shard ${settings.shard ? shardLabel(settings.shard) : ''} done: upload ${outcome.reportPath ?? 'its results'} ` +
      'and merge every shard with mode: merge (no verdict, baseline or comment in a shard job)',
  );
  outcome.result = 'pass';
  return outcome;
}
