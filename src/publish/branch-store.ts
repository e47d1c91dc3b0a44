/**
 * Baselines in a branch of the repository: one JSON file per key (`<directory>/<key>.json`),
 * written through the contents API. Writes are optimistic: each carries the blob sha last
 * seen, and when another job wrote meanwhile (409, or 422 for a missing sha) the file is read
 * again, recombined through `merge` when given, and written again, up to `maxRetries` times.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, GateError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { apiMessage, describeApiError, httpStatus, toGateError } from './api-errors.js';
import { assertBaselineKey, isValidBranchName } from './baseline-location.js';
import type { BaselineStore, SaveOptions } from './baseline-store.js';
import type { GitHubClient } from './octokit.js';

export interface BranchStoreOptions {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  branch: string;
  /** Folder inside the branch (default `baselines`; '' for the root). */
  directory?: string;
  logger?: Logger;
  /** Retries after a conflicting write (default 3). */
  maxRetries?: number;
  /** Base pause before a retry, with jitter (default 200 ms). */
  retryDelayMs?: number;
}

interface StoredFile {
  sha: string;
  text: string;
}

export function createBranchStore(options: BranchStoreOptions): BaselineStore {
  const { octokit, owner, repo, branch } = options;
  if (!isValidBranchName(branch))
    throw new ConfigError('baseline', `branch:${branch}`, 'a valid git branch name');
  const directory = (options.directory ?? 'baselines').replace(/^\/+|\/+$/g, '');
  if (directory.split('/').some((part) => part === '..' || part === '.') || directory.includes('//')) {
    throw new ConfigError('baseline directory', directory, 'a relative folder without "." or ".." parts');
  }
  const logger = options.logger ?? silentLogger;
  const maxRetries = options.maxRetries ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const repository = `${owner}/${repo}`;
  const where = `branch ${branch} of ${repository}`;
  /** path -> the blob sha this store last saw (null: the file did not exist). */
  const seen = new Map<string, string | null>();
  let branchExists = false;

  const pathOf = (key: string) => {
    assertBaselineKey(key);
    return directory ? `${directory}/${key}.json` : `${key}.json`;
  };
  const fail = (error: unknown, action: string, write: boolean) =>
    toGateError(error, { action, repository, write, permission: 'contents: write' });

  async function read(path: string): Promise<StoredFile | undefined> {
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref: branch });
      if (Array.isArray(data) || data.type !== 'file') {
        throw new GateError('OLG_ERR_BASELINE', `${path} on ${where} is not a file`);
      }
      if (data.encoding === 'base64') return { sha: data.sha, text: decode(data.content) };
      // Files over 1 MB come without content: fetch the blob instead.
      const blob = await octokit.rest.git.getBlob({ owner, repo, file_sha: data.sha });
      return { sha: data.sha, text: decode(blob.data.content) };
    } catch (error) {
      if (httpStatus(error) === 404) return undefined;
      throw fail(error, `read ${path} from ${where}`, false);
    }
  }

  async function ensureBranch(): Promise<void> {
    if (branchExists) return;
    try {
      await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` });
      branchExists = true;
      return;
    } catch (error) {
      if (httpStatus(error) !== 404) throw fail(error, `look up ${where}`, false);
    }
    try {
      const { data: info } = await octokit.rest.repos.get({ owner, repo });
      const { data: head } = await octokit.rest.git.getRef({
        owner,
        repo,
        ref: `heads/${info.default_branch}`,
      });
      await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: head.object.sha });
      logger.info(
        `Created ${where} from ${info.default_branch} (${head.object.sha.slice(0, 7)}) for baselines`,
      );
    } catch (error) {
      // Another job created it between our look-up and our write: fine.
      if (!(httpStatus(error) === 422 && /already exists/i.test(apiMessage(error)))) {
        throw fail(error, `create ${where}`, true);
      }
    }
    branchExists = true;
  }

  return {
    describe: () => `${where} (${directory || '.'}/)`,

    async load(key) {
      const path = pathOf(key);
      const file = await read(path);
      seen.set(path, file?.sha ?? null);
      if (!file) {
        logger.debug(`No baseline ${path} on ${where}`);
        return undefined;
      }
      try {
        return JSON.parse(file.text) as unknown;
      } catch (error) {
        throw new GateError(
          'OLG_ERR_BASELINE',
          `${path} on ${where} is not valid JSON (${(error as Error).message}); fix or delete it`,
          { cause: error },
        );
      }
    },

    async save(key, data, message, saveOptions: SaveOptions = {}) {
      const path = pathOf(key);
      await ensureBranch();
      // The sha seen at load time, so a write made since then conflicts instead of being lost.
      let sha = seen.has(path) ? (seen.get(path) ?? undefined) : (await read(path))?.sha;
      let document = data;
      for (let attempt = 0; ; attempt++) {
        try {
          const { data: written } = await octokit.rest.repos.createOrUpdateFileContents({
            owner,
            repo,
            path,
            branch,
            message,
            content: Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8').toString('base64'),
            ...(sha ? { sha } : {}),
          });
          seen.set(path, written.content?.sha ?? null);
          logger.info(
            `Saved baseline ${key} to ${where} (${path}, commit ${written.commit.sha?.slice(0, 7)})`,
          );
          return;
        } catch (error) {
          const status = httpStatus(error);
          const conflict = status === 409 || (status === 422 && /\bsha\b/i.test(apiMessage(error)));
          const branchGone = status === 404;
          if ((!conflict && !branchGone) || attempt >= maxRetries) {
            const gave = conflict ? ` after ${attempt + 1} attempts (other jobs kept writing it)` : '';
            throw fail(error, `save ${path} to ${where}${gave}`, true);
          }
          logger.warn(
            `${path} on ${where} changed meanwhile (${describeApiError(error)}); retrying (${attempt + 1}/${maxRetries})`,
          );
          await sleep(retryDelayMs * (attempt + 1) + Math.random() * retryDelayMs);
          if (branchGone) {
            branchExists = false;
            await ensureBranch();
          }
          const current = await read(path);
          sha = current?.sha;
          if (saveOptions.merge) document = saveOptions.merge(parseOrUndefined(current, path), data);
        }
      }
    },
  };

  function parseOrUndefined(file: StoredFile | undefined, path: string): unknown {
    if (!file) return undefined;
    try {
      return JSON.parse(file.text) as unknown;
    } catch {
      logger.warn(`${path} on ${where} is not valid JSON; overwriting it`);
      return undefined;
    }
  }
}

function decode(base64: string): string {
  return Buffer.from(base64.replace(/\s+/g, ''), 'base64').toString('utf8');
}
