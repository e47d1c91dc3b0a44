/**
 * A fake GitHub REST API on 127.0.0.1: the routes the action calls (repository, git refs,
 * contents, issue comments), with GitHub's status codes and JSON shapes, held in memory.
 * Point Octokit at `url` (baseUrl / GITHUB_API_URL). Tests inspect `state` and `requests`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUser {
  login: string;
  type: 'Bot' | 'User';
}
export interface FakeComment {
  id: number;
  body: string;
  user: FakeUser;
  html_url: string;
  created_at: string;
  updated_at: string;
}
interface FakeFile {
  content: Buffer;
  sha: string;
}
interface FakeRepo {
  fullName: string;
  defaultBranch: string;
  /** branch name -> head commit sha */
  branches: Map<string, string>;
  /** commit sha -> the files of that commit */
  commits: Map<string, Map<string, FakeFile>>;
  issues: Map<number, FakeComment[]>;
}
export interface RecordedRequest {
  method: string;
  /** The raw request path with its query string, as sent. */
  path: string;
  body: unknown;
}
export interface FailRule {
  method?: string;
  /** Matched against the decoded path without the query string. */
  path: string | RegExp;
  status: number;
  message?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Runs before the failure is answered, e.g. to simulate another job's write. */
  before?: () => void;
  /** Headers of the failure, e.g. retry-after or x-ratelimit-remaining / x-ratelimit-reset. */
  headers?: Record<string, string>;
}
export interface FakeGitHubOptions {
  /** Repositories to create: `owner/repo` -> default branch and its files. */
  repos?: Record<string, { defaultBranch?: string; files?: Record<string, string> }>;
  /** Tokens that may only read: every write answers 403 like a fork's GITHUB_TOKEN. */
  readOnlyTokens?: string[];
  /** Who each token acts as (default github-actions[bot]). */
  users?: Record<string, FakeUser>;
  /** Files larger than this are served with encoding 'none' (GitHub: 1 MB). */
  maxInlineBytes?: number;
}

const BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };
const newSha = () => randomBytes(20).toString('hex');
const blobSha = (content: Buffer) =>
  createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class FakeGitHubState {
  readonly repos = new Map<string, FakeRepo>();
  private nextCommentId = 1000;

  addRepo(fullName: string, options: { defaultBranch?: string; files?: Record<string, string> } = {}): void {
    const defaultBranch = options.defaultBranch ?? 'main';
    const sha = newSha();
    const files = new Map(
      Object.entries(options.files ?? { 'README.md': '# shop\n' }).map(([p, c]) => [p, file(c)]),
    );
    this.repos.set(fullName, {
      fullName,
      defaultBranch,
      branches: new Map([[defaultBranch, sha]]),
      commits: new Map([[sha, files]]),
      issues: new Map(),
    });
  }
  repo(fullName: string): FakeRepo {
    const repo = this.repos.get(fullName);
    if (!repo) throw new HttpError(404, 'Not Found');
    return repo;
  }
  /** The files of a branch as text, or undefined when the branch does not exist. */
  files(fullName: string, branch: string): Record<string, string> | undefined {
    const head = this.repos.get(fullName)?.branches.get(branch);
    if (!head) return undefined;
    const files = this.repo(fullName).commits.get(head) ?? new Map<string, FakeFile>();
    return Object.fromEntries([...files].map(([p, f]) => [p, f.content.toString('utf8')]));
  }
  branches(fullName: string): string[] {
    return [...(this.repos.get(fullName)?.branches.keys() ?? [])];
  }
  /** Commits `content` to `path` on `branch` (which must exist); returns the new blob sha. */
  writeFile(fullName: string, branch: string, path: string, content: string): string {
    const repo = this.repo(fullName);
    const head = repo.branches.get(branch);
    if (!head) throw new HttpError(404, `Branch ${branch} not found`);
    const files = new Map(repo.commits.get(head));
    const written = file(content);
    files.set(path, written);
    const sha = newSha();
    repo.commits.set(sha, files);
    repo.branches.set(branch, sha);
    return written.sha;
  }
  comments(fullName: string, issue: number): FakeComment[] {
    const repo = this.repo(fullName);
    const list = repo.issues.get(issue) ?? [];
    repo.issues.set(issue, list);
    return list;
  }
  addComment(fullName: string, issue: number, body: string, user: FakeUser = BOT): FakeComment {
    const id = this.nextCommentId++;
    const now = new Date().toISOString();
    const comment = {
      id,
      body,
      user,
      html_url: `https://github.com/${fullName}/pull/${issue}#issuecomment-${id}`,
      created_at: now,
      updated_at: now,
    };
    this.comments(fullName, issue).push(comment);
    return comment;
  }
}

function file(content: string | Buffer): FakeFile {
  const buffer = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { content: buffer, sha: blobSha(buffer) };
}

export interface FakeGitHub {
  url: string;
  state: FakeGitHubState;
  requests: RecordedRequest[];
  /** Makes the next `times` requests matching the rule fail with `status`. */
  failNext(rule: FailRule): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = new FakeGitHubState();
  for (const [name, repo] of Object.entries(options.repos ?? {})) state.addRepo(name, repo);
  const requests: RecordedRequest[] = [];
  const rules: (FailRule & { left: number })[] = [];
  const readOnly = new Set(options.readOnlyTokens ?? []);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON' });
      }
      const method = req.method ?? 'GET';
      requests.push({ method, path: req.url ?? '/', body });
      try {
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        // Octokit sends `heads%2Fmain` and `baselines%2Fa.json`: decode, then split.
        const path = decodeURIComponent(url.pathname);
        const segments = path.split('/').slice(1);
        const rule = rules.find(
          (r) => r.left > 0 && (!r.method || r.method === method) && matches(r.path, path),
        );
        if (rule) {
          rule.left--;
          rule.before?.();
          return send(
            res,
            rule.status,
            { message: rule.message ?? `Injected failure ${rule.status}` },
            rule.headers,
          );
        }
        const token = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
        if (!token) return send(res, 401, { message: 'Requires authentication' });
        if (method !== 'GET' && readOnly.has(token)) {
          return send(res, 403, { message: 'Resource not accessible by integration' });
        }
        const user = options.users?.[token] ?? BOT;
        const [status, payload, headers] = route({ method, segments, url, body: obj(body), user });
        send(res, status, payload, headers);
      } catch (error) {
        if (error instanceof HttpError) return send(res, error.status, { message: error.message });
        send(res, 500, { message: String(error) });
      }
    });
  });

  type Ctx = { method: string; segments: string[]; url: URL; body: Record<string, unknown>; user: FakeUser };
  type Answer = [number, unknown, Record<string, string>?];

  function route({ method, segments, url, body, user }: Ctx): Answer {
    const [root, owner, name, area, ...rest] = segments;
    if (root !== 'repos' || !owner || !name) throw new HttpError(404, 'Not Found');
    const fullName = `${owner}/${name}`;
    const repo = state.repo(fullName);
    const key = `${method} ${area ?? ''}${rest[0] === undefined ? '' : `/${rest[0]}`}`;
    if (method === 'GET' && area === undefined) {
      return [200, { id: 1, name, full_name: fullName, default_branch: repo.defaultBranch, private: false }];
    }
    if (key === 'GET git/ref' && rest[1] === 'heads') {
      const branch = rest.slice(2).join('/');
      const sha = repo.branches.get(branch);
      if (!sha) throw new HttpError(404, 'Not Found');
      return [200, { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } }];
    }
    if (key === 'POST git/refs' && rest.length === 1) {
      const ref = String(body.ref ?? '');
      const sha = String(body.sha ?? '');
      if (!/^refs\/heads\/.+/.test(ref)) throw new HttpError(422, 'Reference name must be a full ref');
      if (!repo.commits.has(sha)) throw new HttpError(422, 'Object does not exist');
      const branch = ref.slice('refs/heads/'.length);
      if (repo.branches.has(branch)) throw new HttpError(422, 'Reference already exists');
      repo.branches.set(branch, sha);
      return [201, { ref, object: { sha, type: 'commit' } }];
    }
    if (key === 'GET git/blobs' && rest[1]) {
      const f = [...repo.commits.values()]
        .flatMap((files) => [...files.values()])
        .find((b) => b.sha === rest[1]);
      if (!f) throw new HttpError(404, 'Not Found');
      return [
        200,
        { sha: f.sha, size: f.content.length, encoding: 'base64', content: f.content.toString('base64') },
      ];
    }
    if (area === 'contents' && rest.length > 0) return contents(repo, method, rest.join('/'), url, body);
    if (area === 'issues' && rest[0] === 'comments' && rest[1] && method === 'PATCH') {
      const id = Number(rest[1]);
      for (const list of repo.issues.values()) {
        const comment = list.find((c) => c.id === id);
        if (!comment) continue;
        if (typeof body.body !== 'string') throw new HttpError(422, 'Invalid request: body is required');
        comment.body = body.body;
        comment.updated_at = new Date().toISOString();
        return [200, comment];
      }
      throw new HttpError(404, 'Not Found');
    }
    const issue = Number(rest[0]);
    if (
      area === 'issues' &&
      Number.isInteger(issue) &&
      issue > 0 &&
      rest[1] === 'comments' &&
      rest.length === 2
    ) {
      if (method === 'POST') {
        if (typeof body.body !== 'string' || !body.body)
          throw new HttpError(422, 'Invalid request: body is required');
        if (body.body.length > 65536)
          throw new HttpError(422, 'Body is too long (maximum is 65536 characters)');
        return [201, state.addComment(fullName, issue, body.body, user)];
      }
      if (method === 'GET') return page(state.comments(fullName, issue), url);
    }
    throw new HttpError(404, 'Not Found');
  }

  function contents(
    repo: FakeRepo,
    method: string,
    path: string,
    url: URL,
    body: Record<string, unknown>,
  ): Answer {
    if (method === 'GET') {
      const branch = url.searchParams.get('ref') ?? repo.defaultBranch;
      const head = repo.branches.get(branch) ?? (repo.commits.has(branch) ? branch : undefined);
      if (!head) throw new HttpError(404, `No commit found for the ref ${branch}`);
      const f = repo.commits.get(head)?.get(path);
      if (!f) throw new HttpError(404, 'Not Found');
      const inline = f.content.length <= (options.maxInlineBytes ?? 1_048_576);
      const content = inline ? (f.content.toString('base64').match(/.{1,60}/g) ?? []).join('\n') : '';
      const name = path.split('/').pop();
      const encoding = inline ? 'base64' : 'none';
      return [200, { type: 'file', encoding, size: f.content.length, name, path, content, sha: f.sha }];
    }
    if (method !== 'PUT') throw new HttpError(404, 'Not Found');
    if (typeof body.message !== 'string' || typeof body.content !== 'string') {
      throw new HttpError(422, 'Invalid request.\n\n"message" and "content" are required.');
    }
    const branch = typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
    const head = repo.branches.get(branch);
    if (!head) throw new HttpError(404, `Branch ${branch} not found`);
    const current = repo.commits.get(head)?.get(path);
    if (current && body.sha === undefined)
      throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
    if (body.sha !== undefined && body.sha !== current?.sha)
      throw new HttpError(409, `${path} does not match ${body.sha}`);
    const fileSha = state.writeFile(
      repo.fullName,
      branch,
      path,
      Buffer.from(body.content, 'base64').toString('utf8'),
    );
    const commit = { sha: repo.branches.get(branch), message: body.message };
    return [
      current ? 200 : 201,
      { content: { name: path.split('/').pop(), path, sha: fileSha, type: 'file' }, commit },
    ];
  }

  function page(items: unknown[], url: URL): Answer {
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
    const pageNo = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (p: number, rel: string) => {
      const next = new URL(url.pathname, url.origin);
      next.searchParams.set('per_page', String(perPage));
      next.searchParams.set('page', String(p));
      return `<${next.href}>; rel="${rel}"`;
    };
    const links = [];
    if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
    if (pageNo > 1) links.push(link(1, 'first'), link(pageNo - 1, 'prev'));
    return [
      200,
      items.slice((pageNo - 1) * perPage, pageNo * perPage),
      links.length ? { link: links.join(', ') } : {},
    ];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    requests,
    failNext: (rule) => rules.push({ ...rule, left: rule.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function matches(pattern: string | RegExp, path: string): boolean {
  return typeof pattern === 'string' ? path === pattern : pattern.test(path);
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function send(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}
