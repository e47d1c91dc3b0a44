import { spawn } from 'node:child_process';
import { SeedFailedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

const STDERR_TAIL_LINES = 10;

/**
 * Runs the user's own seeding script (the origin's setup_test_data.py) through the shell.
 * It gets the run's target and sizes in its environment; its output goes to the log.
 */
export async function runSeedCommand(
  command: string,
  env: Record<string, string>,
  logger: Logger,
  timeoutMs = 600_000,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(command, {
      shell: true,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new SeedFailedError(`Seed command timed out after ${timeoutMs / 1000} s: ${command}`));
    }, timeoutMs);
    // Both streams are the script's log (Python and Django write progress to stderr): logged as
    // info, never as warnings (on GitHub a warning is an annotation). The end of stderr is kept
    // for the error when the command fails.
    const tail: string[] = [];
    const forward = (keep: boolean) => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (!line) continue;
        logger.info(`[seed] ${line}`);
        if (!keep) continue;
        tail.push(line.slice(0, 300));
        if (tail.length > STDERR_TAIL_LINES) tail.shift();
      }
    };
    child.stdout.on('data', forward(false));
    child.stderr.on('data', forward(true));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new SeedFailedError(`Seed command could not start: ${err.message}`, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else {
        const said = tail.length > 0 ? `; its stderr ended with:\n${tail.join('\n')}` : '';
        reject(
          new SeedFailedError(`Seed command failed (${signal ?? `exit code ${code}`}): ${command}${said}`),
        );
      }
    });
  });
}
