/**
 * The load's HTTP client. Plain `http:` targets (one connection per shopper) go through our own lean
 * HTTP/1.1 client (lean-http.ts: a bare net.Socket per shopper; `npm run bench`: 1.5x the undici
 * path's requests/s at 100 users, 2.1x at 1,000, about 100 MB less peak RSS). `https:` targets,
 * `connectionsPerShopper > 1`, or OLG_HTTP_CLIENT=undici in the environment use undici, as described
 * below. Both share the error classification, the abort registry and the response interface.
 *
 * One keep-alive connection per virtual shopper (an `undici.Client`, pipelining 1), like a browser
 * session, instead of one shared `Pool`: a Pool finds a free connection by a linear scan over all of
 * its clients on every dispatch (pool.js `kGetDispatcher`) and hands queued requests over through
 * per-client 'drain' events, so with 1,000 mostly busy connections each request pays O(connections).
 * A Client per shopper dispatches in O(1), and a shopper never has more than one request in flight.
 * `connectionsPerShopper > 1` gives each shopper a small Pool instead.
 *
 * Requests go through `Client.dispatch()` with a handler on undici's raw interface (onConnect, onHeaders,
 * onData, onComplete, onError), rather than `Client.request()` (a Readable stream plus an AsyncResource
 * per response) or the controller interface (two wrapper objects and every header parsed, per request):
 * at 1,000 concurrent users such short-lived objects survive young-generation GCs, and the scavenger's
 * work caps the loop (measured: `npm run bench`, and test/servers/bench-http-client.ts). Response
 * headers stay raw until asked for: the flow itself reads only set-cookie.
 *
 * Timeouts: `timeoutMs` bounds connecting, waiting for the response headers, and each wait for body
 * data (undici's connectTimeout / headersTimeout / bodyTimeout, on its coarse timers: no timer object
 * per request, so a timeout fires up to about a second late). The run's stop signal settles a request
 * at once (even one still connecting).
 *
 * The body is always read whole (small JSON answers) or the request aborted. Failures without a usable
 * response reject with an `HttpRequestError` whose `kind` is an ErrorKind.
 */
import { Client, type Dispatcher, Pool, util } from 'undici';
import { type Abortable, LeanConnection } from './lean-http.js';
import type { ErrorKind } from './types.js';

export interface HttpRequest {
  method: string;
  /** Path (and query) below the target's base URL, starting with '/'. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export type HttpHeaders = Record<string, string | string[] | undefined>;

export interface HttpResponse {
  status: number;
  /** Lower-case names; `set-cookie` (and other repeated headers) as arrays. */
  headers: HttpHeaders;
  bodyText: string;
  /** The `set-cookie` header(s), without building `headers` (undefined when there is none). */
  readonly setCookie: string[] | undefined;
  /** Parses `bodyText` once (throws SyntaxError on invalid JSON; an empty body is `undefined`). */
  json(): unknown;
}

/** A request that got no usable response (refused, reset, timed out, aborted...). */
export class HttpRequestError extends Error {
  readonly kind: ErrorKind;
  readonly code: string | undefined;
  constructor(kind: ErrorKind, message: string, code?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpRequestError';
    this.kind = kind;
    this.code = code;
  }
}

/** One shopper's connection(s) to the target. */
export interface HttpConnection {
  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  close(): Promise<void>;
}

export interface HttpTarget {
  /** `http://host:port` */
  readonly origin: string;
  /** The base URL's path without a trailing slash ('' for none); prefixed to every request path. */
  readonly pathPrefix: string;
  /** A new connection (one keep-alive socket by default) for one shopper. */
  connect(): HttpConnection;
  /** Closes every connection made by `connect()`; requests still running after a grace are destroyed. */
  close(): Promise<void>;
}

export interface HttpTargetOptions {
  timeoutMs: number;
  /** Keep-alive connections per shopper (default 1: one request at a time, like a browser tab). */
  connectionsPerShopper?: number;
  /** Larger response bodies fail as invalid_response (default 16 MiB). */
  maxBodyBytes?: number;
  /** How long close() waits for running requests before destroying sockets (default 1,000 ms). */
  closeGraceMs?: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
// A connection that broke or closed under the request (a truncated body included).
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
RESET_CODES.add('UND_ERR_DESTROYED').add('UND_ERR_RES_CONTENT_LENGTH_MISMATCH');

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // autoSelectFamily (happy eyeballs) wraps per-address failures in an AggregateError.
  const inner = (err as { errors?: unknown }).errors;
  if (Array.isArray(inner)) {
    for (const e of inner) {
      const c = errorCode(e);
      if (c) return c;
    }
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause && cause !== err ? errorCode(cause) : undefined;
}

/** Maps a failed request's error onto an ErrorKind; `signal` is the run's stop signal. */
export function classifyError(err: unknown, signal?: AbortSignal): HttpRequestError {
  if (err instanceof HttpRequestError) return err;
  const code = errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  const name = err instanceof Error ? err.name : '';
  let kind: ErrorKind;
  if (signal?.aborted) kind = 'aborted';
  else if (code === 'ECONNREFUSED') kind = 'connection_refused';
  else if (code && TIMEOUT_CODES.has(code)) kind = 'timeout';
  else if (code === 'ETIMEDOUT' || name === 'TimeoutError') kind = 'timeout';
  else if (code && RESET_CODES.has(code)) kind = 'connection_reset';
  else if (code === 'UND_ERR_ABORTED' || name === 'AbortError') kind = 'aborted';
  else kind = 'other';
  const detail = code ? `${code}: ${message}` : message;
  return new HttpRequestError(kind, detail.slice(0, 200), code, { cause: err });
}

const NO_HEADERS: Buffer[] = [];

/** Over undici's raw header buffers: `headers` is built when first asked for. */
class BufferedResponse implements HttpResponse {
  private parsedHeaders: HttpHeaders | undefined;
  private parsed: { value: unknown } | undefined;

  constructor(
    readonly status: number,
    private readonly raw: Buffer[],
    readonly bodyText: string,
  ) {}

  get headers(): HttpHeaders {
    this.parsedHeaders ??= util.parseHeaders(this.raw) as HttpHeaders;
    return this.parsedHeaders;
  }

  get setCookie(): string[] | undefined {
    const raw = this.raw;
    let out: string[] | undefined;
    // (known header names are looked up without making a string)
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (util.headerNameToString(raw[i]!) === 'set-cookie')
        out = [...(out ?? []), raw[i + 1]!.toString('latin1')];
    }
    return out;
  }

  json(): unknown {
    this.parsed ??= { value: this.bodyText.length === 0 ? undefined : JSON.parse(this.bodyText) };
    return this.parsed.value;
  }
}

/** One request in flight: a raw dispatch handler that collects the (small) body and settles a promise. */
class Exchange implements Dispatcher.DispatchHandler, Abortable {
  private abortRequest: ((err?: Error) => void) | null = null;
  private status = 0;
  private rawHeaders: Buffer[] = NO_HEADERS;
  /** The body: its first chunk, and the later ones (rare for small answers) in `more`. */
  private first: Buffer | null = null;
  private more: Buffer[] | null = null;
  private size = 0;
  private settled = false;
  private abortReason: Error | null = null;
  /** The stop signal's in-flight set holding this exchange, left when it settles. */
  tracked: Set<Abortable> | null = null;

  constructor(
    private readonly maxBodyBytes: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (err: HttpRequestError) => void,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    this.abortRequest = abort;
    if (this.abortReason) abort(this.abortReason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // 1xx informational answers come first and are skipped.
    if (statusCode < 200) return true;
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.size > this.maxBodyBytes) {
      this.fail(
        new HttpRequestError('invalid_response', `response body larger than ${this.maxBodyBytes} bytes`),
      );
      this.abortRequest?.(new Error('response body too large'));
      return true;
    }
    if (this.first === null) this.first = chunk;
    else if (this.more === null) this.more = [this.first, chunk];
    else this.more.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    this.tracked?.delete(this);
    const { first, more } = this;
    const text = more ? Buffer.concat(more, this.size).toString('utf8') : (first?.toString('utf8') ?? '');
    this.first = null;
    this.more = null;
    this.resolve(new BufferedResponse(this.status, this.rawHeaders, text));
  }

  onError(err: Error): void {
    this.fail(classifyError(err, this.signal));
  }

  /** The run's stop signal fired: settle now (even while still connecting) and abort the request. */
  abort(reason: unknown): void {
    this.abortReason = reason instanceof Error ? reason : new Error('aborted');
    this.fail(new HttpRequestError('aborted', 'stopped by the run', 'UND_ERR_ABORTED'));
    this.abortRequest?.(this.abortReason);
  }

  private fail(err: HttpRequestError): void {
    if (this.settled) return;
    this.settled = true;
    this.tracked?.delete(this);
    this.first = null;
    this.more = null;
    this.reject(err);
  }
}

/**
 * One 'abort' listener per stop signal for the whole target (not one per request: 1,000 shoppers
 * would trip Node's listener-leak warning and churn listeners on every request).
 */
class AbortRegistry {
  private readonly inflight = new WeakMap<AbortSignal, Set<Abortable>>();

  /** Adds `exchange` to the signal's in-flight set; it leaves the set when it settles. */
  track(signal: AbortSignal, exchange: Abortable): void {
    let set = this.inflight.get(signal);
    if (!set) {
      const created = new Set<Abortable>();
      set = created;
      this.inflight.set(signal, created);
      signal.addEventListener(
        'abort',
        () => {
          for (const e of [...created]) e.abort(signal.reason);
          created.clear();
        },
        { once: true },
      );
    }
    set.add(exchange);
    exchange.tracked = set;
  }
}

function dispatch(
  dispatcher: Dispatcher,
  aborts: AbortRegistry,
  maxBodyBytes: number,
  pathPrefix: string,
  request: HttpRequest,
  signal: AbortSignal | undefined,
): Promise<HttpResponse> {
  if (signal?.aborted) {
    return Promise.reject(new HttpRequestError('aborted', 'stopped before the request was sent'));
  }
  return new Promise<HttpResponse>((resolve, reject) => {
    const exchange = new Exchange(maxBodyBytes, signal, resolve, reject);
    if (signal) aborts.track(signal, exchange);
    try {
      // An HttpRequest has undici's option names: passed as is when no base path is prefixed.
      const opts = pathPrefix === '' ? request : { ...request, path: pathPrefix + request.path };
      dispatcher.dispatch(opts as Dispatcher.DispatchOptions, exchange);
    } catch (err) {
      exchange.onError(err as Error);
    }
  });
}

export function createHttpTarget(baseUrl: string, options: HttpTargetOptions): HttpTarget {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`unsupported protocol in ${baseUrl}: expected http: or https:`);
  }
  const origin = url.origin;
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  const perShopper = Math.max(1, Math.floor(options.connectionsPerShopper ?? 1));
  const timeout = Math.max(1, Math.round(options.timeoutMs));
  const clientOptions = {
    pipelining: 1,
    connectTimeout: timeout,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  };
  const open = new Set<Dispatcher>();
  const aborts = new AbortRegistry();
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const graceMs = options.closeGraceMs ?? 1000;
  let closed = false;
  // Plain http: with one connection per shopper goes through the lean client (lean-http.ts).
  const lean = url.protocol === 'http:' && perShopper === 1 && process.env.OLG_HTTP_CLIENT !== 'undici';
  const leanOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 80),
    hostHeader: url.host,
    pathPrefix,
    timeoutMs: timeout,
    maxBodyBytes,
  };
  const track = (signal: AbortSignal, c: Abortable) => aborts.track(signal, c);
  const leanOpen = new Set<LeanConnection>();

  return {
    origin,
    pathPrefix,
    connect(): HttpConnection {
      if (closed) throw new Error('HTTP target is closed');
      if (lean) {
        const connection = new LeanConnection(leanOptions, track);
        leanOpen.add(connection);
        return {
          send: (request, signal) => connection.send(request, signal),
          async close() {
            leanOpen.delete(connection);
            await connection.close(graceMs);
          },
        };
      }
      const dispatcher: Dispatcher =
        perShopper === 1
          ? new Client(origin, clientOptions)
          : new Pool(origin, { ...clientOptions, connections: perShopper });
      open.add(dispatcher);
      return {
        send: (request, signal) => dispatch(dispatcher, aborts, maxBodyBytes, pathPrefix, request, signal),
        async close() {
          open.delete(dispatcher);
          await closeDispatcher(dispatcher, graceMs);
        },
      };
    },
    async close() {
      closed = true;
      const all = [...open];
      open.clear();
      const leans = [...leanOpen];
      leanOpen.clear();
      await Promise.all([
        ...all.map((d) => closeDispatcher(d, graceMs)),
        ...leans.map((c) => c.close(graceMs)),
      ]);
    },
  };
}

async function closeDispatcher(dispatcher: Dispatcher, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  try {
    const result = await Promise.race([dispatcher.close().then(() => 'closed' as const), grace]);
    if (result === 'late') await dispatcher.destroy();
  } catch {
    // already closed or destroyed
  } finally {
    clearTimeout(timer);
  }
}
