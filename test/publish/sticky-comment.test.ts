import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GateError } from '../../src/core/errors.js';
import { createMemoryLogger } from '../../src/core/logger.js';
import { createOctokit } from '../../src/publish/octokit.js';
import { stickyMarker, upsertStickyComment } from '../../src/publish/sticky-comment.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const REPO = 'octo/shop';
const marker = stickyMarker('users-500');
let fake: FakeGitHub;

beforeEach(async () => {
  fake = await startFakeGitHub({
    repos: { [REPO]: {} },
    readOnlyTokens: ['ro'],
    users: { pat: { login: 'octocat', type: 'User' } },
  });
});
afterEach(() => fake.close());

function upsert(body: string, token = 'rw', issueNumber = 12) {
  const logger = createMemoryLogger();
  const octokit = createOctokit(token, fake.url);
  const result = upsertStickyComment({
    octokit,
    owner: 'octo',
    repo: 'shop',
    issueNumber,
    marker,
    body,
    logger,
  });
  return { result, logger };
}

describe('upsertStickyComment', () => {
  it('creates the comment, then updates it in place', async () => {
    expect(marker).toBe('<!-- order-load-gate:users-500 -->');
    const first = await upsert('## Load test\nfirst').result;
    expect(first.action).toBe('created');
    expect(first.url).toMatch(/^https:\/\/github\.com\/octo\/shop\/pull\/12#issuecomment-\d+$/);
    const second = await upsert('## Load test\nsecond').result;
    expect(second).toEqual({ action: 'updated', url: first.url });
    const comments = fake.state.comments(REPO, 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(`${marker}\n## Load test\nsecond`);
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('keeps different markers apart', async () => {
    await upsert('a').result;
    const logger = createMemoryLogger();
    const other = stickyMarker('users-50');
    const octokit = createOctokit('rw', fake.url);
    await upsertStickyComment({
      octokit,
      owner: 'octo',
      repo: 'shop',
      issueNumber: 12,
      marker: other,
      body: 'b',
      logger,
    });
    expect(fake.state.comments(REPO, 12).map((c) => c.body)).toEqual([`${marker}\na`, `${other}\nb`]);
  });

  it('finds its comment after 150 others, across pages', async () => {
    for (let i = 0; i < 150; i++)
      fake.state.addComment(REPO, 12, `comment ${i}`, { login: 'octocat', type: 'User' });
    const mine = fake.state.addComment(REPO, 12, `${marker}\nold report`);
    const { result } = upsert('new report');
    expect(await result).toMatchObject({ action: 'updated', url: mine.html_url });
    expect(fake.state.comments(REPO, 12)).toHaveLength(151);
    const listed = fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/comments'));
    expect(listed).toHaveLength(2);
  });

  it("prefers the bot's comment over a user's that quotes the marker", async () => {
    fake.state.addComment(REPO, 12, `see ${marker}`, { login: 'octocat', type: 'User' });
    const bot = fake.state.addComment(REPO, 12, `${marker}\nreport`);
    expect((await upsert('new').result).url).toBe(bot.html_url);
  });

  it('skips with a warning when the token is read-only', async () => {
    const { result, logger } = upsert('report', 'ro');
    const outcome = await result;
    expect(outcome.action).toBe('skipped');
    expect(outcome.reason).toMatch(/fork/);
    expect(
      logger.lines.some((l) => l.level === 'warn' && /Skipping the pull-request comment/.test(l.message)),
    ).toBe(true);
    expect(fake.state.comments(REPO, 12)).toEqual([]);
  });

  it('throws a GateError for other failures', async () => {
    fake.failNext({ method: 'POST', path: /\/comments$/, status: 500, message: 'boom' });
    const error = await upsert('report').result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GateError);
    expect((error as Error).message).toMatch(/HTTP 500: boom/);
    expect((error as GateError).code).toBe('OLG_ERR_GITHUB');
  });

  it('recreates a comment deleted between listing and editing', async () => {
    const old = fake.state.addComment(REPO, 12, `${marker}\nold`);
    fake.failNext({
      method: 'PATCH',
      path: `/repos/octo/shop/issues/comments/${old.id}`,
      status: 404,
      message: 'Not Found',
    });
    expect((await upsert('new').result).action).toBe('created');
  });
});
