/**
 * The Octokit client used by the baseline store and the sticky comment: @actions/github's
 * getOctokit (REST methods + pagination) with Octokit's own retry and throttling plugins, pointed
 * at GITHUB_API_URL read when the client is created rather than when the module was loaded
 * (GitHub Enterprise, and the tests' local fake server).
 *
 * Retries: a 5xx or a network failure is retried up to GITHUB_RETRIES times, waiting
 * base x n² between tries (plugin-retry); a rate limit (403/429 with x-ratelimit-remaining: 0 or
 * Retry-After, primary or secondary) is waited out and retried up to GITHUB_RETRIES times when the
 * wait is at most RATE_LIMIT_MAX_WAIT_S (plugin-throttling, which also spaces writes as GitHub
 * asks). The base is 1 s; ORDER_LOAD_GATE_GITHUB_RETRY_MS sets it (the tests use 20 ms).
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Agent, type Dispatcher, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { type Logger, silentLogger } from '../core/logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export const DEFAULT_API_URL = 'https://api.github.com';
export const GITHUB_RETRIES = 3;
/** A rate limit that resets later than this is not waited for (the step would hang): it fails. */
export const RATE_LIMIT_MAX_WAIT_S = 60;

/** The retry base in ms: ORDER_LOAD_GATE_GITHUB_RETRY_MS, else 1,000. */
export function retryBaseMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.ORDER_LOAD_GATE_GITHUB_RETRY_MS);
  return Number.isFinite(ms) && ms >= 0 && env.ORDER_LOAD_GATE_GITHUB_RETRY_MS?.trim() ? ms : 1_000;
}

export interface CreateOctokitOptions {
  /** Where Octokit's own messages (deprecations) go; silent by default. */
  logger?: Logger;
  /** Per-request timeout in milliseconds (default 30 s); Octokit has none of its own. */
  timeoutMs?: number;
}

/** The API root: `apiUrl`, else GITHUB_API_URL, else api.github.com; without a trailing slash. */
export function resolveApiUrl(apiUrl?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = apiUrl?.trim() || env.GITHUB_API_URL?.trim() || DEFAULT_API_URL;
  return url.replace(/\/+$/, '');
}

export function createOctokit(
  token: string,
  apiUrl?: string,
  options: CreateOctokitOptions = {},
): GitHubClient {
  const baseUrl = resolveApiUrl(apiUrl);
  const logger = options.logger ?? silentLogger;
  const base = retryBaseMs();
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      const again = retryCount < GITHUB_RETRIES && retryAfter <= RATE_LIMIT_MAX_WAIT_S;
      logger.warn(
        `GitHub ${kind} rate limit on ${request.method} ${request.url}: ` +
          (again ? `retrying after ${retryAfter} s` : `giving up (reset in ${retryAfter} s)`),
      );
      return again;
    };
  return getOctokit(
    token,
    {
      baseUrl,
      retry: {
        retries: GITHUB_RETRIES,
        retryAfterBaseValue: base,
        doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451],
      },
      throttle: {
        retryAfterBaseValue: base,
        fallbackSecondaryRateRetryAfter: 60,
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
      log: {
        debug: (message: string) => logger.debug(message),
        info: (message: string) => logger.debug(message),
        warn: (message: string) => logger.warn(message),
        error: (message: string) => logger.error(message),
      },
      request: { fetch: createFetch(baseUrl, options.timeoutMs ?? 30_000) },
    },
    retry,
    throttling,
  );
}

/**
 * undici's fetch with a dispatcher chosen for `baseUrl`: HTTP(S)_PROXY / NO_PROXY are honoured
 * (as @actions/github does), except for a loopback API, which is always reached directly.
 */
function createFetch(baseUrl: string, timeoutMs: number): typeof globalThis.fetch {
  const dispatcher: Dispatcher = isLoopback(baseUrl) ? new Agent() : new EnvHttpProxyAgent();
  const fetchWithDispatcher = (input: unknown, init?: Record<string, unknown>) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const callerSignal = init?.signal as AbortSignal | undefined;
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    return undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...init, signal, dispatcher });
  };
  return fetchWithDispatcher as unknown as typeof globalThis.fetch;
}

function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
