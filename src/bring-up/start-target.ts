import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Logger, silentLogger } from '../core/logger.js';
import { sleep } from '../engine/clock.js';

/**
 * Brings up the shop under test: a shell command started in the background in its own process
 * group, its output kept in a log file, and always stopped at the end: the stop-command first
 * (for targets that daemonize out of the group: docker compose up -d), then the whole process
 * group, even when the command itself has exited (`cmd &` leaves its child in the group).
 * Waiting for it to be ready is in wait-ready.ts.
 */
export interface StartTargetOptions {
  command: string;
  /** Run through the shell at the stop, before the process group is signalled. */
  stopCommand?: string;
  logFile: string;
  env?: Record<string, string>;
  cwd?: string;
}

export interface RunningTarget {
  readonly pid: number | undefined;
  readonly logFile: string;
  /** Resolves with the exit code when the start command ends (-1 when it could not start). */
  readonly exited: Promise<number | null>;
  stop(logger?: Logger): Promise<void>;
}

/** How long the target's processes get to end after SIGTERM, and the stop-command to run. */
export const STOP_GRACE_MS = 5_000;
export const STOP_COMMAND_TIMEOUT_MS = 60_000;

function groupAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid) process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

async function groupEnded(pid: number | undefined, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (groupAlive(pid)) {
    if (Date.now() >= until) return false;
    await sleep(50);
  }
  return true;
}

export function startTarget(options: StartTargetOptions): RunningTarget {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const env = { ...process.env, ...options.env };
  const child: ChildProcess = spawn(options.command, {
    shell: true,
    detached: true,
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A log that cannot be written must never take the run down with it.
  log.on('error', () => {});
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const streamsClosed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      log.write(`\n[order-load-gate] could not start: ${err.message}\n`);
      resolve(-1);
    });
    child.once('exit', (code) => resolve(code));
  });
  let stopping: Promise<void> | undefined;
  const stop = async (logger: Logger) => {
    if (options.stopCommand) await runStopCommand(options.stopCommand, options.cwd, env, log, logger);
    // The group outlives the shell when the command backgrounded its server (`cmd &`).
    if (groupAlive(child.pid)) {
      signalGroup(child.pid, 'SIGTERM');
      if (!(await groupEnded(child.pid, STOP_GRACE_MS))) {
        logger.warn(`The target did not end within ${STOP_GRACE_MS / 1000} s of SIGTERM: killed`);
        signalGroup(child.pid, 'SIGKILL');
        await groupEnded(child.pid, 2_000);
      }
    }
    // The output may still be draining: wait for the pipes (briefly), then detach and close them
    // so that nothing is written after the log has ended and nothing keeps this process alive.
    const drained = new AbortController();
    await Promise.race([streamsClosed, sleep(2_000, drained.signal).catch(() => {})]);
    drained.abort();
    child.stdout?.unpipe(log);
    child.stderr?.unpipe(log);
    child.stdout?.destroy();
    child.stderr?.destroy();
    await new Promise<void>((resolve) => log.end(resolve));
  };
  return {
    pid: child.pid,
    logFile: options.logFile,
    exited,
    stop(logger: Logger = silentLogger) {
      stopping ??= stop(logger);
      return stopping;
    },
  };
}

async function runStopCommand(
  command: string,
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
  log: NodeJS.WritableStream,
  logger: Logger,
): Promise<void> {
  log.write(`\n[order-load-gate] running stop-command: ${command}\n`);
  logger.info(`Stopping the target: ${command}`);
  const child = spawn(command, { shell: true, detached: true, cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => log.write(c));
  child.stderr?.on('data', (c: Buffer) => log.write(c));
  const bound = new AbortController();
  const code = await Promise.race([
    new Promise<number | null>((resolve) => {
      child.once('error', () => resolve(-1));
      child.once('close', (c) => resolve(c));
    }),
    sleep(STOP_COMMAND_TIMEOUT_MS, bound.signal).then(
      () => 'timeout' as const,
      () => 'cancelled' as const,
    ),
  ]);
  bound.abort();
  if (code === 'timeout') {
    signalGroup(child.pid, 'SIGKILL');
    logger.warn(`stop-command did not end within ${STOP_COMMAND_TIMEOUT_MS / 1000} s: killed`);
  } else if (code !== 0) {
    logger.warn(`stop-command exited with code ${code}; see the target's log`);
  }
}
