/**
 * Fault matrix, the outputs: an unwritable --out / --report / report-dir is refused before any
 * load is sent; when writing still fails at the end, the results block is printed and the results
 * are saved elsewhere, and the message says where.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RESULTS_SCHEMA_VERSION } from '../../src/results/results.js';
import { runAction } from '../support/run-action.js';
import { DIST, type FaultTarget, observe, runCli, startFaultTarget } from './support/harness.js';

let target: FaultTarget | undefined;
afterEach(async () => {
  await target?.stop();
  target = undefined;
});

async function hits(url: string): Promise<number> {
  const res = await fetch(`${url}/__hits`);
  return ((await res.json()) as { requests: number }).requests;
}

const load = (url: string) => [
  ...['--target', url, '--users', '3', '--spawn-rate', '100', '--iterations', '1', '--progress', 'off'],
];

describe('fault matrix: unwritable outputs', () => {
  for (const flag of ['--out', '--report'] as const) {
    it(`${flag} /proc/... is refused before any load is sent`, async () => {
      target = await startFaultTarget('shop');
      const run = await runCli(['run', ...load(target.url), flag, '/proc/olg-fault/x.out'], {
        timeoutMs: 60_000,
      });
      const sent = await hits(target.url);
      observe(`unwritable ${flag}`, {
        exit: run.code,
        requestsSent: sent,
        stackTrace: /\n\s+at /.test(run.stderr),
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/OLG_ERR_OUTPUT_UNWRITABLE/);
      expect(run.stderr).toContain(flag);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(sent).toBe(0);
    });
  }

  it('--out that fails at the end: the results block is printed and the results saved elsewhere', async () => {
    target = await startFaultTarget('shop');
    const dir = await mkdtemp(join(tmpdir(), 'olg-out-'));
    const sub = join(dir, 'sub');
    const shop = target;
    const run = await runCli(
      [
        'run',
        ...['--target', shop.url, '--users', '3', '--spawn-rate', '100', '--iterations', '0'],
        ...[
          '--think-time',
          '0.1s-0.2s',
          '--run-time',
          '3s',
          '--progress',
          'off',
          '--out',
          join(sub, 'r.json'),
        ],
      ],
      {
        timeoutMs: 60_000,
        during: (child) => {
          let seen = '';
          child.stdout?.on('data', (c: Buffer) => {
            seen += c.toString();
            if (!seen.includes('users at')) return;
            seen = '';
            // The checked directory becomes a file while the load runs: the write at the end fails.
            rmSync(sub, { recursive: true, force: true });
            writeFileSync(sub, 'in the way');
          });
        },
      },
    );
    const fallback = /saved to (\S+\.json)/.exec(run.stdout + run.stderr)?.[1];
    const block = /Order Concurrency Test Results/.test(run.stdout);
    observe('--out fails at the end', { exit: run.code, fallback, resultsBlock: block });
    expect(run.code).toBe(0);
    expect(block).toBe(true);
    expect(fallback).toBeDefined();
    expect(existsSync(fallback!)).toBe(true);
    expect(JSON.parse(readFileSync(fallback!, 'utf8')).schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
  });

  it('report-dir that cannot be written: the action says so before any load, result error', async () => {
    target = await startFaultTarget('shop');
    const work = await mkdtemp(join(tmpdir(), 'olg-out-action-'));
    const run = await runAction({
      inputs: {
        'target-url': target.url,
        seed: 'none',
        users: '3',
        'spawn-rate': '100',
        iterations: '1',
        baseline: 'none',
        comment: 'never',
        'report-dir': '/proc/olg-fault-report',
      },
      event: { name: 'push', payload: { repository: { full_name: 'acme/shop' } } },
      env: { GITHUB_REPOSITORY: 'acme/shop', GITHUB_SHA: 'd'.repeat(40), GITHUB_REF: 'refs/heads/main' },
      cwd: work,
      timeoutMs: 60_000,
      entry: DIST,
    });
    const sent = await hits(target.url);
    observe('unwritable report-dir', { exit: run.code, result: run.outputs.result, requestsSent: sent });
    expect(run.outputs.result).toBe('error');
    expect(run.stdout).toMatch(/report-dir/);
    expect(sent).toBe(0);
  });
});
