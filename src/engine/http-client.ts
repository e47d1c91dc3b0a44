/**
 * The load's HTTP client, on undici.
 *
 * One keep-alive connection per virtual shopper (an `undici.Client`, pipelining 1), like a browser
 * session, instead of one shared `Pool`: a Pool finds a free connection by a linear scan over all of
 * its clients on every dispatch (pool.js `kGetDispatcher`) and hands queued requests over through
 * per-client 'drain' events, so with 1,000 mostly busy connections each request pays O(connections).
 * A Client per shopper dispatches in O(1), and a shopper never has more than one request in flight.
 * `connectionsPerShopper > 1` gives each shopper a small Pool instead.
 *
 * Requests go through `Client.dispatch()` with a small handler that collects the body, rather than
 * `Client.request()`: request() wraps every response in a Readable stream plus an AsyncResource, and at
 * 1,000 concurrent users those short-lived objects survive young-generation GCs; the scavenger's work
 * then caps the loop far below autocannon (measured: test/servers/bench-http-client.ts).
 *
 * Timeouts: `timeoutMs` bounds connecting, waiting for the response headers, and each wait for body
 * data (undici's connectTimeout / headersTimeout / bodyTimeout, on its coarse timers: no timer object
 * per request, so a timeout fires up to about a second late). The run's stop signal settles a request
 * at once (even one still connecting).
 *
 * The body is always read whole (small JSON answers) or the request aborted. Failures without a usable
 * response reject with an `HttpRequestError` whose `kind` is an ErrorKind.
 */
import { Client, type Dispatcher, Pool } from 'undici';
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

function makeResponse(status: number, headers: HttpHeaders, bodyText: string): HttpResponse {
  let parsed: { value: unknown } | undefined;
  return {
    status,
    headers,
    bodyText,
    json() {
      parsed ??= { value: bodyText.length === 0 ? undefined : JSON.parse(bodyText) };
      return parsed.value;
    },
  };
}

/** One request in flight: a dispatch handler that collects the (small) body and settles a promise. */
class Exchange implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private headers: HttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private abortReason: Error | null = null;

  constructor(
    private readonly maxBodyBytes: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (response: HttpResponse) => void,
    private readonly reject: (err: HttpRequestError) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(this.abortReason);
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: HttpHeaders): void {
    // 1xx informational answers come first and are skipped.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBodyBytes) {
      this.fail(
        new HttpRequestError('invalid_response', `response body larger than ${this.maxBodyBytes} bytes`),
      );
      controller.abort(new Error('response body too large'));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    const { chunks } = this;
    const text =
      chunks.length === 0
        ? ''
        : chunks.length === 1
          ? chunks[0]!.toString('utf8')
          : Buffer.concat(chunks, this.size).toString('utf8');
    this.chunks = [];
    this.resolve(makeResponse(this.status, this.headers, text));
  }

  onResponseError(_c: Dispatcher.DispatchController | null, err: Error): void {
    this.fail(classifyError(err, this.signal));
  }

  /** The run's stop signal fired: settle now (even while still connecting) and abort the request. */
  abort(reason: unknown): void {
    this.abortReason = reason instanceof Error ? reason : new Error('aborted');
    this.fail(new HttpRequestError('aborted', 'stopped by the run', 'UND_ERR_ABORTED'));
    this.controller?.abort(this.abortReason);
  }

  private fail(err: HttpRequestError): void {
    if (this.settled) return;
    this.settled = true;
    this.chunks = [];
    this.reject(err);
  }
}

/**
 * One 'abort' listener per stop signal for the whole target (not one per request: 1,000 shoppers
 * would trip Node's listener-leak warning and churn listeners on every request).
 */
class AbortRegistry {
  private readonly inflight = new WeakMap<AbortSignal, Set<Exchange>>();

  track(signal: AbortSignal, exchange: Exchange): () => void {
    let set = this.inflight.get(signal);
    if (!set) {
      const created = new Set<Exchange>();
      set = created;
      this.inflight.set(signal, created);
      signal.addEventListener(
        'abort',
        () => {
          for (const e of created) e.abort(signal.reason);
          created.clear();
        },
        { once: true },
      );
    }
    const tracked = set;
    tracked.add(exchange);
    return () => tracked.delete(exchange);
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
    let untrack: (() => void) | undefined;
    const exchange = new Exchange(
      maxBodyBytes,
      signal,
      (response) => {
        untrack?.();
        resolve(response);
      },
      (err) => {
        untrack?.();
        reject(err);
      },
    );
    if (signal) untrack = aborts.track(signal, exchange);
    try {
      dispatcher.dispatch(
        {
          method: request.method as Dispatcher.HttpMethod,
          path: pathPrefix + request.path,
          headers: request.headers,
          body: request.body,
        },
        exchange,
      );
    } catch (err) {
      exchange.onResponseError(null, err as Error);
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
  let closed = false;

  return {
    origin,
    pathPrefix,
    connect(): HttpConnection {
      if (closed) throw new Error('HTTP target is closed');
      const dispatcher: Dispatcher =
        perShopper === 1
          ? new Client(origin, clientOptions)
          : new Pool(origin, { ...clientOptions, connections: perShopper });
      open.add(dispatcher);
      return {
        send: (request, signal) => dispatch(dispatcher, aborts, maxBodyBytes, pathPrefix, request, signal),
        async close() {
          open.delete(dispatcher);
          await closeDispatcher(dispatcher, options.closeGraceMs ?? 1000);
        },
      };
    },
    async close() {
      closed = true;
      const all = [...open];
      open.clear();
      await Promise.all(all.map((d) => closeDispatcher(d, options.closeGraceMs ?? 1000)));
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
