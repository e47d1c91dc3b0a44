/**
 * The run's GitHub context, read from the environment the runner provides (GITHUB_*) and the
 * event payload file. Outside Actions (a local CLI run) every field falls back to "no
 * repository" instead of failing, so callers decide what needs a repository.
 */
import { readFileSync } from 'node:fs';

export interface GitHubRunContext {
  /** GITHUB_EVENT_NAME, or 'local' outside Actions. */
  eventName: string;
  /** Empty outside Actions (see isLocal). */
  owner: string;
  repo: string;
  /** True when GITHUB_REPOSITORY is missing: no API calls are possible. */
  isLocal: boolean;
  sha: string;
  /** GITHUB_REF, e.g. refs/heads/main or refs/pull/12/merge. */
  ref: string;
  /** GITHUB_REF_NAME, else the ref without refs/heads/, refs/tags/ or refs/pull/ (`12/merge`). */
  refName: string;
  isPullRequest: boolean;
  prNumber?: number;
  /** pull_request.head.sha: the commit the author pushed (GITHUB_SHA is the merge commit). */
  headSha?: string;
  baseRef?: string;
  baseSha?: string;
  /** A pull request whose head lives in another repository: its token is read-only. */
  isFork: boolean;
  defaultBranch?: string;
  isDefaultBranchPush: boolean;
  isScheduled: boolean;
  serverUrl: string;
  apiUrl: string;
  runId?: string;
  runUrl?: string;
  /** Set when GITHUB_EVENT_PATH was given but could not be read or parsed. */
  payloadError?: string;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

export function readGitHubContext(env: NodeJS.ProcessEnv = process.env): GitHubRunContext {
  const { payload, error } = readPayload(env.GITHUB_EVENT_PATH);
  const eventName = env.GITHUB_EVENT_NAME?.trim() || 'local';
  const [owner = '', repo = ''] = splitRepository(
    env.GITHUB_REPOSITORY ?? fullName(payload.repository) ?? '',
  );
  const ref = env.GITHUB_REF?.trim() ?? '';
  const serverUrl = (env.GITHUB_SERVER_URL?.trim() || 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, '');
  const runId = env.GITHUB_RUN_ID?.trim() || undefined;
  const defaultBranch = str(obj(payload.repository).default_branch);

  const isPullRequest = PULL_REQUEST_EVENTS.has(eventName);
  const pr = obj(payload.pull_request);
  const head = obj(pr.head);
  const base = obj(pr.base);

  const context: GitHubRunContext = {
    eventName,
    owner,
    repo,
    isLocal: !owner || !repo,
    sha: env.GITHUB_SHA?.trim() ?? '',
    ref,
    refName: env.GITHUB_REF_NAME?.trim() || refNameOf(ref),
    isPullRequest,
    isFork: false,
    isDefaultBranchPush: eventName === 'push' && !!defaultBranch && ref === `refs/heads/${defaultBranch}`,
    isScheduled: eventName === 'schedule',
    serverUrl,
    apiUrl,
  };
  if (defaultBranch) context.defaultBranch = defaultBranch;
  if (runId) context.runId = runId;
  if (runId && !context.isLocal) context.runUrl = `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`;
  if (error) context.payloadError = error;

  if (isPullRequest) {
    const prNumber = num(pr.number) ?? num(payload.number) ?? prNumberFromRef(ref);
    if (prNumber !== undefined) context.prNumber = prNumber;
    const headSha = str(head.sha);
    if (headSha) context.headSha = headSha;
    const baseRef = str(base.ref) ?? env.GITHUB_BASE_REF?.trim();
    if (baseRef) context.baseRef = baseRef;
    const baseSha = str(base.sha);
    if (baseSha) context.baseSha = baseSha;
    context.isFork = isForkPullRequest(head, base, `${owner}/${repo}`);
  }
  return context;
}

/**
 * A fork when the head repository differs from the base one. A deleted head repository
 * (head.repo null) counts as a fork: nothing says the token may write.
 */
function isForkPullRequest(
  head: Record<string, unknown>,
  base: Record<string, unknown>,
  self: string,
): boolean {
  if (!('repo' in head)) return false;
  const headName = fullName(head.repo);
  if (!headName) return true;
  const baseName = fullName(base.repo) ?? self;
  return headName.toLowerCase() !== baseName.toLowerCase();
}

function readPayload(path: string | undefined): { payload: Record<string, unknown>; error?: string } {
  if (!path?.trim()) return { payload: {} };
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { payload: {}, error: `${path}: the event payload is not a JSON object` };
    }
    return { payload: parsed as Record<string, unknown> };
  } catch (error) {
    return { payload: {}, error: `${path}: cannot read the event payload: ${(error as Error).message}` };
  }
}

function splitRepository(value: string): [string?, string?] {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(value.trim());
  return match ? [match[1], match[2]] : [];
}

function refNameOf(ref: string): string {
  return ref.replace(/^refs\/(heads|tags|pull)\//, '');
}

function prNumberFromRef(ref: string): number | undefined {
  const match = /^refs\/pull\/(\d+)\//.exec(ref);
  return match ? Number(match[1]) : undefined;
}

function fullName(value: unknown): string | undefined {
  return str(obj(value).full_name);
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
