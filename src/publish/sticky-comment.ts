/**
 * One pull-request comment per marker, edited in place on every run. The marker is a hidden
 * HTML comment (`<!-- order-load-gate:users-500 -->`) kept at the top of the body. A token that
 * may not write (a pull request from a fork) skips the comment with a warning, never a failure.
 */
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { describeApiError, httpStatus, isRateLimited, toGateError } from './api-errors.js';
import type { GitHubClient } from './octokit.js';

/** GitHub refuses comment bodies over 65536 characters. */
export const MAX_COMMENT_LENGTH = 65_536;

export interface StickyCommentOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  issueNumber: number;
  /** An HTML comment, e.g. from stickyMarker('users-500'). */
  marker: string;
  /** Markdown; the marker is prepended when the body does not contain it. */
  body: string;
  logger: Logger;
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'skipped';
  url?: string;
  reason?: string;
}

interface ListedComment {
  id: number;
  body?: string | null;
  html_url: string;
  user?: { login?: string; type?: string } | null;
}

/** `<!-- order-load-gate:<id> -->` */
export function stickyMarker(id: string): string {
  return `<!-- order-load-gate:${id.replace(/--+/g, '-').replace(/[<>]/g, '')} -->`;
}

export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  const { octokit, owner, repo, issueNumber, marker, logger } = options;
  if (!/^<!--[\s\S]*-->$/.test(marker) || marker.slice(4, -3).includes('--')) {
    throw new GateError(
      'OLG_ERR_INTERNAL',
      `sticky comment marker must be an HTML comment, got ${JSON.stringify(marker)}`,
    );
  }
  const body = fitBody(options.body.includes(marker) ? options.body : `${marker}\n${options.body}`, logger);
  const target = `pull request #${issueNumber} of ${owner}/${repo}`;

  const skip = (error: unknown, doing: string): StickyCommentResult => {
    const reason = `the token may not ${doing} on ${target} (${describeApiError(error)}); a pull request from a fork gets a read-only token, otherwise grant "permissions: pull-requests: write"`;
    logger.warn(`Skipping the pull-request comment: ${reason}`);
    return { action: 'skipped', reason };
  };
  const fail = (error: unknown, action: string) =>
    toGateError(error, {
      action,
      repository: `${owner}/${repo}`,
      write: true,
      permission: 'pull-requests: write',
    });
  const forbidden = (error: unknown) => httpStatus(error) === 403 && !isRateLimited(error);

  let existing: ListedComment | undefined;
  try {
    const comments: ListedComment[] = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issueNumber,
      per_page: 100,
    });
    existing = pickComment(comments, marker);
  } catch (error) {
    if (forbidden(error)) return skip(error, 'read the comments');
    throw fail(error, `list the comments of ${target}`);
  }

  if (existing) {
    try {
      const { data } = await octokit.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body,
      });
      logger.info(`Updated the pull-request comment: ${data.html_url}`);
      return { action: 'updated', url: data.html_url };
    } catch (error) {
      if (forbidden(error)) return skip(error, 'edit comments');
      // Deleted between listing and editing: write a new one below.
      if (httpStatus(error) !== 404) throw fail(error, `update comment ${existing.id} on ${target}`);
      logger.debug(`Comment ${existing.id} disappeared before it could be updated; creating a new one`);
    }
  }
  try {
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issueNumber,
      body,
    });
    logger.info(`Created the pull-request comment: ${data.html_url}`);
    return { action: 'created', url: data.html_url };
  } catch (error) {
    if (forbidden(error)) return skip(error, 'comment');
    throw fail(error, `comment on ${target}`);
  }
}

/**
 * The comment carrying the marker: the oldest one written by a bot (github-actions[bot] with the
 * default token), else the oldest one at all (a personal token writes as a user).
 */
function pickComment(comments: ListedComment[], marker: string): ListedComment | undefined {
  const marked = comments.filter((comment) => comment.body?.includes(marker));
  return marked.find((comment) => comment.user?.type === 'Bot') ?? marked[0];
}

function fitBody(body: string, logger: Logger): string {
  if (body.length <= MAX_COMMENT_LENGTH) return body;
  const note = '\n\n… (truncated: the full report is in the job summary and the report artifact)';
  logger.warn(
    `The pull-request comment is ${body.length} characters; truncating it to ${MAX_COMMENT_LENGTH}`,
  );
  return body.slice(0, MAX_COMMENT_LENGTH - note.length) + note;
}
