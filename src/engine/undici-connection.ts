/**
 * The undici path of the load's HTTP client (https: targets, `connectionsPerShopper > 1`, or
 * OLG_HTTP_CLIENT=undici): loaded by http-client.ts only when a target needs it, so a plain http:
 * run never pays undici's ~18 MB of modules.
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
 * per request, so a timeout fires up to about a second late).
 */
import { Client, type Dispatcher, Pool, util } from 'undici';
import type { DeadlineSweeper, HasDeadline } from './deadlines.js';
import {
  bodyLimitFor,
  classifyError,
  type HttpConnection,
  type HttpHeaders,
  type HttpRequest,
  HttpRequestError,
  type HttpResponse,
} from './http-types.js';
import type { Abortable } from './lean-http.js';

export interface UndiciOptions {
  origin: string;
  pathPrefix: string;
  timeoutMs: number;
  connectionsPerShopper: number;
  maxBodyBytes: number;
  graceMs: number;
  /** Registers an exchange with the stop signal of its request. */
  track: (signal: AbortSignal, exchange: Abortable) => void;
  /** The target's deadline sweeper: timeoutMs bounds each whole exchange (deadlines.ts). */
  deadlines: DeadlineSweeper;
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
class Exchange implements Dispatcher.DispatchHandler, Abortable, HasDeadline {
  /** performance.now() ms when the whole exchange times out (set once: data does not move it). */
  deadline: number;
  private limit: number;
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
    private readonly deadlines: DeadlineSweeper,
    private readonly timeoutMs: number,
  ) {
    this.limit = maxBodyBytes;
    this.deadline = performance.now() + timeoutMs;
    deadlines.add(this);
  }

  expire(): void {
    const code = this.status === 0 ? 'UND_ERR_HEADERS_TIMEOUT' : 'UND_ERR_BODY_TIMEOUT';
    this.fail(
      new HttpRequestError('timeout', `${code}: no complete answer within ${this.timeoutMs} ms`, code),
    );
    this.abortRequest?.(new Error('request timed out'));
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortRequest = abort;
    if (this.abortReason) abort(this.abortReason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // 1xx informational answers come first and are skipped.
    if (statusCode < 200) return true;
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    this.limit = bodyLimitFor(statusCode, this.maxBodyBytes);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    if (this.size + chunk.length > this.limit && this.limit < this.maxBodyBytes) {
      // An error page past its limit: answer with its first bytes, status intact; read no more.
      const keep = chunk.subarray(0, this.limit - this.size);
      if (keep.length > 0) this.onData(keep);
      this.onComplete();
      this.abortRequest?.(new Error('error page truncated'));
      return false;
    }
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
    this.deadlines.delete(this);
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
    this.deadlines.delete(this);
    this.first = null;
    this.more = null;
    this.reject(err);
  }
}

function dispatch(
  dispatcher: Dispatcher,
  options: UndiciOptions,
  request: HttpRequest,
  signal: AbortSignal | undefined,
): Promise<HttpResponse> {
  const { track, maxBodyBytes, pathPrefix } = options;
  if (signal?.aborted) {
    return Promise.reject(new HttpRequestError('aborted', 'stopped before the request was sent'));
  }
  return new Promise<HttpResponse>((resolve, reject) => {
    const exchange = new Exchange(
      maxBodyBytes,
      signal,
      resolve,
      reject,
      options.deadlines,
      options.timeoutMs,
    );
    if (signal) track(signal, exchange);
    try {
      // An HttpRequest has undici's option names: passed as is when no base path is prefixed.
      const opts = pathPrefix === '' ? request : { ...request, path: pathPrefix + request.path };
      dispatcher.dispatch(opts as Dispatcher.DispatchOptions, exchange);
    } catch (err) {
      exchange.onError(err as Error);
    }
  });
}

/** One shopper's undici Client (or small Pool), dispatching with the raw handler above. */
export function undiciConnection(options: UndiciOptions): Pick<HttpConnection, 'send' | 'close'> {
  const timeout = options.timeoutMs;
  const clientOptions = {
    pipelining: 1,
    connectTimeout: timeout,
    headersTimeout: timeout,
    bodyTimeout: timeout,
  };
  const dispatcher: Dispatcher =
    options.connectionsPerShopper === 1
      ? new Client(options.origin, clientOptions)
      : new Pool(options.origin, { ...clientOptions, connections: options.connectionsPerShopper });
  return {
    send: (request, signal) => dispatch(dispatcher, options, request, signal),
    close: () => closeDispatcher(dispatcher, options.graceMs),
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
