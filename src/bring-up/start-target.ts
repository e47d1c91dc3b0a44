import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { request } from 'undici';
import { TargetUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { sleep } from '../engine/clock.js';

/**
 * Brings up the shop under test: a shell command started in the background in its own
 * process group, its output kept in a log file, and always stopped at the end.
 */
export interface StartTargetOptions {
  command: string;
  logFile: string;
  env?: Record<string, string>;
  cwd?: string;
}

export interface RunningTarget {
  readonly pid: number | undefined;
  readonly logFile: string;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startTarget(options: StartTargetOptions): RunningTarget {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(options.command, {
    shell: true,
    detached: true,
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
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
  let stopped = false;
  return {
    pid: child.pid,
    logFile: options.logFile,
    exited,
    async stop() {
      if (stopped) return;
      stopped = true;
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {
          /* already gone */
        }
      };
      if (child.exitCode === null && child.signalCode === null) {
        signalGroup('SIGTERM');
        const ended = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
        if (!ended) {
          signalGroup('SIGKILL');
          await exited;
        }
      }
      // The output may still be draining after the exit: wait for the pipes (briefly), then detach
      // them so nothing is written after the log has ended.
      await Promise.race([streamsClosed, sleep(2_000)]);
      child.stdout?.unpipe(log);
      child.stderr?.unpipe(log);
      await new Promise<void>((resolve) => log.end(resolve));
    },
  };
}

/**
 * Polls `url` until it answers 2xx, the process exits, or the timeout passes.
 */
export async function waitForReady(
  url: string,
  timeoutMs: number,
  logger: Logger,
  target?: RunningTarget,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  let exitCode: number | null | undefined;
  void target?.exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new TargetUnavailableError(
        `The target's start command exited (code ${exitCode}) before ${url} was ready; see ${target?.logFile}`,
      );
    }
    try {
      const res = await request(url, { headersTimeout: 2_000, bodyTimeout: 2_000 });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) {
        logger.info(`Target ready: ${url} answered ${res.statusCode}`);
        return;
      }
      last = `HTTP ${res.statusCode}`;
    } catch (err) {
      last = (err as { code?: string }).code ?? (err as Error).message;
    }
    await sleep(200);
  }
  throw new TargetUnavailableError(
    `The target was not ready within ${Math.round(timeoutMs / 1000)} s: ${url} (${last})` +
      (target ? `; see ${target.logFile}` : ''),
  );
}
