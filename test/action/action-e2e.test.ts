import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OLD_SPACE_MB, DEFAULT_YOUNG_GENERATION_MB } from '../../src/action/load-worker-limits.js';
import { freePort } from '../../src/bring-up/free-port.js';
import { REFERENCE_SCENARIO } from '../../src/scenario/default-scenario.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { createTestDatabase } from '../support/postgres.js';
import { ROOT, runAction } from '../support/run-action.js';

const REPO = 'acme/shop';
const TOKEN = 'ghs_e2e_workflow_token';
const READ_ONLY = 'ghs_e2e_fork_token';
const ADMIN = 'e2e-admin-secret';

const unmasked = (log: string) =>
  log
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');

/** The runner's annotations: what a failing assertion should show. */
const annotations = (log: string) =>
  log
    .split('\n')
    .filter((l) => /^::(error|warning)/.test(l))
    .join('\n');

const pushEvent = (sha: string) => ({
  name: 'push',
  payload: { ref: 'refs/heads/main', after: sha, repository: { full_name: REPO, default_branch: 'main' } },
});
const prEvent = (sha: string) => ({
  name: 'pull_request',
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: { sha, ref: 'feature', repo: { full_name: REPO } },
      base: { sha: 'a'.repeat(40), ref: 'main', repo: { full_name: REPO } },
    },
    repository: { full_name: REPO, default_branch: 'main' },
  },
});

describe('the action (dist/index.js under Node 24) end to end', () => {
  let github: FakeGitHub;
  let work: string;

  // Each case has its own fake GitHub (no baseline, no comment): any one runs alone (vitest -t).
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'olg-e2e-'));
  });
  beforeEach(async () => {
    github = await startFakeGitHub({ repos: { [REPO]: {} }, readOnlyTokens: [READ_ONLY] });
  });
  afterEach(async () => {
    await github?.close();
  });

  async function run(
    event: { name: string; payload: unknown },
    sha: string,
    extra: Record<string, string> = {},
    overrides: Record<string, string> = {},
  ) {
    const port = await freePort();
    const shopFlags = extra.shopFlags ?? '';
    const inputs: Record<string, string> = {
      'target-url': `http://127.0.0.1:${port}`,
      'start-command': `"${process.execPath}" "${join(ROOT, 'lib', 'cli.js')}" shop --port ${port} --processing-delay-ms 5 ${shopFlags}`,
      'ready-path': '/health',
      'ready-timeout': '60s',
      seed: 'reference',
      'admin-token': ADMIN,
      users: '40',
      'spawn-rate': '200',
      iterations: '1',
      thresholds: 'success_rate>=0.95\n',
      baseline: 'branch:order-load-gate-baselines',
      'update-baseline': 'auto',
      'regression-tolerance': '300%',
      comment: 'auto',
      'github-token': extra.token ?? TOKEN,
      'report-dir': join(work, `report-${sha.slice(0, 6)}`),
      ...overrides,
    };
    return runAction({
      inputs,
      event,
      cwd: work,
      env: {
        GITHUB_REPOSITORY: REPO,
        GITHUB_SHA: sha,
        GITHUB_REF: event.name === 'push' ? 'refs/heads/main' : 'refs/pull/7/merge',
        GITHUB_API_URL: github.url,
        ORDER_LOAD_GATE_ADMIN_TOKEN: ADMIN,
      },
    });
  }

  it('on a push to the default branch: runs, writes outputs and the summary, records the baseline', async () => {
    const sha = '1'.repeat(40);
    const r = await run(pushEvent(sha), sha);
    // The runner masks what ::add-mask:: names; nothing else may print the secrets.
    expect(unmasked(r.stderr + r.stdout)).not.toContain(ADMIN);
    expect(unmasked(r.stdout)).not.toContain(TOKEN);
    expect(r.code, annotations(r.stdout) + r.stderr.slice(-2000)).toBe(0);
    expect(r.outputs.result).toBe('pass');
    expect(r.outputs['orders-attempted']).toBe('40');
    expect(r.outputs['orders-succeeded']).toBe('40');
    expect(Number(r.outputs['success-rate'])).toBe(1);
    expect(Number(r.outputs['p95-ms'])).toBeGreaterThan(0);
    expect(r.summary.split('\n')[0]).toMatch(/pass/i);
    expect(r.summary).toContain('Order Concurrency Test Results');
    const results = JSON.parse(await readFile(r.outputs['report-path']!, 'utf8'));
    expect(results.orders.attempted).toBe(40);
    const files = github.state.files(REPO, 'order-load-gate-baselines');
    expect(files).toBeDefined();
    const baselinePath = Object.keys(files!).find((p) => p.startsWith('baselines/'));
    expect(baselinePath).toBe('baselines/users-40.json');
    const baseline = JSON.parse(files![baselinePath!]!);
    expect(baseline.entries).toHaveLength(1);
    expect(baseline.entries[0].sha).toBe(sha);
  });

  it('runs the action in the load worker with its heap limits', async () => {
    const sha = '9'.repeat(40);
    const r = await run(pushEvent(sha), sha);
    expect(r.code, annotations(r.stdout) + r.stderr.slice(-2000)).toBe(0);
    expect(r.stdout).toContain(
      `Load worker: young generation ${DEFAULT_YOUNG_GENERATION_MB} MB, old space ${DEFAULT_OLD_SPACE_MB} MB`,
    );
  });

  it('a bad memory limit is a clear error before anything runs', async () => {
    const r = await runAction({
      inputs: { 'target-url': 'http://127.0.0.1:9' },
      event: pushEvent('8'.repeat(40)),
      cwd: work,
      env: { OLG_MAX_YOUNG_GENERATION_MB: '24MB' },
    });
    expect(r.code).toBe(1);
    expect(r.outputs.result).toBe('error');
    expect(r.stdout).toContain('::error::Invalid value for OLG_MAX_YOUNG_GENERATION_MB: "24MB"');
  });

  it('on a pull request: creates the sticky comment, then updates it in place on the next push', async () => {
    const first = await run(prEvent('2'.repeat(40)), '2'.repeat(40));
    expect(first.code, annotations(first.stdout) + first.stderr.slice(-2000)).toBe(0);
    expect(first.outputs.result).toBe('pass');
    expect(first.outputs['comment-url']).toMatch(/issuecomment-/);
    expect(github.state.comments(REPO, 7)).toHaveLength(1);
    const second = await run(prEvent('3'.repeat(40)), '3'.repeat(40));
    expect(second.code, annotations(second.stdout) + second.stderr.slice(-2000)).toBe(0);
    const comments = github.state.comments(REPO, 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('3333333');
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
    // a pull request never records its own baseline
    expect(
      github.state.files(REPO, 'order-load-gate-baselines')?.['baselines/users-40.json'],
    ).toBeUndefined();
  });

  it('history mode with one stored run is learning: 200 ms of injected latency is shown, not failed', async () => {
    // Fewer than 5 stored runs never fail the step (paired mode fails it: action-paired.test.ts;
    // history mode with 5 runs: test/gate/history-step.test.ts). The one stored run is this test's
    // own push to main, so the case does not depend on the others.
    const base = await run(pushEvent('8'.repeat(40)), '8'.repeat(40));
    expect(base.code, annotations(base.stdout) + base.stderr.slice(-2000)).toBe(0);
    expect(github.state.files(REPO, 'order-load-gate-baselines')?.['baselines/users-40.json']).toBeDefined();
    const r = await run(prEvent('4'.repeat(40)), '4'.repeat(40), { shopFlags: '--inject-latency-ms 200' });
    expect(r.code, annotations(r.stdout) + r.stderr.slice(-2000)).toBe(0);
    expect(r.outputs.result).toBe('pass');
    const comments = github.state.comments(REPO, 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('learning: 1 of 5 runs recorded for this profile');
    expect(comments[0]!.body).toContain('### Compared with the stored runs (history)');
  });

  it('with a read-only token (a fork): skips the comment with a warning and still reports', async () => {
    // Through a scenario file too: its parsers are a chunk of the bundle, imported when asked for.
    const scenario = join(work, 'reference-shop.json');
    await writeFile(scenario, JSON.stringify(REFERENCE_SCENARIO));
    const r = await run(prEvent('5'.repeat(40)), '5'.repeat(40), { token: READ_ONLY }, { scenario });
    expect(r.code, annotations(r.stdout) + r.stderr.slice(-2000)).toBe(0);
    expect(r.outputs.result).toBe('pass');
    expect(r.stdout).toMatch(/::warning::.*comment/i);
    expect(r.summary).toContain('Order Concurrency Test Results');
    expect(github.state.comments(REPO, 7)).toEqual([]);
    const results = JSON.parse(await readFile(r.outputs['report-path']!, 'utf8'));
    expect(results.settings.scenarioFile).toBe(scenario);
    expect(results.orders.succeeded).toBe(40);
    expect(unmasked(r.stdout)).not.toContain(READ_ONLY);
  });

  it('reports result=error (not fail) when the target cannot be started', async () => {
    const r = await run(prEvent('6'.repeat(40)), '6'.repeat(40), { shopFlags: '--fail-rate 7' });
    expect(r.code).not.toBe(0);
    expect(r.outputs.result).toBe('error');
  });

  it('flash sale on the --race shop (PostgreSQL): the oversell is in the PR comment and the step fails', async () => {
    const db = await createTestDatabase('e2e_race');
    try {
      const sha = '7'.repeat(40);
      const r = await run(
        prEvent(sha),
        sha,
        { shopFlags: `--race --database-url ${db.url}` },
        { profile: 'flash-sale', stock: '20', users: '100', 'spawn-rate': '500', thresholds: '' },
      );
      expect(r.code).not.toBe(0);
      expect(r.outputs.result).toBe('fail');
      expect(r.stdout).toMatch(/::error::.*integrity: product 1: oversold by \d+/);
      const results = JSON.parse(await readFile(r.outputs['report-path']!, 'utf8'));
      const oversell = results.integrity.violations[0];
      expect(oversell).toMatchObject({ kind: 'oversell', productId: '1', expected: 20 });
      expect(oversell.count).toBe(results.ledger.length - 20);
      expect(oversell.count).toBeGreaterThan(0);
      // Its own sticky comment (its own baseline series), next to the standard profile's one.
      const comment = github.state
        .comments(REPO, 7)
        .find((c) => c.body.includes('<!-- order-load-gate:flash-sale-users-100 -->'));
      expect(comment).toBeDefined();
      expect(comment!.body.split('\n')[0]).toMatch(/integrity violation: product 1: oversold by \d+/);
      expect(comment!.body).toContain('### Integrity: ❌');
      expect(comment!.body).toContain(`product 1: oversold by ${oversell.count}`);
      expect(r.summary).toContain('### Integrity: ❌');
    } finally {
      await db.drop();
    }
  });
});
