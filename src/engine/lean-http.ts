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
 * re-armed timer per connection (error codes as undici's), abort, socket errors.
 */
import { connect, type Socket } from 'node:net';
import { classifyError, type HttpRequest, HttpRequestError, type HttpResponse } from './http-client.js';
import { AnswerParser, DONE, FAILED } from './lean-http-response.js';

export interface LeanOptions {
  host: string;
  port: number;
  /** Host header value (`host:port`). */
  hostHeader: string;
  pathPrefix: string;
  timeoutMs: number;
  maxBodyBytes: number;
}

/** Lets the target's abort registry settle this connection's request when the run stops. */
export interface Abortable {
  abort(reason: unknown): void;
  tracked: Set<Abortable> | null;
}

const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

enum Phase {
  Idle,
  Connect,
  Head,
  Body,
}

interface Queued {
  request: HttpRequest;
  signal: AbortSignal | undefined;
  resolve: (r: HttpResponse) => void;
  reject: (e: HttpRequestError) => void;
}

export class LeanConnection implements Abortable {
  tracked: Set<Abortable> | null = null;
  private socket: Socket | null = null;
  /** The socket has carried a whole exchange (so the server may have closed it while idle). */
  private reused = false;
  private readonly timer: NodeJS.Timeout;
  private phase = Phase.Idle;
  private closing = false;
  private queue: Queued[] | null = null;
  private onIdle: (() => void) | null = null;
  // The exchange in flight.
  private resolve: ((r: HttpResponse) => void) | null = null;
  private reject: ((e: HttpRequestError) => void) | null = null;
  private signal: AbortSignal | undefined;
  private wire = '';
  private encoding: 'latin1' | 'utf8' = 'latin1';
  private idempotent = false;
  private noBody = false;
  private retried = false;
  private gotBytes = false;
  private socketError: Error | null = null;
  private readonly answer: AnswerParser;
  /** The request line's end and the headers every request carries. */
  private readonly fixedLines: string;

  constructor(
    private readonly opts: LeanOptions,
    /** Registers the connection with the stop signal of the request it starts. */
    private readonly track: (signal: AbortSignal, connection: Abortable) => void,
  ) {
    this.answer = new AnswerParser(opts.maxBodyBytes);
    this.fixedLines = ` HTTP/1.1\r\nhost: ${opts.hostHeader}\r\nconnection: keep-alive\r\n`;
    this.timer = setTimeout(() => this.onTimer(), opts.timeoutMs);
    this.timer.unref();
  }

  send(request: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    if (signal?.aborted) {
      return Promise.reject(new HttpRequestError('aborted', 'stopped before the request was sent'));
    }
    if (this.closing) return Promise.reject(new HttpRequestError('aborted', 'connection closed'));
    return new Promise<HttpResponse>((resolve, reject) => {
      if (this.resolve) {
        this.queue ??= [];
        this.queue.push({ request, signal, resolve, reject });
        return;
      }
      this.start(request, signal, resolve, reject);
    });
  }

  private start(
    request: HttpRequest,
    signal: AbortSignal | undefined,
    resolve: (r: HttpResponse) => void,
    reject: (e: HttpRequestError) => void,
  ): void {
    const unsafe = unsafeRequestPart(request);
    if (unsafe) {
      // undici refuses these too: a CR or LF would let a value (a captured token, say) inject headers.
      reject(new HttpRequestError('other', `refused to send a request with CR/LF in ${unsafe}`));
      return;
    }
    this.resolve = resolve;
    this.reject = reject;
    this.signal = signal;
    const method = request.method;
    this.idempotent = method === 'GET' || method === 'HEAD';
    this.noBody = method === 'HEAD';
    this.retried = false;
    if (signal) this.track(signal, this);
    let wire = `${method} ${this.opts.pathPrefix}${request.path}${this.fixedLines}`;
    const headers = request.headers;
    if (headers) {
      for (const name in headers) {
        const n = name.length;
        if ((n === 4 || n === 10 || n === 14 || n === 17) && isOwnHeader(name)) continue;
        wire += `${name}: ${headers[name]}\r\n`;
      }
    }
    const body = request.body;
    if (body !== undefined) wire += `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    else if (method === 'POST' || method === 'PUT' || method === 'PATCH') wire += 'content-length: 0\r\n\r\n';
    else wire += '\r\n';
    this.wire = wire;
    // One-byte strings are copied as they are (latin1), cheaper than encoding them as utf8.
    this.encoding = Buffer.byteLength(wire) === wire.length ? 'latin1' : 'utf8';
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
    this.timer.refresh();
    socket.write(this.wire, this.encoding);
  }

  private open(): Socket {
    // Reads land in one buffer shared by every connection (no buffer allocated per read): the
    // answer parser copies out what it keeps before the callback returns.
    const onread = {
      buffer: READ_BUFFER,
      callback: (n: number, buf: Uint8Array): boolean => {
        if (this.socket === socket) this.onData((buf as Buffer).subarray(0, n));
        return true;
      },
    };
    const socket = connect({ host: this.opts.host, port: this.opts.port, noDelay: true, onread });
    this.socket = socket;
    this.reused = false;
    socket.on('connect', () => {
      if (this.socket === socket && this.phase === Phase.Connect) {
        this.phase = Phase.Head;
        this.timer.refresh();
      }
    });
    socket.on('end', () => {
      // The server closed a kept-alive socket while idle: the next request opens a new one.
      if (this.socket === socket && this.resolve === null) this.drop();
    });
    socket.on('error', (err) => {
      if (this.socket === socket) this.socketError = err;
    });
    socket.on('close', () => {
      if (this.socket === socket) this.onClose();
    });
    return socket;
  }

  private onData(chunk: Buffer): void {
    if (this.resolve === null) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.drop();
      return;
    }
    this.gotBytes = true;
    const answer = this.answer;
    const state = answer.feed(chunk);
    if (state === DONE) this.complete();
    else if (state === FAILED) this.fail(answer.error!);
    else {
      if (answer.inBody) this.phase = Phase.Body;
      this.timer.refresh();
    }
  }

  private complete(): void {
    const response = this.answer.response();
    if (this.answer.closeAfter) this.drop();
    else this.reused = true;
    this.settle();
    const resolve = this.resolve!;
    this.clearExchange();
    resolve(response);
    this.next();
  }

  private fail(err: HttpRequestError): void {
    const reject = this.reject;
    if (reject === null) return;
    this.drop();
    this.settle();
    this.clearExchange();
    reject(err);
    this.next();
  }

  private settle(): void {
    this.phase = Phase.Idle;
    this.tracked?.delete(this);
    this.tracked = null;
  }

  private clearExchange(): void {
    this.resolve = null;
    this.reject = null;
    this.signal = undefined;
    this.wire = '';
  }

  private next(): void {
    for (let q = this.queue?.shift(); q !== undefined; q = this.queue?.shift()) {
      if (!q.signal?.aborted) {
        this.start(q.request, q.signal, q.resolve, q.reject);
        return;
      }
      q.reject(new HttpRequestError('aborted', 'stopped before the request was sent'));
    }
    this.onIdle?.();
  }

  private onClose(): void {
    const err = this.socketError;
    this.socket = null;
    if (this.resolve === null) return;
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

  private onTimer(): void {
    if (this.resolve === null) return;
    const phase = this.phase;
    const code =
      phase === Phase.Connect
        ? 'UND_ERR_CONNECT_TIMEOUT'
        : phase === Phase.Head
          ? 'UND_ERR_HEADERS_TIMEOUT'
          : 'UND_ERR_BODY_TIMEOUT';
    this.fail(new HttpRequestError('timeout', `${code}: no answer within ${this.opts.timeoutMs} ms`, code));
  }

  /** The run's stop signal fired: settle now and destroy the socket. */
  abort(_reason: unknown): void {
    this.fail(new HttpRequestError('aborted', 'stopped by the run', 'UND_ERR_ABORTED'));
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }

  /** Waits up to `graceMs` for the request in flight, then destroys the socket. */
  async close(graceMs: number): Promise<void> {
    this.closing = true;
    if (this.resolve !== null) {
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
      q.reject(new HttpRequestError('connection_reset', 'connection closed', 'UND_ERR_DESTROYED'));
    this.fail(
      new HttpRequestError('connection_reset', 'UND_ERR_DESTROYED: connection closed', 'UND_ERR_DESTROYED'),
    );
    this.drop();
    clearTimeout(this.timer);
  }
}

function errorCodeOf(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function isOwnHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'host' || n === 'connection' || n === 'content-length' || n === 'transfer-encoding';
}

/** Names the request part (path or a header) that holds a CR or LF, if any. */
function unsafeRequestPart(request: HttpRequest): string | undefined {
  if (hasLineBreak(request.path)) return 'the path';
  const headers = request.headers;
  if (headers) {
    for (const name in headers) {
      if (hasLineBreak(name) || hasLineBreak(String(headers[name])))
        return `the header ${JSON.stringify(name)}`;
    }
  }
  return undefined;
}

function hasLineBreak(text: string): boolean {
  return text.indexOf('\r') !== -1 || text.indexOf('\n') !== -1;
}
