/**
 * The Octokit client used by the baseline store and the sticky comment: @actions/github's
 * getOctokit (REST methods + pagination, no retry or throttling plugins, so failures surface
 * at once), pointed at GITHUB_API_URL read when the client is created rather than when the
 * module was loaded (GitHub Enterprise, and the tests' local fake server).
 */
import { getOctokit } from '@actions/github';
import { Agent, type Dispatcher, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';
import { type Logger, silentLogger } from '../core/logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export const DEFAULT_API_URL = 'https://api.github.com';

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
  return getOctokit(token, {
    baseUrl,
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    request: { fetch: createFetch(baseUrl, options.timeoutMs ?? 30_000) },
  });
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
