/**
 * A lean HTTP/1.1 keep-alive client for plain `http:` targets: one net.Socket per shopper, one request
 * at a time (pipelining 1), the answer parsed straight from the socket's Buffers.
 *
 * Why not undici: a bare undici Client.dispatch() loop alone costs more CPU and memory per request than
 * the whole budget (scripts/bench/floors.ts). Here a request is one string and one write(); the answer
 * is parsed with indexOf on the chunk (no copy when it comes in one chunk, as small answers do), its
 * head kept as one latin1 string that `headers` parses only when asked, the body decoded once.
 *
 * Covered: Content-Length and chunked bodies (split anywhere across packets, trailers), bodies until
 * close, answers without a body (HEAD, 204, 304, 1xx skipped), `Connection: close` (reconnects on the
 * next request), a kept-alive socket the server closed (an idempotent request that got no byte back
 * is retried once on a fresh socket), maxBodyBytes, connect/headers/body-inactivity timeouts on one
 * coarse deadline per connection swept by one timer per target (deadlines.ts; error codes as
 * undici's), abort, socket errors.
 */
import { connect, type Socket } from 'node:net';
import type { DeadlineSweeper } from './deadlines.js';
import {
  classifyError,
  type HttpConnection,
  type HttpRequest,
  HttpRequestError,
  type HttpResponse,
} from './http-types.js';
import { RequestBytes, unsafeRequestPart } from './lean-http-request.js';
import { AnswerParser, DONE, FAILED } from './lean-http-response.js';

export interface LeanOptions {
  host: string;
  port: number;
  /** Host header value (`host:port`). */
  hostHeader: string;
  pathPrefix: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** How long close() waits for the request in flight. */
  closeGraceMs: number;
}

/** Lets the target's abort registry settle this connection's request when the run stops. */
export interface Abortable {
  abort(reason: unknown): void;
  tracked: Set<Abortable> | null;
}

/** Which connection a socket belongs to (the handlers below are shared: no closures per socket). */
const OWNER = Symbol('lean-connection');
type OwnedSocket = Socket & { [OWNER]?: LeanConnection };

// Reads land in one buffer shared by every connection (no buffer allocated per read): the answer
// parser copies out what it keeps before the callback returns. Node calls `callback` on the socket.
const SHARED_READ = {
  buffer: Buffer.allocUnsafe(64 * 1024),
  callback(this: OwnedSocket, length: number, buffer: Uint8Array): boolean {
    this[OWNER]?.onRead(this, buffer as Buffer, length);
    return true;
  },
};

function onSocketConnect(this: OwnedSocket): void {
  this[OWNER]?.onConnect(this);
}
function onSocketEnd(this: OwnedSocket): void {
  this[OWNER]?.onEnd(this);
}
function onSocketError(this: OwnedSocket, err: Error): void {
  this[OWNER]?.onError(this, err);
}
function onSocketClose(this: OwnedSocket): void {
  this[OWNER]?.onClose(this);
}
type Settle = (answer: HttpResponse | HttpRequestError) => void;

/** The resolve function handOver() was last given (see exchange()). */
let handedOver: Settle | null = null;
function handOver(settle: Settle): void {
  handedOver = settle;
}

function answerOrThrow(answer: HttpResponse | HttpRequestError): HttpResponse {
  if (answer instanceof HttpRequestError) throw answer;
  return answer;
}

enum Phase {
  Idle,
  Connect,
  Head,
  Body,
}

interface Queued {
  request: HttpRequest;
  signal: AbortSignal | undefined;
  settle: Settle;
}

export class LeanConnection implements HttpConnection, Abortable {
  tracked: Set<Abortable> | null = null;
  /** The stop signal this connection is registered with (once, not per request). */
  private trackedSignal: AbortSignal | undefined;
  /** See deadlines.ts: when the request in flight times out (0: none in flight). */
  deadline = 0;
  private socket: Socket | null = null;
  /** The socket has carried a whole exchange (so the server may have closed it while idle). */
  private reused = false;
  private phase = Phase.Idle;
  private closing = false;
  private queue: Queued[] | null = null;
  private onIdle: (() => void) | null = null;
  // The exchange in flight.
  /** Settles the exchange in flight with its answer or its error; null when none is in flight. */
  private settleWith: Settle | null = null;
  private signal: AbortSignal | undefined;
  private wire = '';
  private encoding: 'latin1' | 'utf8' = 'latin1';
  private idempotent = false;
  private noBody = false;
  private retried = false;
  private gotBytes = false;
  private socketError: Error | null = null;
  private readonly answer: AnswerParser;
  private readonly requests: RequestBytes;

  constructor(
    private readonly opts: LeanOptions,
    /** Registers the connection with the stop signal of the request it starts. */
    private readonly track: (signal: AbortSignal, connection: Abortable) => void,
    private readonly deadlines: DeadlineSweeper,
    /** Told when close() starts (the target forgets the connection). */
    private readonly closed: (connection: LeanConnection) => void,
  ) {
    this.answer = new AnswerParser(opts.maxBodyBytes);
    this.requests = new RequestBytes(opts.pathPrefix, opts.hostHeader);
    deadlines.add(this);
  }

  /** Sends `request`; the promise rejects with an HttpRequestError when no usable answer came. */
  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    return this.exchange(request, signal).then(answerOrThrow);
  }

  /**
   * Sends `request`; the promise resolves with the answer or with the HttpRequestError, and never
   * rejects (the load's hot path: no rejection to catch, no promise derived per request).
   */
  exchange(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse | HttpRequestError> {
    if (signal?.aborted) {
      return Promise.resolve(new HttpRequestError('aborted', 'stopped before the request was sent'));
    }
    if (this.closing) return Promise.resolve(new HttpRequestError('aborted', 'connection closed'));
    // One executor for every promise (no closure and context made per request): it hands the
    // promise's resolve function over through `handedOver`, taken at once.
    const promise = new Promise<HttpResponse | HttpRequestError>(handOver);
    const settle = handedOver!;
    handedOver = null;
    if (this.settleWith) {
      this.queue ??= [];
      this.queue.push({ request, signal, settle });
    } else {
      this.start(request, signal, settle);
    }
    return promise;
  }

  private start(request: HttpRequest, signal: AbortSignal | undefined, settle: Settle): void {
    const entry = this.requests.wireFor(request);
    if (entry === null) {
      // undici refuses these too: a CR or LF would let a value (a captured token, say) inject headers.
      const part = unsafeRequestPart(request) ?? 'the request';
      settle(new HttpRequestError('other', `refused to send a request with CR/LF in ${part}`));
      return;
    }
    this.settleWith = settle;
    this.signal = signal;
    const method = request.method;
    this.idempotent = method === 'GET' || method === 'HEAD';
    this.noBody = method === 'HEAD';
    this.retried = false;
    if (signal !== undefined && signal !== this.trackedSignal) {
      // Registered once per signal: the registry aborts only the connections with a request in flight.
      this.tracked?.delete(this);
      this.track(signal, this);
      this.trackedSignal = signal;
    }
    this.wire = entry.wire;
    this.encoding = entry.encoding;
    this.transmit();
  }

  /** Writes the request, on the kept-alive socket or a new one. */
  private transmit(): void {
    this.answer.reset(this.noBody);
    this.gotBytes = false;
    this.socketError = null;
    let socket = this.socket;
    if (socket === null) {
      socket = this.open();
      this.phase = Phase.Connect;
    } else {
      this.phase = Phase.Head;
    }
    this.deadline = performance.now() + this.opts.timeoutMs;
    socket.write(this.wire, this.encoding);
    // Only an idempotent request is sent again (onClose()); others need not keep their bytes while
    // the answer is awaited (what a shopper holds then is copied by every scavenge).
    if (!this.idempotent) this.wire = '';
  }

  private open(): Socket {
    const socket = connect({
      host: this.opts.host,
      port: this.opts.port,
      noDelay: true,
      onread: SHARED_READ,
    }) as OwnedSocket;
    socket[OWNER] = this;
    this.socket = socket;
    this.reused = false;
    socket.on('connect', onSocketConnect);
    socket.on('end', onSocketEnd);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
    return socket;
  }

  /** The socket connected: the deadline set when the request started stands (--timeout bounds the whole exchange). */
  onConnect(socket: Socket): void {
    if (this.socket === socket && this.phase === Phase.Connect) this.phase = Phase.Head;
  }

  /** The server closed a kept-alive socket while idle: the next request opens a new one. */
  onEnd(socket: Socket): void {
    if (this.socket === socket && this.settleWith === null) this.drop();
  }

  onError(socket: Socket, err: Error): void {
    if (this.socket === socket) this.socketError = err;
  }

  /** `length` bytes read into the shared buffer `chunk`, valid only during this call. */
  onRead(socket: Socket, chunk: Buffer, length: number): void {
    if (this.socket !== socket) return;
    if (this.settleWith === null) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.drop();
      return;
    }
    this.gotBytes = true;
    const answer = this.answer;
    const state = answer.feed(chunk, length);
    if (state === DONE) this.complete();
    else if (state === FAILED) this.fail(answer.error!);
    // Data arriving does not move the deadline: a target trickling a byte at a time times out.
    else if (answer.inBody) this.phase = Phase.Body;
  }

  private complete(): void {
    const response = this.answer.response();
    if (this.answer.closeAfter) this.drop();
    else this.reused = true;
    this.settle();
    const settle = this.settleWith!;
    this.clearExchange();
    settle(response);
    this.next();
  }

  private fail(err: HttpRequestError): void {
    const settle = this.settleWith;
    if (settle === null) return;
    this.drop();
    this.settle();
    this.clearExchange();
    settle(err);
    this.next();
  }

  private settle(): void {
    this.phase = Phase.Idle;
    this.deadline = 0;
  }

  private clearExchange(): void {
    this.settleWith = null;
    this.signal = undefined;
    this.wire = '';
  }

  private next(): void {
    for (let q = this.queue?.shift(); q !== undefined; q = this.queue?.shift()) {
      if (!q.signal?.aborted) {
        this.start(q.request, q.signal, q.settle);
        return;
      }
      q.settle(new HttpRequestError('aborted', 'stopped before the request was sent'));
    }
    this.onIdle?.();
  }

  onClose(socket: Socket): void {
    if (this.socket !== socket) return;
    const err = this.socketError;
    this.socket = null;
    if (this.settleWith === null) return;
    if (err === null && this.answer.endAtClose()) {
      this.complete();
      return;
    }
    if (!this.gotBytes && this.reused && this.idempotent && !this.retried) {
      this.retried = true;
      this.transmit();
      return;
    }
    // (a write racing the server's close fails with ERR_STREAM_WRITE_AFTER_END or _DESTROYED)
    if (err && !errorCodeOf(err).startsWith('ERR_STREAM')) this.fail(classifyError(err, this.signal));
    else
      this.fail(
        new HttpRequestError('connection_reset', 'UND_ERR_SOCKET: other side closed', 'UND_ERR_SOCKET'),
      );
  }

  /** The sweeper found the deadline passed. */
  expire(): void {
    if (this.settleWith === null) return;
    const phase = this.phase;
    const code =
      phase === Phase.Connect
        ? 'UND_ERR_CONNECT_TIMEOUT'
        : phase === Phase.Head
          ? 'UND_ERR_HEADERS_TIMEOUT'
          : 'UND_ERR_BODY_TIMEOUT';
    this.fail(
      new HttpRequestError('timeout', `${code}: no complete answer within ${this.opts.timeoutMs} ms`, code),
    );
  }

  /** The run's stop signal fired: settle the request in flight (if any) now and destroy the socket. */
  abort(_reason: unknown): void {
    this.fail(new HttpRequestError('aborted', 'stopped by the run', 'UND_ERR_ABORTED'));
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }

  /** Waits up to `closeGraceMs` for the request in flight, then destroys the socket. */
  async close(): Promise<void> {
    this.closed(this);
    this.closing = true;
    const graceMs = this.opts.closeGraceMs;
    if (this.settleWith !== null) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.onIdle = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
      this.onIdle = null;
    }
    const queued = this.queue ?? [];
    this.queue = null;
    for (const q of queued)
      q.settle(new HttpRequestError('connection_reset', 'connection closed', 'UND_ERR_DESTROYED'));
    this.fail(
      new HttpRequestError('connection_reset', 'UND_ERR_DESTROYED: connection closed', 'UND_ERR_DESTROYED'),
    );
    this.drop();
    this.deadlines.delete(this);
    this.tracked?.delete(this);
    this.tracked = null;
  }
}

function errorCodeOf(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}
