import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, resolveApiUrl } from '../../src/publish/octokit.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

let fake: FakeGitHub;
const saved = { ...process.env };

beforeEach(async () => {
  fake = await startFakeGitHub({ repos: { 'octo/shop': { defaultBranch: 'trunk' } } });
});
afterEach(async () => {
  process.env = { ...saved };
  await fake.close();
});

describe('createOctokit', () => {
  it('reads GITHUB_API_URL when the client is created, not when the module loaded', async () => {
    process.env.GITHUB_API_URL = `${fake.url}/`;
    const { data } = await createOctokit('t').rest.repos.get({ owner: 'octo', repo: 'shop' });
    expect(data.default_branch).toBe('trunk');
    expect(fake.requests).toHaveLength(1);
  });

  it('prefers an explicit API URL and sends the token', async () => {
    process.env.GITHUB_API_URL = 'http://127.0.0.1:9';
    const { data } = await createOctokit('t', fake.url).rest.repos.get({ owner: 'octo', repo: 'shop' });
    expect(data.full_name).toBe('octo/shop');
  });

  it('reaches a loopback API directly even when a proxy is configured', async () => {
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    const { data } = await createOctokit('t', fake.url).rest.repos.get({ owner: 'octo', repo: 'shop' });
    expect(data.default_branch).toBe('trunk');
  });

  it('talks to a fake that refuses requests without a token', async () => {
    const response = await fetch(`${fake.url}/repos/octo/shop`);
    expect(response.status).toBe(401);
  });

  it('resolves the API URL', () => {
    expect(resolveApiUrl(undefined, {})).toBe('https://api.github.com');
    expect(resolveApiUrl(undefined, { GITHUB_API_URL: 'https://ghe.example/api/v3/' })).toBe(
      'https://ghe.example/api/v3',
    );
    expect(resolveApiUrl('http://127.0.0.1:1', { GITHUB_API_URL: 'https://x' })).toBe('http://127.0.0.1:1');
  });
});
