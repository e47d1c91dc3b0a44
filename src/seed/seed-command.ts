import { spawn } from 'node:child_process';
import { SeedFailedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

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
    const forward = (level: 'info' | 'warn') => (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line) logger[level](`[seed] ${line}`);
    };
    child.stdout.on('data', forward('info'));
    child.stderr.on('data', forward('warn'));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new SeedFailedError(`Seed command could not start: ${err.message}`, { cause: err }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new SeedFailedError(`Seed command failed (${signal ?? `exit code ${code}`}): ${command}`));
    });
  });
}
