/**
 * The action as GitHub runs it (dist/index.js under Node 24): two matrix jobs with `shard`, then
 * the merge job with `mode: merge` on a pull request: one verdict, one summary, one comment.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RunResults } from '../../src/results/results.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { captureIo } from '../support/capture.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { runAction } from '../support/run-action.js';

const REPO = 'acme/shop';
const TOKEN = 'ghs_shards_workflow_token';
const ADMIN = 'shards-action-admin';
const SHA = '5'.repeat(40);
const PR_EVENT = {
  name: 'pull_request',
  payload: {
    number: 9,
    pull_request: {
      number: 9,
      head: { sha: SHA, ref: 'feature', repo: { full_name: REPO } },
      base: { sha: 'a'.repeat(40), ref: 'main', repo: { full_name: REPO } },
    },
    repository: { full_name: REPO, default_branch: 'main' },
  },
};

describe('the action: a matrix of shard jobs, then a merge job', () => {
  let github: FakeGitHub;
  let shop: RunningShop;
  let work: string;

  beforeAll(async () => {
    github = await startFakeGitHub({ repos: { [REPO]: {} } });
    shop = await startShop({ port: 0, adminToken: ADMIN, processingDelayMs: 5 });
    work = await mkdtemp(join(tmpdir(), 'olg-action-shards-'));
    const seed = ['seed', '--target', shop.url, '--admin-token', ADMIN, '--users', '40'];
    expect(await runCli(seed, captureIo())).toBe(0);
  });
  afterAll(async () => {
    await shop?.close();
    await github?.close();
  });

  const job = (inputs: Record<string, string>) =>
    runAction({
      inputs: { 'github-token': TOKEN, comment: 'auto', 'update-baseline': 'auto', ...inputs },
      event: PR_EVENT,
      cwd: work,
      env: {
        GITHUB_REPOSITORY: REPO,
        GITHUB_SHA: SHA,
        GITHUB_REF: 'refs/pull/9/merge',
        GITHUB_API_URL: github.url,
      },
    });

  it('reports each shard without a verdict or a comment, then merges them into one of each', async () => {
    const shards = await Promise.all(
      [1, 2].map((k) =>
        job({
          'target-url': shop.url,
          'admin-token': ADMIN,
          users: '40',
          'spawn-rate': '100',
          thresholds: 'success_rate>=1',
          shard: `${k}/2`,
          'report-dir': join(work, 'shards', `order-load-gate-shard-${k}`),
        }),
      ),
    );
    for (const [i, r] of shards.entries()) {
      expect(r.code, r.stdout).toBe(0);
      expect(r.outputs.result).toBe('pass');
      expect(r.outputs['orders-attempted']).toBe('20');
      expect(r.outputs['comment-url']).toBe('');
      expect(r.summary).toContain(`order-load-gate: shard ${i + 1}/2`);
    }
    expect(github.state.comments(REPO, 9)).toHaveLength(0);

    const merged = await job({
      mode: 'merge',
      'results-dir': join(work, 'shards'),
      'report-dir': join(work, 'merged'),
    });
    expect(merged.code, merged.stdout).toBe(0);
    expect(merged.outputs.result).toBe('pass');
    expect(merged.outputs['orders-attempted']).toBe('40');
    expect(merged.outputs['orders-succeeded']).toBe('40');
    expect(merged.outputs['comment-url']).toMatch(/issuecomment-/);
    expect(merged.summary).toContain('(merged from 2 shards)');
    const results = JSON.parse(await readFile(merged.outputs['report-path']!, 'utf8')) as RunResults;
    expect(results.integrity).toMatchObject({ checked: true, violations: [] });
    expect(results.settings.mergedShards).toBe(2);
    const comments = github.state.comments(REPO, 9);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('<!-- order-load-gate:users-40 -->');
  }, 120_000);
});
