/**
 * The action's main from SOURCE (src/action/main.ts, in this process): the verdict becomes the
 * step's outcome. A regression fails the step (exit code 1, an ::error:: annotation naming the
 * regressed metric, result=fail), an unchanged run passes, a run that cannot be done is an error.
 * Mode merge (no load, no shop): the shards' results and the baseline are files written here,
 * so this runs in a second and needs no built dist/.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runAction } from '../../src/action/main.js';
import { appendEntry, emptyBaseline, stripForBaseline } from '../../src/compare/baseline-file.js';
import { mergeShardResults } from '../../src/merge/merge-results.js';
import type { RunResults } from '../../src/results/results.js';
import { fakeShardSet } from '../merge/fixtures.js';
import { parseOutputFile } from '../support/run-action.js';

const saved = { env: { ...process.env }, exitCode: process.exitCode };
let stdout: string[];
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'olg-action-source-'));
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved.env };
  process.exitCode = saved.exitCode;
});

/** Two shards of a 40-user run (every 10th order fails), as the shard jobs upload them. */
async function writeShards(): Promise<RunResults> {
  const { files } = fakeShardSet(['--users', '40'], 2);
  for (const [i, f] of files.entries()) {
    await mkdir(join(dir, 'shards', `shard-${i + 1}`), { recursive: true });
    await writeFile(join(dir, 'shards', `shard-${i + 1}`, 'results.json'), JSON.stringify(f.results));
  }
  return mergeShardResults(files);
}

/**
 * A baseline file of six stored runs (history mode judges from five on; fewer are learning): each
 * is `results` with its order latencies scaled by `factor`, within ±2% of each other.
 */
async function writeBaseline(results: RunResults, factor: number): Promise<string> {
  let file = emptyBaseline('users-40');
  for (const [i, jitter] of [1, 1.02, 0.98, 1.01, 0.99, 1].entries()) {
    const base = structuredClone(stripForBaseline(results));
    const l = base.steps.order.latencyMs;
    for (const stat of ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const)
      l[stat] *= factor * jitter;
    file = appendEntry(file, {
      recordedAt: `2024-01-0${i + 1}T00:00:00.000Z`,
      sha: String(i).repeat(40),
      ref: 'main', // the history of the branch this push is on
      results: base,
    });
  }
  const path = join(dir, 'baselines.json');
  await writeFile(path, JSON.stringify({ 'users-40': file }));
  return path;
}

/** Runs the action's main with these inputs, as the runner would (INPUT_*, GITHUB_* files). */
async function action(inputs: Record<string, string>) {
  const output = join(dir, 'output');
  const summary = join(dir, 'summary.md');
  await writeFile(output, '');
  await writeFile(summary, '');
  process.env = {
    PATH: saved.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'c'.repeat(40),
  };
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  process.exitCode = undefined;
  await runAction();
  const exitCode = process.exitCode;
  process.exitCode = saved.exitCode;
  const log = stdout.join('');
  return {
    exitCode,
    log,
    errors: log.split('\n').filter((l) => l.startsWith('::error')),
    outputs: parseOutputFile(await readFile(output, 'utf8')),
    summary: await readFile(summary, 'utf8'),
  };
}

const merge = (baseline: string, extra: Record<string, string> = {}) => ({
  mode: 'merge',
  'results-dir': join(dir, 'shards'),
  'report-dir': join(dir, 'report'),
  baseline: `file:${baseline}`,
  'update-baseline': 'false',
  comment: 'never',
  'regression-tolerance': '10%',
  ...extra,
});

describe('the action main (from source): the verdict is the step outcome', () => {
  it('a regression fails the step with result=fail and an annotation naming the metric', async () => {
    const merged = await writeShards();
    const baseline = await writeBaseline(merged, 0.5); // the baseline's orders were twice as fast
    const r = await action(merge(baseline));
    expect(r.outputs.result, r.summary).toBe('fail');
    expect(r.exitCode).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^::error::order-load-gate failed: .*regression in order p95/);
    expect(r.summary.split('\n')[0]).toMatch(/regression/i);
    // the job summary is the report's markdown, then an end of line
    expect(r.summary).toBe(`${await readFile(join(dir, 'report', 'summary.md'), 'utf8')}\n`);
    // Every output, exactly.
    expect(r.outputs['orders-attempted']).toBe('40');
    expect(r.outputs['orders-succeeded']).toBe('36');
    expect(r.outputs['success-rate']).toBe('0.9000');
    expect(r.outputs['p95-ms']).toBe(merged.steps.order.latencyMs.p95.toFixed(2));
    expect(r.outputs.rps).toBe(merged.rps.toFixed(2));
    expect(r.outputs['report-path']).toBe(join(dir, 'report', 'results.json'));
    expect(r.outputs['comment-url']).toBe('');
    const written = JSON.parse(await readFile(r.outputs['report-path']!, 'utf8')) as RunResults;
    expect(written.orders.attempted).toBe(40);
  });

  it('an unchanged run passes: exit code untouched, result=pass, no annotation', async () => {
    const merged = await writeShards();
    const baseline = await writeBaseline(merged, 1);
    const r = await action(merge(baseline));
    expect(r.errors).toEqual([]);
    expect(r.exitCode).toBeUndefined();
    expect(r.outputs.result).toBe('pass');
    expect(r.outputs['orders-attempted']).toBe('40');
  });

  it('masks the secret inputs before anything is logged', async () => {
    const merged = await writeShards();
    const baseline = await writeBaseline(merged, 1);
    const r = await action(merge(baseline, { 'github-token': 'ghs_source_token', 'admin-token': ' ' }));
    expect(r.outputs.result).toBe('pass');
    expect(r.log.split('\n').filter((l) => l.startsWith('::add-mask::'))).toEqual([
      '::add-mask::ghs_source_token',
    ]);
    expect(r.log.indexOf('::add-mask::')).toBe(0);
  });

  it('a failed threshold fails the step too, naming the threshold', async () => {
    const merged = await writeShards();
    const baseline = await writeBaseline(merged, 1);
    const r = await action(merge(baseline, { thresholds: 'success_rate>=95%' }));
    expect(r.exitCode).toBe(1);
    expect(r.outputs.result).toBe('fail');
    expect(r.errors[0]).toMatch(
      /^::error::order-load-gate failed: threshold success_rate>=95%25 \(actual 0\.9\)/,
    );
  });

  it('a run that cannot be done is result=error, and fails the step saying it could not run', async () => {
    const r = await action(merge(join(dir, 'none.json'), { 'results-dir': join(dir, 'missing') }));
    expect(r.exitCode).toBe(1);
    expect(r.outputs.result).toBe('error');
    // the log names the cause; the last annotation is the step's failure
    expect(r.errors.at(-1)).toMatch(/^::error::order-load-gate could not run: .*missing/);
    expect(r.outputs['orders-attempted']).toBeUndefined();
  });

  it('a bad input is result=error with the message and its code', async () => {
    const r = await action(merge(join(dir, 'none.json'), { 'regression-tolerance': 'lots' }));
    expect(r.exitCode).toBe(1);
    expect(r.outputs.result).toBe('error');
    expect(r.errors[0]).toMatch(
      /^::error::Invalid value for regression-tolerance: "lots".*\[OLG_ERR_CONFIG\]$/,
    );
  });
});
