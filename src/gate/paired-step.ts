/**
 * The gate in paired mode: base and head rounds on this runner (src/paired), the head's last
 * round standing for "this run" in the results block, the outputs and the thresholds.
 * A round that cannot be done throws a RoundFailedError naming the build: the gate's outcome
 * is then an error, never a pass.
 */
import type { Logger } from '../core/logger.js';
import { runPairedGate } from '../paired/paired-gate.js';
import type { VerdictView } from '../report/verdict-view.js';
import { saveResults } from '../results/output-files.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { evaluateThresholds } from '../results/thresholds.js';
import type { GateSettings } from './gate-settings.js';

export interface PairedStep {
  run: RunOutcome;
  view: VerdictView;
  failureReasons: string[];
}

export async function pairedStep(
  settings: GateSettings,
  logger: Logger,
  signal?: AbortSignal,
): Promise<PairedStep> {
  const gate = await runPairedGate(
    {
      ...settings.verdict,
      judge: { ...settings.verdict.judge, tolerance: settings.tolerance },
      run: settings.run,
      readyPath: settings.readyPath,
      readyTimeoutMs: settings.readyTimeoutMs,
      reportDir: settings.reportDir,
      base: {
        start: settings.baseStartCommand!,
        ...(settings.baseSeedCommand ? { seedCommand: settings.baseSeedCommand } : {}),
      },
      head: { start: settings.startCommand! },
    },
    logger,
    signal ? { signal } : {},
  );
  const { rounds, judgement, stoppedBy, elapsedMs } = gate.paired;
  const lastHead = [...rounds].reverse().find((r) => r.side === 'head')!;
  const results = lastHead.results;
  const outPath = settings.run.out ? await saveResults(settings.run.out, results, logger) : undefined;
  const thresholds = evaluateThresholds(settings.run.thresholds, results);
  return {
    run: {
      results,
      thresholds,
      passed: thresholds.every((t) => t.ok),
      // Every round was judged before this (a round whose target died is an error, named by side).
      verdict: { result: thresholds.every((t) => t.ok) ? 'pass' : 'fail' },
      endedBy: 'completed',
      ...(outPath ? { outPath } : {}),
    },
    view: { mode: 'paired', judgement, rounds, stoppedBy, elapsedMs },
    failureReasons: gate.failureReasons,
  };
}
