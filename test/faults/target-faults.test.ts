/**
 * Fault matrix, the target's side (the CLI as a real process against a misbehaving shop process,
 * all on 127.0.0.1, each bounded in users, requests and time): the outcome must be honest.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/results/results.js';
import { type FaultTarget, hasControls, observe, runCli, startFaultTarget } from './support/harness.js';

let target: FaultTarget | undefined;
afterEach(async () => {
  await target?.stop();
  target = undefined;
});

const tmp = () => mkdtemp(join(tmpdir(), 'olg-fault-'));
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as RunResults;
const summaryOf = (r: RunResults | undefined) =>
  r && {
    orders: r.orders,
    successRate: r.successRate,
    iterations: r.iterations,
    outcome: r.outcome,
    interrupted: r.interrupted,
  };

describe('fault matrix: the target misbehaves', () => {
  it('a target killed mid-run is an error (exit 2), whatever the thresholds; cut-off flows are counted', async () => {
    target = await startFaultTarget('shop');
    const dir = await tmp();
    const out = join(dir, 'r.json');
    const shop = target;
    const run = await runCli(
      [
        'run',
        ...['--target', shop.url, '--users', '20', '--spawn-rate', '100', '--iterations', '0'],
        ...['--think-time', '0.05s-0.1s', '--run-time', '8s', '--timeout', '2s', '--out', out],
        ...['--threshold', 'mean<1s', '--progress', 'off'],
      ],
      {
        timeoutMs: 60_000,
        during: (child) => {
          // Killed once the load is under way (the CLI says "Load" when it starts).
          let seen = '';
          child.stdout?.on('data', (c: Buffer) => {
            seen += c.toString();
            if (seen.includes('users at')) setTimeout(() => void shop.stop(), 1_500);
          });
        },
      },
    );
    const results = existsSync(out) ? readJson(out) : undefined;
    observe('target killed mid-run', { exit: run.code, killed: run.killed, ...summaryOf(results) });
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(results?.outcome?.result).toBe('error');
    expect(results?.outcome?.code).toBe('OLG_ERR_TARGET_DIED');
    expect(run.stdout + run.stderr).toMatch(/stopped answering/);
    expect(results?.iterations.cutOff).toBeGreaterThanOrEqual(0);
    expect(run.stdout).toMatch(/cut off at the stop/);
  });

  it('an interrupted run (SIGINT) says so and does not exit 0; the results are still written', async () => {
    target = await startFaultTarget('shop');
    const dir = await tmp();
    const out = join(dir, 'r.json');
    const run = await runCli(
      [
        'run',
        ...['--target', target.url, '--users', '5', '--spawn-rate', '100', '--iterations', '0'],
        ...['--think-time', '0.1s-0.2s', '--run-time', '30s', '--out', out, '--progress', 'off'],
      ],
      {
        timeoutMs: 60_000,
        during: (child) => {
          let seen = '';
          child.stdout?.on('data', (c: Buffer) => {
            seen += c.toString();
            if (seen.includes('users at')) setTimeout(() => child.kill('SIGINT'), 1_500);
          });
        },
      },
    );
    const results = existsSync(out) ? readJson(out) : undefined;
    observe('SIGINT', { exit: run.code, killed: run.killed, ...summaryOf(results) });
    expect(run.killed).toBe(false);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toMatch(/interrupted/i);
    expect(results?.outcome?.result).toBe('error');
    expect(results?.outcome?.code).toBe('OLG_ERR_INTERRUPTED');
  });

  it('a trickling target is timed out per request (a total deadline) and the run ends by itself', async () => {
    target = await startFaultTarget('trickle');
    const dir = await tmp();
    const out = join(dir, 'r.json');
    const run = await runCli(
      [
        'run',
        ...['--target', target.url, '--users', '2', '--spawn-rate', '100', '--iterations', '1'],
        ...['--timeout', '2s', '--run-time', '30s', '--out', out, '--progress', 'off'],
      ],
      { timeoutMs: 60_000 },
    );
    const results = existsSync(out) ? readJson(out) : undefined;
    observe('trickling target', {
      exit: run.code,
      killed: run.killed,
      elapsedMs: run.elapsedMs,
      orderErrors: results?.steps?.order?.errors,
      ...summaryOf(results),
    });
    expect(run.killed).toBe(false);
    expect(results?.steps.order.errors.timeout).toBe(2);
    // No order answered in time: the target did not answer, an error rather than a pass.
    expect(run.code).toBe(2);
    expect(results?.outcome?.code).toBe('OLG_ERR_TARGET_DIED');
  });

  it('--run-time plus its stated grace is a hard cap: flows still waiting are cut off, counted, and no pass', async () => {
    target = await startFaultTarget('trickle');
    const dir = await tmp();
    const out = join(dir, 'r.json');
    // --timeout 20s: the orders would time out at 20 s; the grace is min(--timeout, 10 s) = 10 s.
    const run = await runCli(
      [
        'run',
        ...['--target', target.url, '--users', '3', '--spawn-rate', '100', '--iterations', '0'],
        ...['--timeout', '20s', '--run-time', '2s', '--out', out, '--progress', 'off'],
      ],
      { timeoutMs: 60_000 },
    );
    const results = existsSync(out) ? readJson(out) : undefined;
    observe('run-time hard cap (trickling orders)', {
      exit: run.code,
      killed: run.killed,
      elapsedMs: run.elapsedMs,
      ...summaryOf(results),
    });
    expect(run.killed).toBe(false);
    expect(results?.iterations.cutOff).toBe(3);
    expect(run.stdout).toMatch(/3 flows were cut off at the stop: still running 10 s after --run-time/);
    expect(run.code).toBe(2);
    expect(results?.outcome?.code).toBe('OLG_ERR_TARGET_DIED');
  });

  it('a chunked 50 MB error body is read only up to the cap: memory stays bounded, the 500 is kept', async () => {
    target = await startFaultTarget('huge');
    const dir = await tmp();
    const out = join(dir, 'r.json');
    let peakKb = 0;
    const run = await runCli(
      [
        'run',
        ...['--target', target.url, '--users', '30', '--spawn-rate', '300', '--iterations', '1'],
        ...['--timeout', '30s', '--run-time', '40s', '--out', out, '--progress', 'off'],
      ],
      {
        timeoutMs: 90_000,
        during: (child) => {
          const poll = setInterval(() => {
            try {
              const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
              peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
            } catch {
              clearInterval(poll);
            }
          }, 50);
          child.once('close', () => clearInterval(poll));
        },
      },
    );
    const results = existsSync(out) ? readJson(out) : undefined;
    observe('chunked huge body', {
      exit: run.code,
      killed: run.killed,
      peakRssMb: Math.round(peakKb / 1024),
      orderErrors: results?.steps?.order?.errors,
      orderStatus: results?.steps?.order?.statusCodes,
    });
    expect(run.killed).toBe(false);
    expect(results?.steps.order.statusCodes['500']).toBe(30);
    expect(results?.steps.order.errors.http_5xx).toBe(30);
    expect(results?.steps.order.errors.invalid_response).toBeUndefined();
    // 30 users x 50 MB buffered would be 1.5 GB; read up to the cap it stays far below 400 MB.
    expect(peakKb / 1024).toBeLessThan(400);
  });

  it('a target echoing the password: the secret and its control characters reach no output', async () => {
    const secret = 'pw-Sekr3t-olg-4711';
    target = await startFaultTarget('echo', { FAULT_ECHO: secret, FAULT_PASSWORD: secret });
    const dir = await tmp();
    const out = join(dir, 'r.json');
    const report = join(dir, 'r.html');
    const run = await runCli(
      [
        'run',
        ...['--target', target.url, '--users', '3', '--spawn-rate', '100', '--iterations', '1'],
        ...['--password', secret, '--out', out, '--report', report, '--progress', 'off'],
        ...['--threshold', 'success_rate>=0.9'],
      ],
      { timeoutMs: 60_000 },
    );
    const written = [run.stdout, run.stderr, readFileSync(out, 'utf8'), readFileSync(report, 'utf8')];
    const leaks = written.filter((text) => text.includes(secret)).length;
    const controls = [run.stdout, run.stderr].filter((t) => hasControls(t)).length;
    observe('secret-echoing target (CLI)', {
      exit: run.code,
      filesWithSecret: leaks,
      outputsWithControls: controls,
    });
    expect(run.code).toBe(1);
    expect(leaks).toBe(0);
    expect(controls).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('***');
  });
});
