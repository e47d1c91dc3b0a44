/**
 * Fault matrix, GitHub's side (the action's bundle under Node 24 against the fake GitHub API):
 * 5xx and rate limits are retried; when the comment or the baseline write still fails, the step
 * keeps its pass/fail verdict, warns, and sets every output. A secret-echoing target leaks nothing.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FailRule, type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { runAction } from '../support/run-action.js';
import { DIST, type FaultTarget, hasControls, observe, startFaultTarget } from './support/harness.js';

const REPO = 'acme/shop';
const TOKEN = 'ghs_fault_matrix_token_0123456789';
const SHA = 'c'.repeat(40);
const COMMENTS = /^\/repos\/acme\/shop\/issues\/7\/comments$/;
const BASELINE_WRITE = /^\/repos\/acme\/shop\/contents\/baselines\/.+\.json$/;
const OUTPUTS = [
  'result',
  'success-rate',
  'orders-attempted',
  'orders-succeeded',
  'p95-ms',
  'rps',
  'report-path',
];

const pr = {
  name: 'pull_request',
  payload: {
    number: 7,
    pull_request: {
      number: 7,
      head: { sha: SHA, ref: 'feature', repo: { full_name: REPO } },
      base: { sha: 'a'.repeat(40), ref: 'main', repo: { full_name: REPO } },
    },
    repository: { full_name: REPO, default_branch: 'main' },
  },
};

let github: FakeGitHub;
let shop: FaultTarget;
let work: string;
beforeAll(async () => {
  github = await startFakeGitHub({ repos: { [REPO]: {} } });
  shop = await startFaultTarget('shop');
  work = await mkdtemp(join(tmpdir(), 'olg-ghfault-'));
});
afterAll(async () => {
  await github?.close();
  await shop?.stop();
});

let n = 0;
async function gate(target: string, inputs: Record<string, string> = {}) {
  // A series of its own per run: each posts a new comment and writes a new baseline file.
  const key = `fault-${n}`;
  const reportDir = join(work, `report-${n++}`);
  const run = await runAction({
    inputs: {
      'target-url': target,
      seed: 'none',
      users: '4',
      'spawn-rate': '100',
      iterations: '1',
      thresholds: 'success_rate>=0.9',
      baseline: 'branch:order-load-gate-baselines',
      'update-baseline': 'true',
      comment: 'auto',
      'github-token': TOKEN,
      'report-dir': reportDir,
      'baseline-key': key,
      ...inputs,
    },
    event: pr,
    env: {
      GITHUB_REPOSITORY: REPO,
      GITHUB_SHA: SHA,
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_API_URL: github.url,
      // Retries stay fast in tests: 5xx back off from 20 ms instead of 1 s.
      ORDER_LOAD_GATE_GITHUB_RETRY_MS: '20',
    },
    cwd: work,
    timeoutMs: 90_000,
    entry: DIST,
  });
  return { ...run, reportDir };
}

const calls = (method: string, path: RegExp) =>
  github.requests.filter((r) => r.method === method && path.test(decodeURIComponent(r.path.split('?')[0]!)))
    .length;

const FAULTS: { name: string; rule: FailRule; recovers: boolean }[] = [
  {
    name: '500 on the comment',
    rule: { method: 'POST', path: COMMENTS, status: 500, times: 100 },
    recovers: false,
  },
  {
    name: '429 (Retry-After) on the comment',
    rule: { method: 'POST', path: COMMENTS, status: 429, headers: { 'retry-after': '1' } },
    recovers: true,
  },
  {
    name: '403 rate limit on the comment',
    rule: {
      method: 'POST',
      path: COMMENTS,
      status: 403,
      message: 'API rate limit exceeded',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' },
    },
    recovers: true,
  },
  {
    name: '500 on the baseline write',
    rule: { method: 'PUT', path: BASELINE_WRITE, status: 500, times: 100 },
    recovers: false,
  },
  {
    name: '429 (Retry-After) on the baseline write',
    rule: { method: 'PUT', path: BASELINE_WRITE, status: 429, headers: { 'retry-after': '1' } },
    recovers: true,
  },
  {
    name: '403 rate limit on the baseline write',
    rule: {
      method: 'PUT',
      path: BASELINE_WRITE,
      status: 403,
      message: 'API rate limit exceeded',
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '0' },
    },
    recovers: true,
  },
];

describe('fault matrix: GitHub answers 500 / 403 / 429', () => {
  for (const fault of FAULTS) {
    it(`${fault.name}: verdict kept, every output set, ${fault.recovers ? 'retried until written' : 'a warning'}`, async () => {
      const comment = fault.rule.method === 'POST';
      const path = comment ? COMMENTS : BASELINE_WRITE;
      const before = calls(fault.rule.method!, path);
      github.failNext({ ...fault.rule });
      const run = await gate(shop.url);
      const attempts = calls(fault.rule.method!, path) - before;
      const missing = OUTPUTS.filter((name) => !run.outputs[name]);
      if (process.env.FAULT_DEBUG) process.stderr.write(run.stdout);
      observe(`GitHub ${fault.name}`, {
        exit: run.code,
        result: run.outputs.result,
        attempts,
        outputsMissing: missing,
      });
      expect(run.outputs.result).toBe('pass');
      expect(run.code).toBe(0);
      expect(missing).toEqual([]);
      expect(attempts).toBeGreaterThan(1);
      if (fault.recovers) {
        if (comment) expect(run.outputs['comment-url']).toMatch(/issuecomment-/);
        else expect(run.stdout).toMatch(/Recorded this run in the baseline/);
      } else {
        expect(run.stdout).toMatch(/^::warning::.*(comment|baseline)/m);
      }
      github.clearFailures();
    });
  }

  it('a clear fail stays a fail when the comment cannot be written', async () => {
    github.failNext({ method: 'POST', path: COMMENTS, status: 502, times: 100 });
    const run = await gate(shop.url, { thresholds: 'success_rate>=0.9\norder.p95<0.001ms' });
    github.clearFailures();
    observe('GitHub 502 on the comment, failing threshold', { exit: run.code, result: run.outputs.result });
    expect(run.outputs.result).toBe('fail');
    expect(run.outputs['success-rate']).toBe('1.0000');
  });

  it('a target echoing the password and tokens: no secret in the summary, comment, results or report', async () => {
    const secret = 'pw-Act10n-S3cret-olg';
    const echo = await startFaultTarget('echo', { FAULT_ECHO: `${secret} ${TOKEN}`, FAULT_PASSWORD: secret });
    try {
      const run = await gate(echo.url, { password: secret, thresholds: '' });
      const comment = github.state.comments(REPO, 7).at(-1)?.body ?? '';
      const files = await Promise.all(
        ['results.json', 'summary.md', 'report.html'].map((f) =>
          readFile(join(run.reportDir, f), 'utf8').catch(() => ''),
        ),
      );
      const texts = [run.summary, comment, ...files];
      const leaks = texts.filter((t) => t.includes(secret) || t.includes(TOKEN)).length;
      const controls = [run.summary, comment, run.stdout].filter((t) => hasControls(t)).length;
      observe('secret-echoing target (action)', {
        result: run.outputs.result,
        textsWithSecret: leaks,
        controls,
      });
      expect(files[0]).toContain('***');
      expect(leaks).toBe(0);
      expect(controls).toBe(0);
    } finally {
      await echo.stop();
    }
  });
});
