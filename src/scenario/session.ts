/**
 * One shopper's session with the target: its connection, cookie jar and template variables
 * (username, password, userIndex, token, captured values). `exchange()` sends one step's request and
 * judges the answer (out of stock, session expired, success, failure) without recording it: the
 * caller may still turn a success into an invalid_response (no token, no order id) before it does.
 */
import type { HttpConnection, HttpResponse, HttpTarget } from '../engine/http-client.js';
import { HttpRequestError } from '../engine/http-client.js';
import type { ErrorKind, RequestRecord } from '../engine/types.js';
import type { CompiledRequest, CompiledScenario, CompiledSource } from './compile.js';
import { CookieJar } from './cookie-jar.js';
import { formatJsonPath, getPath } from './json-path.js';

export type Verdict = 'ok' | 'out_of_stock' | 'unauthorized' | 'failed';

export interface StepResult {
  record: RequestRecord;
  verdict: Verdict;
  response: HttpResponse | undefined;
}

const DETAIL_MAX = 160;

export function shortDetail(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > DETAIL_MAX ? `${flat.slice(0, DETAIL_MAX - 3)}...` : flat;
}

export function statusErrorKind(status: number): ErrorKind {
  if (status >= 500) return 'http_5xx';
  if (status >= 400) return 'http_4xx';
  return 'invalid_response';
}

/** Marks a successful exchange as an unusable answer (missing token, list or order id). */
export function markInvalid(result: StepResult, detail: string): StepResult {
  result.verdict = 'failed';
  result.record.ok = false;
  result.record.errorKind = 'invalid_response';
  result.record.errorDetail = shortDetail(detail);
  return result;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function allSet(vars: Record<string, unknown>, names: readonly string[]): boolean {
  for (let i = 0; i < names.length; i++) if (!isSet(vars[names[i]!])) return false;
  return true;
}

/** The headers last sent for one step, and what they were rendered from. */
interface SentHeaders {
  headers: Record<string, string>;
  loggedIn: boolean;
  cookies: string | undefined;
  /** The values of the request's headerVariables, in order. */
  values: unknown[];
}

export class ShopperSession {
  readonly vars: Record<string, unknown>;
  private readonly jar = new CookieJar();
  /** The jar's Cookie header, kept here: a request reads it without touching the jar. */
  private cookieHeader: string | undefined;
  loggedIn = false;
  private connection: HttpConnection | undefined;
  /** The variables captured from answers (a few names: an array, not a Set, per shopper). */
  private readonly capturedNames: string[] = [];
  /** The auth header's name in lower case, as sent. */
  private readonly authHeader: string;
  private readonly sentHeaders = new Map<CompiledRequest, SentHeaders>();

  constructor(
    private readonly target: HttpTarget,
    private readonly compiled: CompiledScenario,
    readonly userIndex: number,
    username: string,
    password: string,
  ) {
    this.vars = { username, password, userIndex };
    this.authHeader = compiled.auth?.header.toLowerCase() ?? '';
  }

  /** Forgets the session (a 401): the next iteration logs in again with a fresh cookie jar. */
  drop(): void {
    this.loggedIn = false;
    this.jar.clear();
    this.cookieHeader = undefined;
    delete this.vars.token;
    for (const name of this.capturedNames) delete this.vars[name];
    this.capturedNames.length = 0;
  }

  async close(): Promise<void> {
    const c = this.connection;
    this.connection = undefined;
    await c?.close();
  }

  /**
   * The request's headers. Rendered again only when what they depend on changed (session, cookies,
   * the variables their templates use): usually the object sent last time for this step is reused.
   */
  private headersFor(req: CompiledRequest): Record<string, string> {
    const vars = this.vars;
    const names = req.headerVariables;
    const cookies = this.cookieHeader;
    const last = this.sentHeaders.get(req);
    if (last && last.loggedIn === this.loggedIn && last.cookies === cookies) {
      let same = true;
      for (let i = 0; i < names.length && same; i++) same = vars[names[i]!] === last.values[i];
      if (same) return last.headers;
    }
    const out: Record<string, string> = { accept: 'application/json' };
    const headers = req.headers;
    for (let i = 0; i < headers.length; i++) {
      const entry = headers[i]!;
      const template = entry[1];
      if (template.constant || allSet(vars, template.variables)) out[entry[0]] = template.text(vars);
    }
    const auth = this.compiled.auth;
    if (auth && this.loggedIn && req.key !== 'login') {
      if (allSet(vars, auth.value.variables)) out[this.authHeader] = auth.value.text(vars);
    }
    if (cookies) out.cookie = out.cookie ? `${out.cookie}; ${cookies}` : cookies;
    if (req.contentType) out['content-type'] = req.contentType;
    // Not kept for a login: sent once per session, they would be held for the whole run.
    if (req.key !== 'login') {
      const values = names.map((name) => vars[name]);
      this.sentHeaders.set(req, { headers: out, loggedIn: this.loggedIn, cookies, values });
    }
    return out;
  }

  /** Sends `req` and judges the answer (latency measured from `startMs`, performance.now() clock). */
  async exchange(
    req: CompiledRequest,
    signal: AbortSignal | undefined,
    startMs: number,
  ): Promise<StepResult> {
    return this.judge(req, await this.send(req, signal), startMs);
  }

  /**
   * Sends `req`: the answer, or the error when none usable came (never rejects). The flow awaits
   * this and calls judge() itself, one promise and one async frame fewer per request than exchange().
   */
  send(req: CompiledRequest, signal: AbortSignal | undefined): Promise<HttpResponse | HttpRequestError> {
    const vars = this.vars;
    try {
      this.connection ??= this.target.connect();
      return this.connection.exchange(
        {
          method: req.method,
          path: req.path.constant ? req.path.text(vars) : req.path.text(vars, encodeURIComponent),
          headers: this.headersFor(req),
          body: req.body?.(vars),
        },
        signal,
      );
    } catch (err) {
      return Promise.resolve(
        err instanceof HttpRequestError ? err : new HttpRequestError('other', String(err)),
      );
    }
  }

  /** Judges what send() gave (out of stock, session rejected, success, failure); records nothing. */
  judge(req: CompiledRequest, answer: HttpResponse | HttpRequestError, startMs: number): StepResult {
    const latencyMs = performance.now() - startMs;
    if (answer instanceof HttpRequestError) {
      return {
        record: {
          step: req.step,
          name: req.name,
          status: 0,
          latencyMs,
          ok: false,
          errorKind: answer.kind,
          errorDetail: shortDetail(answer.message),
          endedAt: Date.now(),
        },
        verdict: 'failed',
        response: undefined,
      };
    }
    const response = answer;
    const { status } = response;
    if (response.setCookie !== undefined) {
      this.jar.store(response.setCookie);
      this.cookieHeader = this.jar.header();
    }
    const record: RequestRecord = {
      step: req.step,
      name: req.name,
      status,
      latencyMs,
      ok: true,
      endedAt: Date.now(),
    };
    let verdict: Verdict;
    if (req.outOfStock?.(status, response)) {
      verdict = 'out_of_stock';
      record.ok = false;
      record.errorKind = 'out_of_stock';
      record.errorDetail = shortDetail(`${status} ${response.bodyText}`);
    } else if (req.key !== 'login' && this.compiled.unauthorized(status, response)) {
      verdict = 'unauthorized';
      record.ok = false;
      record.errorKind = statusErrorKind(status);
      record.errorDetail = shortDetail(`${status} session rejected: ${response.bodyText}`);
    } else if (req.serverError?.(status, response)) {
      // A server error in the body (GraphQL `errors`, an error code) counts as a 5xx does.
      verdict = 'failed';
      record.ok = false;
      record.errorKind = 'http_5xx';
      record.errorDetail = shortDetail(`${status} server error in the answer: ${response.bodyText}`);
    } else if (req.success(status, response)) {
      verdict = 'ok';
    } else {
      verdict = 'failed';
      record.ok = false;
      record.errorKind = statusErrorKind(status);
      record.errorDetail = shortDetail(`${status} ${response.bodyText}`);
    }
    if (this.compiled.globalCaptures.length > 0) this.capture(this.compiled.globalCaptures, response);
    if (verdict === 'ok' && req.captures.length > 0) this.capture(req.captures, response);
    return { record, verdict, response };
  }

  /** The value of `source` in a response (undefined when absent or unreadable). */
  read(source: CompiledSource, response: HttpResponse): unknown {
    if (source.from === 'header') {
      const v = response.headers[source.name];
      return Array.isArray(v) ? v[0] : v;
    }
    if (source.from === 'cookie') return this.jar.get(source.name);
    if (source.from === 'regex') return source.pattern.exec(response.bodyText)?.[source.group];
    try {
      return getPath(response.json(), source.path);
    } catch {
      return undefined;
    }
  }

  private capture(captures: CompiledScenario['globalCaptures'], response: HttpResponse): void {
    for (const [name, source] of captures) {
      const value = this.read(source, response);
      if (value !== undefined && value !== null) {
        this.vars[name] = value;
        if (!this.capturedNames.includes(name)) this.capturedNames.push(name);
      }
    }
  }

  /** Logs in (the login step's exchange plus the session token); not recorded here. */
  async login(signal: AbortSignal | undefined, startMs: number): Promise<StepResult> {
    const result = await this.exchange(this.compiled.login, signal, startMs);
    if (result.verdict !== 'ok' || !result.response) return result;
    const source = this.compiled.session;
    if (source) {
      const token = this.read(source, result.response);
      if (token === undefined || token === null || token === '' || typeof token === 'object') {
        const where =
          source.from === 'json'
            ? `JSON ${formatJsonPath(source.path)}`
            : source.from === 'regex'
              ? `regex ${source.pattern.source}`
              : `${source.from} ${source.name}`;
        return markInvalid(
          result,
          `login answered ${result.record.status} without a session token at ${where}`,
        );
      }
      this.vars.token = token;
    }
    this.loggedIn = true;
    return result;
  }
}
