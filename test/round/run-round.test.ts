import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/bring-up/free-port.js';
import { SeedMissingError, TargetUnavailableError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import { runRound } from '../../src/round/run-round.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';

/** True while a process with this pid runs (a zombie, dead but not yet reaped, does not count). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true; // no /proc: kill(pid, 0) said it exists
  }
}

/** A target command that writes its pid to `pidFile` and then runs `script` under node. */
function command(pidFile: string, script: string): string {
  const js = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); ${script}`;
  return `"${process.execPath}" -e ${JSON.stringify(js)}`;
}

async function pidOf(pidFile: string): Promise<number> {
  return Number(await readFile(pidFile, 'utf8'));
}

describe('runRound: bring-up and bring-down', () => {
  it('stops a target that never gets ready before the error goes up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-round-'));
    const port = await freePort();
    const pidFile = join(dir, 'pid');
    const settings = resolveRunSettings({ target: `http://127.0.0.1:${port}`, users: '1' });
    const logger = createMemoryLogger();
    await expect(
      runRound(settings, logger, {
        bringUp: {
          command: command(pidFile, 'setInterval(() => {}, 1000);'), // never listens
          logFile: join(dir, 'target.log'),
          readyUrl: `http://127.0.0.1:${port}/health`,
          readyTimeoutMs: 1_000,
        },
      }),
    ).rejects.toBeInstanceOf(TargetUnavailableError);
    expect(alive(await pidOf(pidFile))).toBe(false);
  });

  it('brings the target down when a later phase fails (preflight: no seeded users)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-round-'));
    const port = await freePort();
    const pidFile = join(dir, 'pid');
    // Ready on /health; every other path answers 404, so the first user cannot log in.
    const server =
      "require('http').createServer((q, s) => { s.statusCode = q.url === '/health' ? 200 : 404; s.end('{}'); })" +
      `.listen(${port}, '127.0.0.1');`;
    const settings = resolveRunSettings({ target: `http://127.0.0.1:${port}`, users: '1' });
    const logger = createMemoryLogger();
    await expect(
      runRound(settings, logger, {
        bringUp: {
          command: command(pidFile, server),
          logFile: join(dir, 'target.log'),
          readyUrl: `http://127.0.0.1:${port}/health`,
          readyTimeoutMs: 30_000,
        },
      }),
    ).rejects.toBeInstanceOf(SeedMissingError);
    expect(alive(await pidOf(pidFile))).toBe(false);
  });
});
