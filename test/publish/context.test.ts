import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGitHubContext } from '../../src/publish/context.js';

const dir = mkdtempSync(join(tmpdir(), 'olg-context-'));
let counter = 0;

function envFor(eventName: string, payload: unknown, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const path = join(dir, `event-${counter++}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return {
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: 'octo/shop',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_RUN_ID: '4242',
    ...extra,
  };
}

const repository = { full_name: 'octo/shop', default_branch: 'main' };

function pullRequest(headRepo: string | null) {
  return {
    number: 12,
    repository,
    pull_request: {
      number: 12,
      head: { sha: 'b'.repeat(40), ref: 'feature', repo: headRepo === null ? null : { full_name: headRepo } },
      base: { sha: 'c'.repeat(40), ref: 'main', repo: { full_name: 'octo/shop' } },
    },
  };
}

describe('readGitHubContext', () => {
  it('reads a push to the default branch', () => {
    const context = readGitHubContext(envFor('push', { repository }, { GITHUB_REF: 'refs/heads/main' }));
    expect(context).toMatchObject({
      eventName: 'push',
      owner: 'octo',
      repo: 'shop',
      isLocal: false,
      ref: 'refs/heads/main',
      refName: 'main',
      defaultBranch: 'main',
      isDefaultBranchPush: true,
      isPullRequest: false,
      isFork: false,
      isScheduled: false,
      runUrl: 'https://github.com/octo/shop/actions/runs/4242',
    });
    expect(context.prNumber).toBeUndefined();
  });

  it('reads a push to another branch', () => {
    const context = readGitHubContext(envFor('push', { repository }, { GITHUB_REF: 'refs/heads/feature/x' }));
    expect(context).toMatchObject({
      refName: 'feature/x',
      isDefaultBranchPush: false,
      defaultBranch: 'main',
    });
  });

  it('reads a pull request from the same repository', () => {
    const env = envFor('pull_request', pullRequest('octo/shop'), { GITHUB_REF: 'refs/pull/12/merge' });
    expect(readGitHubContext(env)).toMatchObject({
      isPullRequest: true,
      prNumber: 12,
      headSha: 'b'.repeat(40),
      baseRef: 'main',
      baseSha: 'c'.repeat(40),
      isFork: false,
      isDefaultBranchPush: false,
      refName: '12/merge',
    });
  });

  it('reads a pull request from a fork, also through pull_request_target', () => {
    const fork = readGitHubContext(envFor('pull_request', pullRequest('someone/shop')));
    expect(fork).toMatchObject({ isPullRequest: true, prNumber: 12, isFork: true });
    const target = readGitHubContext(
      envFor('pull_request_target', pullRequest('someone/shop'), { GITHUB_REF: 'refs/heads/main' }),
    );
    expect(target).toMatchObject({
      isPullRequest: true,
      prNumber: 12,
      isFork: true,
      isDefaultBranchPush: false,
    });
    expect(readGitHubContext(envFor('pull_request', pullRequest(null))).isFork).toBe(true);
  });

  it('reads a scheduled run', () => {
    const context = readGitHubContext(
      envFor('schedule', { schedule: '0 3 * * *' }, { GITHUB_REF: 'refs/heads/main' }),
    );
    expect(context).toMatchObject({ isScheduled: true, isPullRequest: false, isDefaultBranchPush: false });
    expect(context.defaultBranch).toBeUndefined();
  });

  it('reads a manual run', () => {
    const context = readGitHubContext(
      envFor('workflow_dispatch', { repository, inputs: {} }, { GITHUB_REF: 'refs/heads/main' }),
    );
    expect(context).toMatchObject({
      eventName: 'workflow_dispatch',
      isScheduled: false,
      isDefaultBranchPush: false,
    });
  });

  it('falls back to a local context without the environment', () => {
    const context = readGitHubContext({});
    expect(context).toMatchObject({
      eventName: 'local',
      owner: '',
      repo: '',
      isLocal: true,
      isPullRequest: false,
    });
    expect(context.runUrl).toBeUndefined();
    expect(context.apiUrl).toBe('https://api.github.com');
  });

  it('survives an unreadable payload, taking the pull-request number from the ref', () => {
    const context = readGitHubContext({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: join(dir, 'missing.json'),
      GITHUB_REPOSITORY: 'octo/shop',
      GITHUB_REF: 'refs/pull/7/merge',
    });
    expect(context).toMatchObject({ isPullRequest: true, prNumber: 7 });
    expect(context.payloadError).toMatch(/cannot read the event payload/);
  });
});
