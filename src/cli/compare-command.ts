/** `order-load-gate compare`: paired mode from a terminal (see COMPARE_USAGE). */

import { parseDuration } from '../core/duration.js';
import { ConfigError, ExitCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { scrub } from '../core/scrub.js';
import { runPairedGate } from '../paired/paired-gate.js';
import { resolveCompareSettings } from '../paired/paired-settings.js';
import { formatJudgementTable, inconclusiveAdvice } from '../report/change-format.js';
import { formatRoundsTable } from '../report/rounds-format.js';
import { writeOutputFile } from '../results/output-files.js';
import { describePlan } from '../settings/describe-plan.js';
import { resolveRunSettings } from '../settings/run-settings.js';
import { COMPARE_USAGE, compareFlagName, rawCompareInputs, splitCompareArgs } from './compare-args.js';
import { parseRunArgs } from './run-args.js';

export async function compareCommand(
  argv: string[],
  io: { stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv },
  logger: Logger,
  signal?: AbortSignal,
): Promise<number> {
  const { compare, runArgv, help } = splitCompareArgs(argv);
  if (help) {
    io.stdout.write(`${COMPARE_USAGE}\n`);
    return ExitCode.pass;
  }
  const str = (k: string) => (typeof compare[k] === 'string' ? (compare[k] as string) : undefined);
  const baseCommand = str('base-command');
  const headCommand = str('head-command');
  if (!baseCommand)
    throw new ConfigError('--base-command', '', "the shell command that starts the base build's target");
  if (!headCommand)
    throw new ConfigError('--head-command', '', "the shell command that starts the head build's target");
  const { raw } = parseRunArgs(runArgv, io.env);
  const reportDir = str('report-dir') ?? 'order-load-gate-report';
  const run = resolveRunSettings({ ...raw, progress: raw.progress ?? 'plain' });
  const cmp = resolveCompareSettings(rawCompareInputs(compare), compareFlagName);
  const readyPath = str('ready-path') ?? '/health';
  const baseSeed = str('base-seed-command');
  const headSeed = str('head-seed-command');
  const outcome = await runPairedGate(
    {
      ...cmp,
      run,
      reportDir,
      readyPath: readyPath.startsWith('/') ? readyPath : `/${readyPath}`,
      readyTimeoutMs: parseDuration(str('ready-timeout') ?? '60s', '--ready-timeout'),
      base: { start: baseCommand, ...(baseSeed ? { seedCommand: baseSeed } : {}) },
      head: { start: headCommand, ...(headSeed ? { seedCommand: headSeed } : {}) },
    },
    logger,
    signal ? { signal } : {},
  );
  const { judgement, rounds, stoppedBy, elapsedMs } = outcome.paired;
  const lines = [
    '',
    `Paired comparison: ${rounds.length} rounds (${judgement.n} pairs) in ${(elapsedMs / 1000).toFixed(0)} s; stopped: ${stoppedBy}`,
    '',
    formatJudgementTable(judgement),
    '',
    formatRoundsTable(rounds, cmp.judge.gateMetrics),
  ];
  const advice = inconclusiveAdvice(judgement, stoppedBy);
  if (advice) lines.push('', advice);
  lines.push(
    '',
    `Result: ${outcome.result}${outcome.failureReasons.length ? ` (${outcome.failureReasons.join('; ')})` : ''}`,
  );
  lines.push(`Written: ${outcome.pairedPath}`);
  if (run.report) {
    const { renderHtmlReport } = await import('../report/html/render-report.js');
    const lastHead = [...rounds].reverse().find((r) => r.side === 'head')!;
    const html = renderHtmlReport({
      results: lastHead.results,
      verdictView: { mode: 'paired', judgement, rounds, stoppedBy, elapsedMs },
      verdict: outcome.result,
      failureReasons: outcome.failureReasons,
      profile: describePlan(run),
    });
    const path = await writeOutputFile(run.report, scrub(html), 'The HTML report', logger);
    lines.push(`HTML report (the head's last round, and the verdict): ${path}`);
  }
  logger.info(lines.join('\n'));
  return outcome.result === 'pass' ? ExitCode.pass : ExitCode.fail;
}
