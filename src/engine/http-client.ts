/**
 * The load's HTTP client: a target hands out one connection per virtual shopper.
 *
 * Plain `http:` targets (one connection per shopper) go through our own lean HTTP/1.1 client
 * (lean-http.ts: a bare net.Socket per shopper; `npm run bench`: 1.5x the undici path's requests/s at
 * 100 users, 2.1x at 1,000, about 100 MB less peak RSS). `https:` targets, `connectionsPerShopper > 1`,
 * or OLG_HTTP_CLIENT=undici in the environment use undici (undici-connection.ts), imported only then:
 * the module is requested when the target is made, and a connection's first request waits for it.
 * (`webpackMode: "eager"` keeps such modules inside the action's single-file bundle: ncc would emit
 * chunk files, each overwriting dist/licenses.txt with its own packages' licenses.)
 * Both share the error classification (http-types.ts), the abort registry and the response interface.
 *
 * The run's stop signal settles a request at once (even one still connecting). The body is always
 * read whole (small JSON answers) or the request aborted. Failures without a usable response reject
 * with an `HttpRequestError` whose `kind` is an ErrorKind.
 */

import { DeadlineSweeper } from './deadlines.js';
import {
  classifyError,
  DEFAULT_MAX_BODY_BYTES,
  type HttpConnection,
  type HttpRequest,
  type HttpResponse,
  type HttpTarget,
  type HttpTargetOptions,
} from './http-types.js';
import { type Abortable, LeanConnection } from './lean-http.js';

export type {
  HttpConnection,
  HttpRequest,
  HttpResponse,
  HttpTarget,
  HttpTargetOptions,
} from './http-types.js';
export { classifyError, HttpRequestError } from './http-types.js';

type UndiciModule = typeof import('./undici-connection.js');
type UndiciConnection = ReturnType<UndiciModule['undiciConnection']>;

/**
 * One 'abort' listener per stop signal for the whole target (not one per request: 1,000 shoppers
 * would trip Node's listener-leak warning and churn listeners on every request), removed when the
 * target closes: a signal that outlives the target (the paired gate's stop signal, passed to
 * every round's clients) would otherwise gain a listener per round, for good.
 */
class AbortRegistry {
  private readonly inflight = new Map<AbortSignal, { set: Set<Abortable>; listener: () => void }>();

  /**
   * Adds `exchange` to the signal's set: an undici exchange leaves it when it settles; a lean
   * connection stays until it closes (registered once, it ignores an abort while idle).
   */
  track(signal: AbortSignal, exchange: Abortable): void {
    let entry = this.inflight.get(signal);
    if (!entry) {
      const set = new Set<Abortable>();
      const listener = () => {
        this.inflight.delete(signal);
        for (const e of [...set]) e.abort(signal.reason);
        set.clear();
      };
      entry = { set, listener };
      this.inflight.set(signal, entry);
      signal.addEventListener('abort', listener, { once: true });
    }
    entry.set.add(exchange);
    exchange.tracked = entry.set;
  }

  /** Takes the listeners off their signals (the target is closed: nothing left to abort). */
  dispose(): void {
    for (const [signal, { listener }] of this.inflight) signal.removeEventListener('abort', listener);
    this.inflight.clear();
  }
}

/**
 * A shopper's undici connection, made on its first request once the module has loaded. Requests
 * sent while it loads wait for it in order; close() before any request has nothing to close.
 */
class DeferredConnection {
  private connection: UndiciConnection | undefined;
  private making: Promise<UndiciConnection> | undefined;
  private closed = false;

  constructor(private readonly make: () => Promise<UndiciConnection>) {}

  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    if (this.connection) return this.connection.send(request, signal);
    this.making ??= this.make().then((c) => {
      this.connection = c;
      if (this.closed) void c.close();
      return c;
    });
    return this.making.then((c) => c.send(request, signal));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.connection) await this.connection.close();
    else if (this.making) await (await this.making).close();
  }
}

export function createHttpTarget(baseUrl: string, options: HttpTargetOptions): HttpTarget {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`unsupported protocol in ${baseUrl}: expected http: or https:`);
  }
  const origin = url.origin;
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  const perShopper = Math.max(1, Math.floor(options.connectionsPerShopper ?? 1));
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs));
  const open = new Set<HttpConnection>();
  const aborts = new AbortRegistry();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const graceMs = options.closeGraceMs ?? 1000;
  const track = (signal: AbortSignal, c: Abortable) => aborts.track(signal, c);
  const deadlines = new DeadlineSweeper(timeoutMs);
  let closed = false;
  // Plain http: with one connection per shopper goes through the lean client (lean-http.ts).
  const lean = url.protocol === 'http:' && perShopper === 1 && process.env.OLG_HTTP_CLIENT !== 'undici';
  const leanOptions = {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || 80),
    hostHeader: url.host,
    pathPrefix,
    timeoutMs,
    maxBodyBytes,
    closeGraceMs: graceMs,
  };
  const forget = (connection: HttpConnection) => open.delete(connection);
  const undici: Promise<UndiciModule> | undefined = lean
    ? undefined
    : import(/* webpackMode: "eager" */ './undici-connection.js');
  const undiciOptions = {
    origin,
    pathPrefix,
    timeoutMs,
    connectionsPerShopper: perShopper,
    maxBodyBytes,
    graceMs,
    track,
    deadlines,
  };

  /** An undici connection that leaves `open` when closed. */
  const made = (
    send: HttpConnection['send'],
    exchange: HttpConnection['exchange'],
    close: () => Promise<void>,
  ): HttpConnection => {
    const connection: HttpConnection = {
      send,
      exchange,
      async close() {
        open.delete(connection);
        await close();
      },
    };
    open.add(connection);
    return connection;
  };

  return {
    origin,
    pathPrefix,
    connect(): HttpConnection {
      if (closed) throw new Error('HTTP target is closed');
      if (undici) {
        const deferred = new DeferredConnection(async () => (await undici).undiciConnection(undiciOptions));
        return made(
          (request, signal) => deferred.send(request, signal),
          (request, signal) =>
            deferred.send(request, signal).then(undefined, (err) => classifyError(err, signal)),
          () => deferred.close(),
        );
      }
      // The connection itself, no wrapper: a shopper's request goes straight to it.
      const connection = new LeanConnection(leanOptions, track, deadlines, forget);
      open.add(connection);
      return connection;
    },
    async close() {
      closed = true;
      const all = [...open];
      open.clear();
      try {
        await Promise.all(all.map((c) => c.close()));
      } finally {
        aborts.dispose();
      }
    },
  };
}

/**
 * One request to `baseUrl` on its own connection, closed after (preflight, seeding): the load's
 * client, so plain http: needs no undici at all.
 */
export async function requestOnce(
  baseUrl: string,
  request: HttpRequest,
  timeoutMs: number,
): Promise<HttpResponse> {
  const target = createHttpTarget(baseUrl, { timeoutMs });
  try {
    return await target.connect().send(request);
  } finally {
    await target.close();
  }
}
