/**
 * One round of one build: the build's target brought up with its own command (bring-up/), then
 * the round unit (round/run-round.ts: seed, preflight, load, reconcile), and the target brought
 * down on every path. A target that exits by itself during the round makes the round an error.
 * This is the only file that knows how a round is done: paired mode sees a RoundRunner.
 */
import { join } from 'node:path';
import { bringDown, bringUp } from '../bring-up/bring-up.js';
import type { Side } from '../compare/round-schedule.js';
import { TargetUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { autoWarmUpFlows } from '../load/warm-up.js';
import type { RunResults } from '../results/results.js';
import { runRound } from '../round/run-round.js';
import type { RunSettings } from '../settings/run-settings.js';
import type { CompareSettings } from './paired-settings.js';
import type { RoundRunner } from './run-paired.js';

export interface BuildCommands {
  /** The shell command that starts this build's target. */
  start: string;
  /** This build's seed command, where it differs from the run's. */
  seedCommand?: string;
}

export interface BuildRoundSettings {
  run: RunSettings;
  readyPath: string;
  readyTimeoutMs: number;
  /** Round results and target logs go to reportDir/rounds/. */
  reportDir: string;
  base: BuildCommands;
  head: BuildCommands;
}

export function roundFileStem(side: Side, round: number): string {
  return `round-${String(round).padStart(2, '0')}-${side}`;
}

function settingsFor(settings: BuildRoundSettings, side: Side, round: number): RunSettings {
  const build = settings[side];
  const run: RunSettings = {
    ...settings.run,
    out: join(settings.reportDir, 'rounds', `${roundFileStem(side, round)}.json`),
    report: undefined,
    thresholds: [],
  };
  if (build.seedCommand) run.seed = { ...run.seed, mode: 'command', command: build.seedCommand };
  return run;
}

export function createBuildRoundRunner(
  settings: BuildRoundSettings & Partial<Pick<CompareSettings, 'warmUp'>>,
  logger: Logger,
): RoundRunner {
  // Every round starts a cold target: by default it warms up before it is measured.
  const warmUpFlows =
    settings.warmUp === undefined || settings.warmUp === 'auto'
      ? autoWarmUpFlows(settings.run)
      : settings.warmUp;
  return {
    async run(side, round, signal): Promise<RunResults> {
      const logFile = join(settings.reportDir, 'rounds', `${roundFileStem(side, round)}.log`);
      const target = await bringUp(
        {
          command: settings[side].start,
          logFile,
          readyUrl: `${settings.run.target}${settings.readyPath}`,
          readyTimeoutMs: settings.readyTimeoutMs,
        },
        logger,
      );
      let stopping = false;
      let diedWith: number | null | undefined;
      void target.exited.then((code) => {
        if (!stopping) diedWith = code;
      });
      try {
        const run = settingsFor(settings, side, round);
        const outcome = await runRound(run, logger, {
          interactive: false,
          warmUpFlows,
          ...(signal ? { signal } : {}),
        });
        // A start command that exits 0 (it daemonized the target) is fine; a crash is not.
        if (diedWith !== undefined && diedWith !== 0) {
          throw new TargetUnavailableError(
            `the ${side} build's target exited (code ${diedWith}) during the round; see ${logFile}`,
          );
        }
        // The round's own verdict (src/results/run-verdict.ts): a target that stopped answering.
        if (outcome.verdict.result === 'error')
          throw (
            outcome.error ??
            new TargetUnavailableError(outcome.verdict.reason ?? 'the round could not be judged')
          );
        if (outcome.results.interrupted) {
          throw new TargetUnavailableError(`the round did not complete: ${outcome.results.interrupted}`);
        }
        return outcome.results;
      } finally {
        stopping = true;
        await bringDown(target, logger);
      }
    },
  };
}
