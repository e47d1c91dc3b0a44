/**
 * Paired mode from settings to an answer, shared by the CLI's `compare` and the action: the
 * rounds (run-paired.ts), then what fails the gate: an integrity violation in any round, a gated
 * metric that regressed, and, when asked, a gated metric still inconclusive. Writes
 * report-dir/paired.json (the judgement and each round's figures; each round's full results
 * are in report-dir/rounds/).
 */
import { join } from 'node:path';
import { sampleOf } from '../compare/judgement.js';
import type { Logger } from '../core/logger.js';
import { scrubReplacer } from '../core/scrub.js';
import { integrityFailureReasons } from '../report/integrity-format.js';
import { writeOutputFile } from '../results/output-files.js';
import { type BuildRoundSettings, createBuildRoundRunner, roundFileStem } from './build-round.js';
import type { CompareSettings } from './paired-settings.js';
import { type PairedOutcome, type RoundRunner, runPaired } from './run-paired.js';

const PAIRED_SCHEMA_VERSION = 1;

export interface PairedGateSettings extends BuildRoundSettings, CompareSettings {}

export interface PairedGateOutcome {
  result: 'pass' | 'fail';
  failureReasons: string[];
  paired: PairedOutcome;
  pairedPath: string;
}

/** What paired.json holds: enough to redraw the report and to `diff` the rounds again. */
export function pairedFile(paired: PairedOutcome) {
  return {
    schemaVersion: PAIRED_SCHEMA_VERSION,
    kind: 'order-load-gate/paired',
    stoppedBy: paired.stoppedBy,
    elapsedMs: paired.elapsedMs,
    judgement: paired.judgement,
    rounds: paired.rounds.map((r) => ({
      round: r.round,
      side: r.side,
      durationMs: r.durationMs,
      results: `rounds/${roundFileStem(r.side, r.round)}.json`,
      ...sampleOf(r.results),
    })),
  };
}

export function pairedFailureReasons(paired: PairedOutcome, settings: CompareSettings): string[] {
  const reasons: string[] = [];
  for (const r of paired.rounds) {
    for (const line of integrityFailureReasons(r.results.integrity))
      reasons.push(`${r.side} round ${r.round}: ${line}`);
  }
  const byName = new Map(paired.judgement.metrics.map((m) => [m.metric, m]));
  for (const metric of paired.judgement.regressions)
    reasons.push(`regression in ${byName.get(metric)?.label ?? metric}`);
  if (settings.failOnInconclusive) {
    for (const metric of paired.judgement.inconclusive) {
      reasons.push(`inconclusive: ${byName.get(metric)?.label ?? metric} (fail-on-inconclusive is set)`);
    }
  }
  return reasons;
}

export async function runPairedGate(
  settings: PairedGateSettings,
  logger: Logger,
  options: { signal?: AbortSignal; runner?: RoundRunner; random?: () => number } = {},
): Promise<PairedGateOutcome> {
  const runner = options.runner ?? createBuildRoundRunner(settings, logger);
  const paired = await runPaired(runner, logger, {
    policy: settings.policy,
    judge: settings.judge,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  // Every round's results, with texts from the targets: scrubbed, through the checked writer.
  const pairedPath =
    (await writeOutputFile(
      join(settings.reportDir, 'paired.json'),
      `${JSON.stringify(pairedFile(paired), scrubReplacer, 2)}\n`,
      'The paired results',
      logger,
    )) ?? join(settings.reportDir, 'paired.json');
  const failureReasons = pairedFailureReasons(paired, settings);
  return { result: failureReasons.length > 0 ? 'fail' : 'pass', failureReasons, paired, pairedPath };
}
