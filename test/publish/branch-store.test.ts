import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GateError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import { createBranchStore } from '../../src/publish/branch-store.js';
import { createOctokit } from '../../src/publish/octokit.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const REPO = 'octo/shop';
const BRANCH = 'order-load-gate-baselines';
let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({
    repos: { [REPO]: { files: { 'README.md': '# shop\n' } } },
    readOnlyTokens: ['ro'],
  });
});
afterEach(() => fake.close());

function store(token = 'rw', extra: { directory?: string } = {}) {
  const logger = createMemoryLogger();
  const octokit = createOctokit(token, fake.url);
  const baselines = createBranchStore({
    octokit,
    owner: 'octo',
    repo: 'shop',
    branch: BRANCH,
    logger,
    retryDelayMs: 0,
    ...extra,
  });
  return { baselines, logger };
}

const writes = () => fake.requests.filter((r) => r.method !== 'GET');

describe('createBranchStore', () => {
  it('loads nothing from a missing branch, without writing', async () => {
    const { baselines } = store();
    expect(baselines.describe()).toBe(`branch ${BRANCH} of octo/shop (baselines/)`);
    expect(await baselines.load('users-500')).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(fake.state.branches(REPO)).toEqual(['main']);
  });

  it('creates the branch from the default branch, then the file; a second save passes the sha', async () => {
    const { baselines, logger } = store();
    await baselines.save('users-500', { p95: 120 }, 'baseline: users-500');
    const mainHead = fake.state.repos.get(REPO)?.branches.get('main');
    const createRef = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/git/refs'));
    expect(createRef?.body).toEqual({ ref: `refs/heads/${BRANCH}`, sha: mainHead });
    expect(logger.text()).toMatch(/Created branch order-load-gate-baselines/);
    const files = fake.state.files(REPO, BRANCH);
    expect(files?.['README.md']).toBe('# shop\n');
    expect(JSON.parse(files?.['baselines/users-500.json'] ?? '')).toEqual({ p95: 120 });
    expect(fake.state.files(REPO, 'main')?.['baselines/users-500.json']).toBeUndefined();

    const firstPut = writes().find((r) => r.method === 'PUT');
    expect(firstPut?.body).toMatchObject({ branch: BRANCH, message: 'baseline: users-500' });
    expect((firstPut?.body as { sha?: string } | undefined)?.sha).toBeUndefined();

    fake.requests.length = 0;
    await baselines.save('users-500', { p95: 110 }, 'baseline: users-500 again');
    const put = fake.requests.filter((r) => r.method === 'PUT');
    expect(put).toHaveLength(1);
    expect((put[0]?.body as { sha?: string } | undefined)?.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(fake.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(await store().baselines.load('users-500')).toEqual({ p95: 110 });
  });

  it('updates a file that another store instance wrote (reads the sha first)', async () => {
    await store().baselines.save('users-50', { n: 1 }, 'm');
    await store().baselines.save('users-50', { n: 2 }, 'm');
    expect(await store().baselines.load('users-50')).toEqual({ n: 2 });
  });

  it('retries after a 409 conflict, re-reading the file and merging', async () => {
    const { baselines, logger } = store();
    await baselines.save('users-500', { runs: ['a'] }, 'first');
    expect(await baselines.load('users-500')).toEqual({ runs: ['a'] });
    // Another job writes between our load and our save.
    fake.state.writeFile(REPO, BRANCH, 'baselines/users-500.json', JSON.stringify({ runs: ['a', 'other'] }));
    const merges: unknown[] = [];
    await baselines.save('users-500', { runs: ['a', 'mine'] }, 'second', {
      merge: (current, mine) => {
        merges.push(current);
        const theirs = (current as { runs: string[] }).runs;
        return { runs: [...new Set([...theirs, ...(mine as { runs: string[] }).runs])] };
      },
    });
    expect(merges).toEqual([{ runs: ['a', 'other'] }]);
    expect(JSON.parse(fake.state.files(REPO, BRANCH)?.['baselines/users-500.json'] ?? '')).toEqual({
      runs: ['a', 'other', 'mine'],
    });
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(3);
    expect(logger.text()).toMatch(/changed meanwhile \(HTTP 409/);
  });

  it('retries when another job created the file after our load (422: sha missing)', async () => {
    const a = store().baselines;
    const b = store().baselines;
    expect(await a.load('users-500')).toBeUndefined();
    await b.save('users-500', { from: ['b'] }, 'b');
    await a.save('users-500', { from: ['a'] }, 'a', {
      merge: (current, mine) => ({
        from: [...(current as { from: string[] }).from, ...(mine as { from: string[] }).from],
      }),
    });
    expect(await b.load('users-500')).toEqual({ from: ['b', 'a'] });
  });

  it('retries an injected 409 once, keeping the caller data without merge', async () => {
    const { baselines } = store();
    await baselines.save('k', { v: 1 }, 'm');
    fake.failNext({
      method: 'PUT',
      path: /\/contents\//,
      status: 409,
      message: 'baselines/k.json does not match',
    });
    await baselines.save('k', { v: 2 }, 'm');
    expect(await store().baselines.load('k')).toEqual({ v: 2 });
  });

  it('gives up after three retries', async () => {
    const { baselines } = store();
    await baselines.save('k', { v: 1 }, 'm');
    fake.failNext({ method: 'PUT', path: /\/contents\//, status: 409, times: 10 });
    const error = await baselines.save('k', { v: 2 }, 'm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateError);
    expect((error as Error).message).toMatch(/after 4 attempts/);
    expect(fake.requests.filter((r) => r.method === 'PUT')).toHaveLength(5);
  });

  it('accepts a branch that another job created meanwhile', async () => {
    const { baselines } = store();
    fake.failNext({
      method: 'POST',
      path: '/repos/octo/shop/git/refs',
      status: 422,
      message: 'Reference already exists',
      before: () =>
        fake.state.repos
          .get(REPO)
          ?.branches.set(BRANCH, fake.state.repos.get(REPO)?.branches.get('main') ?? ''),
    });
    await baselines.save('k', { v: 1 }, 'm');
    expect(await baselines.load('k')).toEqual({ v: 1 });
  });

  it('explains a read-only token with a GateError', async () => {
    const { baselines } = store('ro');
    const error = await baselines.save('users-500', { p95: 1 }, 'm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateError);
    expect((error as GateError).code).toBe('OLG_ERR_CONFIG');
    expect((error as Error).message).toMatch(/contents: write/);
    expect((error as Error).message).toMatch(/fork/);
    expect((error as Error).message).toMatch(/Resource not accessible by integration/);
  });

  it('reports other API failures as GateErrors', async () => {
    const { baselines } = store();
    fake.failNext({ method: 'GET', path: /\/contents\//, status: 500, message: 'boom' });
    const error = await baselines.load('k').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/HTTP 500: boom/);
    expect((error as GateError).code).toBe('OLG_ERR_GITHUB'); // not a results failure
    await expect(baselines.load('../x')).rejects.toThrow(/baseline-key/);
  });

  it('tells a broken baseline file on the branch apart (OLG_ERR_BASELINE)', async () => {
    const { baselines } = store();
    await baselines.save('k', { v: 1 }, 'm');
    const files = fake.state.files(REPO, BRANCH) ?? {};
    const path = Object.keys(files).find((p) => p.endsWith('k.json'));
    expect(path).toBeDefined();
    fake.state.writeFile(REPO, BRANCH, path ?? '', '{ not json');
    const error = await baselines.load('k').catch((e: unknown) => e);
    expect((error as GateError).code).toBe('OLG_ERR_BASELINE');
  });

  it('reads large files through the blob API and keeps a custom directory', async () => {
    await fake.close();
    fake = await startFakeGitHub({ repos: { [REPO]: {} }, maxInlineBytes: 10 });
    const { baselines } = store('rw', { directory: 'perf/data/' });
    await baselines.save('big', { text: 'x'.repeat(100) }, 'm');
    expect(Object.keys(fake.state.files(REPO, BRANCH) ?? {})).toContain('perf/data/big.json');
    expect(await store('rw', { directory: 'perf/data' }).baselines.load('big')).toEqual({
      text: 'x'.repeat(100),
    });
    expect(fake.requests.some((r) => r.path.includes('/git/blobs/'))).toBe(true);
  });

  it('only talks to the fake server', () => {
    expect(new URL(fake.url).hostname).toBe('127.0.0.1');
  });
});
