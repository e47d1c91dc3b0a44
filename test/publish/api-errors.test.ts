/**
 * GitHub's error answers mapped to the gate's errors, from real Octokit RequestErrors (the fake
 * GitHub on loopback answers with the status, body and headers GitHub sends): a refused token
 * (401) and a missing permission (403) are configuration errors with a hint; a rate limit (429,
 * or a 403 with x-ratelimit-remaining: 0 or GitHub's "rate limit" message) says so; anything
 * else reports GitHub's answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, GateError } from '../../src/core/errors.js';
import {
  apiMessage,
  describeApiError,
  type FailureContext,
  httpStatus,
  isRateLimited,
  toGateError,
} from '../../src/publish/api-errors.js';
import { createOctokit, GITHUB_RETRIES } from '../../src/publish/octokit.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';

const WRITE: FailureContext = {
  action: 'save baselines/users-40.json to branch b of acme/shop',
  repository: 'acme/shop',
  write: true,
  permission: 'contents: write',
};
const READ: FailureContext = { ...WRITE, action: 'read the baseline', write: false };

// GitHub calls are retried (src/publish/octokit.ts: 1 try + GITHUB_RETRIES, rate limits after
// their reset): fast here, and every try answered alike, so the error that ends them is GitHub's.
process.env.ORDER_LOAD_GATE_GITHUB_RETRY_MS = '1';

let github: FakeGitHub;

beforeAll(async () => {
  github = await startFakeGitHub({ repos: { 'acme/shop': {} } });
});
afterAll(async () => {
  await github?.close();
});

/** The RequestError Octokit throws when GitHub answers `status` (with `message` and `headers`). */
async function answer(status: number, message?: string, headers?: Record<string, string>): Promise<unknown> {
  github.failNext({ path: '/repos/acme/shop', status, message, headers, times: GITHUB_RETRIES + 1 });
  try {
    await createOctokit('t', github.url).rest.repos.get({ owner: 'acme', repo: 'shop' });
  } catch (error) {
    return error;
  } finally {
    github.clearFailures(); // an answer that is not retried leaves tries unused
  }
  throw new Error(`GitHub's ${status} did not throw`);
}

describe('toGateError', () => {
  it('401: the token was refused, a configuration error naming github-token', async () => {
    const error = await answer(401, 'Bad credentials');
    expect(httpStatus(error)).toBe(401);
    expect(isRateLimited(error)).toBe(false);
    const e = toGateError(error, WRITE);
    expect(e.code).toBe('OLG_ERR_CONFIG');
    expect(e.message).toBe(
      `Could not ${WRITE.action}: the token was refused (HTTP 401: Bad credentials); check github-token`,
    );
    expect(e.cause).toBe(error);
  });

  it('429: the rate limit, whatever the message', async () => {
    const error = await answer(429, 'Too many requests', { 'retry-after': '60' });
    expect(httpStatus(error)).toBe(429);
    expect(isRateLimited(error)).toBe(true);
    const e = toGateError(error, WRITE);
    expect(e.code).toBe('OLG_ERR_GITHUB');
    expect(e.message).toBe(
      `Could not ${WRITE.action}: the GitHub API rate limit is exhausted (HTTP 429: Too many requests)`,
    );
    expect(e.cause).toBe(error);
  });

  it('403 with x-ratelimit-remaining: 0 is the primary rate limit, not a permission', async () => {
    const error = await answer(403, 'Forbidden', {
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '1700000000',
    });
    expect(isRateLimited(error)).toBe(true);
    expect(toGateError(error, WRITE)).toMatchObject({
      code: 'OLG_ERR_GITHUB',
      message: expect.stringMatching(/rate limit is exhausted \(HTTP 403: Forbidden\)$/),
    });
  });

  it('403 whose message says "rate limit", the secondary limit, is a rate limit too', async () => {
    const error = await answer(403, 'You have exceeded a secondary Rate Limit. Please wait.', {
      'x-ratelimit-remaining': '4999',
    });
    expect(isRateLimited(error)).toBe(true);
    expect(toGateError(error, READ).code).toBe('OLG_ERR_GITHUB');
  });

  it('403 with requests left: a missing permission, with the write or the read hint', async () => {
    const error = await answer(403, 'Resource not accessible by integration', {
      'x-ratelimit-remaining': '4999',
    });
    expect(isRateLimited(error)).toBe(false);
    const write = toGateError(error, WRITE);
    expect(write.code).toBe('OLG_ERR_CONFIG');
    expect(write.message).toBe(
      `Could not ${WRITE.action}: the token may not write to acme/shop: give the workflow ` +
        '"permissions: contents: write". A pull request from a fork only gets a read-only token and can ' +
        'never write (HTTP 403: Resource not accessible by integration)',
    );
    expect(write.cause).toBe(error);
    const read = toGateError(error, READ);
    expect(read.code).toBe('OLG_ERR_CONFIG');
    expect(read.cause).toBe(error);
    expect(read.message).toBe(
      'Could not read the baseline: the token may not read acme/shop: give the workflow ' +
        '"permissions: contents: read" (HTTP 403: Resource not accessible by integration)',
    );
  });

  it.each([404, 409, 422, 500, 502])("%d: GitHub's answer, as a GitHub error", async (status) => {
    const error = await answer(status, `answer ${status}`);
    expect(isRateLimited(error)).toBe(false);
    const e = toGateError(error, WRITE);
    expect(e).toBeInstanceOf(GateError);
    expect(e.code).toBe('OLG_ERR_GITHUB');
    expect(e.message).toBe(`Could not ${WRITE.action}: HTTP ${status}: answer ${status}`);
    expect(e.cause).toBe(error);
  });

  it('a 429 never reads as a permission problem, even on a write', async () => {
    const e = toGateError(await answer(429, 'Resource not accessible by integration'), WRITE);
    expect(e.code).toBe('OLG_ERR_GITHUB');
    expect(e.message).not.toMatch(/permissions/);
  });

  it('passes a GateError through unchanged, and wraps anything else', () => {
    const own = new ConfigError('baseline', 'x', 'y');
    expect(toGateError(own, WRITE)).toBe(own);
    const e = toGateError(new Error('socket hang up'), WRITE);
    expect(e.code).toBe('OLG_ERR_GITHUB');
    expect(e.message).toBe(`Could not ${WRITE.action}: socket hang up`);
    expect(toGateError('boom', READ).message).toBe('Could not read the baseline: boom');
  });
});

describe('reading an error', () => {
  it('httpStatus: a numeric status only', () => {
    expect(httpStatus({ status: 418 })).toBe(418);
    expect(httpStatus({ status: '418' })).toBeUndefined();
    expect(httpStatus(null)).toBeUndefined();
    expect(httpStatus('HTTP 500')).toBeUndefined();
    expect(httpStatus(new Error('x'))).toBeUndefined();
  });

  it("apiMessage: GitHub's message, else the error's, else the value", () => {
    expect(apiMessage({ response: { data: { message: 'Not Found' } } })).toBe('Not Found');
    const withEmpty = Object.assign(new Error('fallback'), { response: { data: { message: '' } } });
    expect(apiMessage(withEmpty)).toBe('fallback');
    const withNumber = Object.assign(new Error('fallback'), { response: { data: { message: 5 } } });
    expect(apiMessage(withNumber)).toBe('fallback');
    expect(apiMessage(Object.assign(new Error('text body'), { response: { data: 'oops' } }))).toBe(
      'text body',
    );
    expect(apiMessage({ status: 500 })).toBe('[object Object]');
    expect(apiMessage(null)).toBe('null');
    expect(apiMessage(42)).toBe('42');
  });

  it('describeApiError: "HTTP <status>: <message>" when there is a status', () => {
    expect(describeApiError({ status: 500, response: { data: { message: 'Server Error' } } })).toBe(
      'HTTP 500: Server Error',
    );
    expect(describeApiError(new Error('offline'))).toBe('offline');
  });

  it('isRateLimited: only a 403 or a 429 can be', () => {
    const headers = { 'x-ratelimit-remaining': '0' };
    expect(isRateLimited({ status: 429 })).toBe(true);
    expect(isRateLimited({ status: 403, response: { headers } })).toBe(true);
    expect(isRateLimited({ status: 403, response: { headers: { 'x-ratelimit-remaining': '1' } } })).toBe(
      false,
    );
    expect(isRateLimited({ status: 403 })).toBe(false);
    expect(isRateLimited({ status: 500, response: { headers, data: { message: 'rate limit' } } })).toBe(
      false,
    );
    expect(isRateLimited({ status: 401, response: { headers } })).toBe(false);
    expect(isRateLimited(new Error('API rate limit exceeded'))).toBe(false);
  });
});
