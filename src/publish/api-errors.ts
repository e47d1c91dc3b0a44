/**
 * Reading Octokit's request errors without depending on @octokit/request-error directly:
 * the HTTP status and GitHub's `message`, and the shared wording for permission failures.
 */
import { GateError } from '../core/errors.js';

/** The HTTP status of an Octokit RequestError, or undefined for anything else. */
export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const status = (error as { status: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's own `message` from the response body when there is one, else the error's message. */
export function apiMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const data = (error as { response?: { data?: unknown } }).response?.data;
    if (typeof data === 'object' && data !== null && 'message' in data) {
      const message = (data as { message: unknown }).message;
      if (typeof message === 'string' && message) return message;
    }
    if (error instanceof Error) return error.message;
  }
  return String(error);
}

/** A 403 that is a rate limit rather than a missing permission. */
export function isRateLimited(error: unknown): boolean {
  if (httpStatus(error) !== 403 && httpStatus(error) !== 429) return false;
  if (httpStatus(error) === 429) return true;
  const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers;
  return headers?.['x-ratelimit-remaining'] === '0' || /rate limit/i.test(apiMessage(error));
}

/** `HTTP 500: message`, for error messages and debug logs. */
export function describeApiError(error: unknown): string {
  const status = httpStatus(error);
  return status === undefined ? apiMessage(error) : `HTTP ${status}: ${apiMessage(error)}`;
}

export interface FailureContext {
  /** What was being done, e.g. "save baselines/users-500.json to branch x of o/r". */
  action: string;
  /** `owner/repo`, for the messages. */
  repository: string;
  /** Whether the call needed write access (what a 403 means). */
  write: boolean;
  /** The permission a write needs, e.g. "contents: write". */
  permission: string;
}

/**
 * A GateError for a failed API call. Permission and visibility problems (401, 403, 404 on the
 * repository) are configuration errors with a hint; anything else reports GitHub's answer.
 */
export function toGateError(error: unknown, context: FailureContext): GateError {
  if (error instanceof GateError) return error;
  const status = httpStatus(error);
  const detail = describeApiError(error);
  const prefix = `Could not ${context.action}`;
  if (isRateLimited(error)) {
    return new GateError('OLG_ERR_GITHUB', `${prefix}: the GitHub API rate limit is exhausted (${detail})`, {
      cause: error,
    });
  }
  if (status === 401) {
    return new GateError(
      'OLG_ERR_CONFIG',
      `${prefix}: the token was refused (${detail}); check github-token`,
      {
        cause: error,
      },
    );
  }
  if (status === 403) {
    const hint = context.write
      ? `the token may not write to ${context.repository}: give the workflow "permissions: ${context.permission}". ` +
        'A pull request from a fork only gets a read-only token and can never write'
      : `the token may not read ${context.repository}: give the workflow "permissions: contents: read"`;
    return new GateError('OLG_ERR_CONFIG', `${prefix}: ${hint} (${detail})`, { cause: error });
  }
  return new GateError('OLG_ERR_GITHUB', `${prefix}: ${detail}`, { cause: error });
}
