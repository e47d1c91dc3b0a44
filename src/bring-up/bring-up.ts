/**
 * The bring-up phase: start the target's command, wait until it answers, and stop it again.
 * A target that never gets ready is stopped before the error goes up: nothing is left running.
 */
import type { Logger } from '../core/logger.js';
import { type RunningTarget, startTarget } from './start-target.js';
import { waitForReady } from './wait-ready.js';

export interface BringUpSpec {
  /** The shell command that starts the target. */
  command: string;
  /** Where its output goes. */
  logFile: string;
  /** Polled until it answers 2xx. */
  readyUrl: string;
  readyTimeoutMs: number;
  /** Run at the stop, for targets that daemonize (the start command's process group is signalled too). */
  stopCommand?: string;
  env?: Record<string, string>;
}

export async function bringUp(spec: BringUpSpec, logger: Logger): Promise<RunningTarget> {
  return logger.group('Start the target', async () => {
    const target = startTarget({
      command: spec.command,
      logFile: spec.logFile,
      ...(spec.stopCommand ? { stopCommand: spec.stopCommand } : {}),
      ...(spec.env ? { env: spec.env } : {}),
    });
    logger.info(`Started: ${spec.command} (output in ${target.logFile})`);
    try {
      await waitForReady(spec.readyUrl, spec.readyTimeoutMs, logger, target);
    } catch (err) {
      await target.stop(logger);
      throw err;
    }
    return target;
  });
}

export async function bringDown(target: RunningTarget, logger: Logger): Promise<void> {
  await logger.group('Stop the target', () => target.stop(logger));
}
