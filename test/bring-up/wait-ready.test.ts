import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/bring-up/free-port.js';
import { startTarget } from '../../src/bring-up/start-target.js';
import { waitForReady } from '../../src/bring-up/wait-ready.js';
import type { Logger } from '../../src/core/logger.js';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug: ${m}`),
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
    group: (_t, fn) => fn(),
  };
}

// `exec`: the server is the process the stop signals, and it exits 0 (as the reference shop does).
const server = (port: number) =>
  `exec "${process.execPath}" -e "require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1'); process.on('SIGTERM', () => process.exit(0))"`;

describe('waitForReady', () => {
  it('says nothing of the start command exiting 0 when the target is stopped after the wait', async () => {
    const port = await freePort();
    const logFile = join(await mkdtemp(join(tmpdir(), 'olg-ready-')), 'target.log');
    const target = startTarget({ command: server(port), logFile });
    const logger = recordingLogger();
    try {
      await waitForReady(`http://127.0.0.1:${port}/health`, 30_000, logger, target);
    } finally {
      await target.stop();
    }
    expect(await target.exited).toBe(0);
    // Let any late reaction to the exit run before looking.
    await new Promise((r) => setImmediate(r));
    expect(logger.lines).toEqual([`info: Target ready: http://127.0.0.1:${port}/health answered 200`]);
  });

  it('says so when the start command exits 0 during the wait (it daemonized) and goes on waiting', async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), 'olg-ready-'));
    // The command starts the server in the background and exits 0 at once, as `cmd &` does.
    const daemon = startTarget({
      command: `(${server(port)} > /dev/null 2>&1 & echo $! > "${join(dir, 'pid')}")`,
      logFile: join(dir, 'target.log'),
    });
    const logger = recordingLogger();
    try {
      expect(await daemon.exited).toBe(0);
      await waitForReady(`http://127.0.0.1:${port}/health`, 30_000, logger, daemon);
    } finally {
      const pid = Number(await readFile(join(dir, 'pid'), 'utf8').catch(() => '0'));
      if (pid > 0) process.kill(pid, 'SIGTERM');
    }
    expect(logger.lines[0]).toBe(
      `info: The start command exited 0 (it daemonized?): waiting for http://127.0.0.1:${port}/health`,
    );
    expect(logger.lines.at(-1)).toBe(`info: Target ready: http://127.0.0.1:${port}/health answered 200`);
  });
});
