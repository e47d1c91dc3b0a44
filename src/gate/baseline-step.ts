import {
  appendEntry,
  type BaselineFile,
  emptyBaseline,
  parseBaselineFile,
  stripForBaseline,
} from '../compare/baseline-file.js';
import { runBaselineKey } from '../compare/baseline-key.js';
import type { Logger } from '../core/logger.js';
import type { BaselineStore } from '../publish/baseline-store.js';
import { createBranchStore } from '../publish/branch-store.js';
import type { GitHubRunContext } from '../publish/context.js';
import { createFileStore } from '../publish/file-store.js';
import { createOctokit } from '../publish/octokit.js';
import type { RunResults } from '../results/results.js';
import type { GateSettings } from './gate-settings.js';

/** The baseline series this run belongs to: the input, or the one derived from the profile. */
export function baselineKeyOf(settings: GateSettings): string {
  return settings.baselineKey ?? runBaselineKey(settings.run, settings.shape);
}

export function openStore(
  settings: GateSettings,
  ctx: GitHubRunContext,
  logger: Logger,
): BaselineStore | undefined {
  const where = settings.baseline;
  if (where.kind === 'none') return undefined;
  if (where.kind === 'file') return createFileStore(where.path);
  if (!ctx.owner || !ctx.repo || !settings.githubToken) {
    logger.warn('No repository or token: the baseline branch cannot be read or written (set github-token).');
    return undefined;
  }
  const octokit = createOctokit(settings.githubToken, undefined, { logger });
  return createBranchStore({ octokit, owner: ctx.owner, repo: ctx.repo, branch: where.branch, logger });
}

/** The ref whose history this run is compared with: a pull request's base branch, else its own. */
export function comparisonRef(ctx: GitHubRunContext): string | undefined {
  return ctx.isPullRequest ? ctx.baseRef : ctx.refName;
}

export async function loadBaseline(
  settings: GateSettings,
  ctx: GitHubRunContext,
  logger: Logger,
): Promise<{ store?: BaselineStore; file?: BaselineFile }> {
  const store = openStore(settings, ctx, logger);
  if (!store) return {};
  const key = baselineKeyOf(settings);
  const data = await store.load(key);
  if (data === undefined) {
    logger.info(`No baseline yet for ${key} in ${store.describe()}`);
    return { store };
  }
  return { store, file: parseBaselineFile(data, `${store.describe()} ${key}`) };
}

/** auto: pushes to the default branch and scheduled runs only, never pull requests. */
export function shouldRecordBaseline(settings: GateSettings, ctx: GitHubRunContext): boolean {
  if (settings.baseline.kind === 'none') return false;
  if (settings.updateBaseline === 'true') return true;
  if (settings.updateBaseline === 'false') return false;
  return !ctx.isPullRequest && (ctx.isDefaultBranchPush || ctx.isScheduled);
}

export async function recordBaseline(
  settings: GateSettings,
  ctx: GitHubRunContext,
  results: RunResults,
  logger: Logger,
): Promise<void> {
  const key = baselineKeyOf(settings);
  const store = openStore(settings, ctx, logger);
  if (!store) return;
  const entry = {
    recordedAt: new Date().toISOString(),
    sha: ctx.sha ?? 'unknown',
    ref: ctx.refName ?? 'local',
    runUrl: ctx.runUrl,
    results: stripForBaseline(results),
  };
  const current = await store.load(key);
  const file = appendEntry(
    current === undefined ? emptyBaseline(key) : parseBaselineFile(current, key),
    entry,
  );
  await store.save(key, file, `order-load-gate: record ${key} for ${entry.sha.slice(0, 7)}`, {
    merge: (latest: unknown) =>
      appendEntry(latest === undefined ? emptyBaseline(key) : parseBaselineFile(latest, key), entry),
  });
  logger.info(
    `Recorded this run in the baseline ${key} (${store.describe()}), ${file.entries.length} run(s) kept`,
  );
}
