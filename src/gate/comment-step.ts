import type { Logger } from '../core/logger.js';
import type { GitHubRunContext } from '../publish/context.js';
import { createOctokit } from '../publish/octokit.js';
import { upsertStickyComment } from '../publish/sticky-comment.js';
import type { GateSettings } from './gate-settings.js';

/** Posts or updates the one sticky pull-request comment; returns its URL when written. */
export async function postComment(
  settings: GateSettings,
  ctx: GitHubRunContext,
  body: string,
  marker: string,
  logger: Logger,
): Promise<string | undefined> {
  if (settings.comment === 'never') return undefined;
  if (!ctx.isPullRequest || ctx.prNumber === undefined) {
    if (settings.comment === 'always')
      logger.info('Not a pull request: no comment to write (the job summary has the report)');
    return undefined;
  }
  if (!settings.githubToken || !ctx.owner || !ctx.repo) {
    logger.warn('No github-token: the pull-request comment is skipped; the job summary has the report');
    return undefined;
  }
  const octokit = createOctokit(settings.githubToken);
  const out = await upsertStickyComment({
    octokit,
    owner: ctx.owner,
    repo: ctx.repo,
    issueNumber: ctx.prNumber,
    marker,
    body,
    logger,
  });
  if (out.action === 'skipped') return undefined;
  logger.info(`Pull-request comment ${out.action}: ${out.url}`);
  return out.url;
}
