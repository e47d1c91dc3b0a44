/**
 * Fault matrix, bringing the target up (the action's bundle under Node 24, as the runner runs it):
 * every wait ends within ready-timeout, and what the start command started is stopped on every path.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../support/run-action.js';
import { DIST, faultTargetCommand, freePort, observe } from './support/harness.js';

const push = {
  name: 'push',
  payload: { ref: 'refs/heads/main', after: 'b'.repeat(40), repository: { full_name: 'acme/shop' } },
};

/** Whether anything still answers on the port. */
async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'olg-bringup-'));
});

async function gate(port: number, inputs: Record<string, string>) {
  return runAction({
    inputs: {
      'target-url': `http://127.0.0.1:${port}`,
      'ready-path': '/health',
      'ready-timeout': '20s',
      seed: 'none',
      users: '3',
      'spawn-rate': '100',
      iterations: '1',
      baseline: 'none',
      comment: 'never',
      'report-dir': join(work, `report-${port}`),
      ...inputs,
    },
    event: push,
    env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'b'.repeat(40), GITHUB_REF: 'refs/heads/main' },
    cwd: work,
    timeoutMs: 60_000,
    entry: DIST,
  });
}

describe('fault matrix: bring-up', () => {
  it('a target that never gets ready: an error within ready-timeout, the target stopped', async () => {
    const port = await freePort();
    const run = await gate(port, { 'start-command': faultTargetCommand('never-ready', port) });
    const stillUp = await answers(port);
    observe('never ready', { exit: run.code, result: run.outputs.result, targetLeftRunning: stillUp });
    expect(run.code).toBe(1);
    expect(run.outputs.result).toBe('error');
    expect(run.stdout).toMatch(/not ready within 20 s/);
    expect(run.stdout).toContain('HTTP 503');
    expect(stillUp).toBe(false);
  });

  it('a start command that daemonizes (cmd &) and exits 0: waits for ready, runs, stops what it started', async () => {
    const port = await freePort();
    const run = await gate(port, { 'start-command': `${faultTargetCommand('shop', port)} &` });
    const stillUp = await answers(port);
    observe('daemonizing start command (cmd &)', {
      exit: run.code,
      result: run.outputs.result,
      targetLeftRunning: stillUp,
    });
    expect(run.outputs.result).toBe('pass');
    expect(run.code).toBe(0);
    expect(run.outputs['orders-attempted']).toBe('3');
    expect(stillUp).toBe(false);
  });

  it('a target started outside the process group (setsid) is stopped by stop-command', async () => {
    const port = await freePort();
    const pidFile = join(work, `target-${port}.pid`);
    const run = await gate(port, {
      'start-command': `setsid ${faultTargetCommand('shop', port)} >/dev/null 2>&1 & echo $! > ${pidFile}`,
      'stop-command': `kill $(cat ${pidFile})`,
    });
    const stillUp = await answers(port);
    observe('daemonizing start command + stop-command', {
      exit: run.code,
      result: run.outputs.result,
      targetLeftRunning: stillUp,
    });
    expect(run.outputs.result).toBe('pass');
    expect(stillUp).toBe(false);
    expect(await readFile(join(work, `report-${port}`, 'target.log'), 'utf8')).toContain('stop-command');
  });

  it('a ready-path that answers 404 says which ready-path to set', async () => {
    const port = await freePort();
    const run = await gate(port, {
      'start-command': faultTargetCommand('shop', port),
      'ready-path': '/nope',
    });
    observe('ready-path answers 404', { exit: run.code, result: run.outputs.result });
    expect(run.outputs.result).toBe('error');
    expect(run.stdout).toMatch(/ready-path/);
    expect(run.stdout).toMatch(/\/health answers 200/);
    expect(await answers(port)).toBe(false);
  });
});
