/**
 * What both HTTP clients of the load (lean-http.ts for http:, undici-connection.ts for https: and
 * pooled shoppers) share: the request and response shapes, the connection and target interfaces, and
 * the classification of failed requests into ErrorKinds.
 */
import type { ErrorKind } from './types.js';

export interface HttpRequest {
  method: string;
  /** Path (and query) below the target's base URL, starting with '/'. */
  path: string;
  /**
   * Treated as frozen once sent: a connection may reuse the lines it serialized for the same object
   * (the session hands back one object per step while nothing it depends on changed).
   */
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
/**
 * Memory stays bounded whatever the target sends, chunked or not: a 2xx body (what the flow reads:
 * products, ids) is kept up to DEFAULT_MAX_BODY_BYTES, a larger one fails as invalid_response; any
 * other answer (an error page) is kept up to ERROR_BODY_BYTES, its status intact, and the rest is
 * not read (the connection is closed). At 1,000 users that is at most 1 GiB in the worst case of
 * every user receiving a 1 MiB answer at once, and 8 MiB for error pages.
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const ERROR_BODY_BYTES = 8 * 1024;

/** The body limit for an answer of this status. */
export function bodyLimitFor(status: number, maxBodyBytes: number): number {
  return status >= 200 && status < 300 ? maxBodyBytes : Math.min(ERROR_BODY_BYTES, maxBodyBytes);
}

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
  /** Rejects with an HttpRequestError when no usable answer came. */
  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse>;
  /** As send(), but the error is the resolved value: never rejects (the load's hot path). */
  exchange(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse | HttpRequestError>;
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
  /** Larger 2xx response bodies fail as invalid_response (default DEFAULT_MAX_BODY_BYTES). */
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
