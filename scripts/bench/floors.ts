/**
 * The floors: what the transport alone costs, with autocannon's requests and no flow, no recorder.
 *
 * - pool: `users` loops of pool.request() + body.text() through one shared undici Pool (the naive way);
 * - undici: one undici Client per connection driven by dispatch() with a raw handler, no parsing (the
 *   floor under any undici-based client, order-load-gate's included);
 * - raw: a measuring stick, not a client to ship: the smallest keep-alive HTTP/1.1 exchange on a bare
 *   net.Socket. Each request is serialized per call into one string and written with one write();
 *   the answer is parsed just enough (status, Content-Length, body as text; no chunked encoding, no
 *   timeouts). It shows what a minimal transport of our own would cost per request.
 */
import { connect, type Socket } from 'node:net';
import { Client, type Dispatcher, Pool } from 'undici';

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:\s*(\d+)/i;

export class RawConnection {
  private readonly socket: Socket;
  private buffered: Buffer | null = null;
  private resolve: ((answer: { status: number; body: string }) => void) | null = null;
  private reject: ((err: Error) => void) | null = null;
  private readonly hostHeader: string;

  constructor(host: string, port: number) {
    this.hostHeader = `host: ${host}:${port}\r\n`;
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (err) => this.reject?.(err));
  }

  send(req: RawRequest): Promise<{ status: number; body: string }> {
    let head = `${req.method} ${req.path} HTTP/1.1\r\n${this.hostHeader}`;
    for (const name in req.headers) head += `${name}: ${req.headers[name]}\r\n`;
    if (req.body !== undefined) head += `content-length: ${Buffer.byteLength(req.body)}\r\n\r\n${req.body}`;
    else head += '\r\n';
    this.socket.write(head, 'latin1');
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  private onData(chunk: Buffer): void {
    const data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    const end = data.indexOf(CRLF2);
    if (end < 0) {
      this.buffered = data;
      return;
    }
    const head = data.toString('latin1', 0, end);
    const m = CONTENT_LENGTH.exec(head);
    const length = m ? Number(m[1]) : 0;
    if (data.length < end + 4 + length) {
      this.buffered = data;
      return;
    }
    this.buffered = null;
    const status = (data[9]! - 48) * 100 + (data[10]! - 48) * 10 + (data[11]! - 48);
    const body = data.toString('utf8', end + 4, end + 4 + length);
    const resolve = this.resolve;
    this.resolve = null;
    this.reject = null;
    resolve?.({ status, body });
  }

  close(): void {
    this.socket.destroy();
  }
}

export type FloorMode = 'pool' | 'undici' | 'raw';

export interface FloorCounters {
  requests: number;
  failures: number;
}

type Send = (req: RawRequest) => Promise<number>;

/** Starts `users` request loops over `requests` (rotating); stop() ends them and closes everything. */
export function startFloor(
  mode: FloorMode,
  url: string,
  users: number,
  requests: readonly RawRequest[],
  counters: FloorCounters,
): { loops: Promise<void>[]; stop: () => Promise<void> } {
  let running = true;
  const closers: (() => Promise<void> | void)[] = [];
  const pool = mode === 'pool' ? new Pool(url, { connections: users, pipelining: 1 }) : undefined;
  if (pool) closers.push(() => pool.close());
  const { hostname, port } = new URL(url);
  const connect = (): Send => {
    if (pool) {
      return async (req) => {
        const { statusCode, body } = await pool.request(req as Dispatcher.RequestOptions);
        await body.text();
        return statusCode;
      };
    }
    if (mode === 'raw') {
      const connection = new RawConnection(hostname, Number(port));
      closers.push(() => connection.close());
      return async (req) => (await connection.send(req)).status;
    }
    const client = new Client(url, { pipelining: 1 });
    closers.push(() => client.close());
    return (req) => dispatchBare(client, req);
  };
  const loops = Array.from({ length: users }, async () => {
    const send = connect();
    for (let i = 0; running; i++) {
      try {
        const status = await send(requests[i % requests.length]!);
        counters.requests++;
        if (status >= 400) counters.failures++;
      } catch {
        counters.failures++;
      }
    }
  });
  return {
    loops,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      await Promise.all(closers.map((close) => close()));
    },
  };
}

/** Client.dispatch() with undici's raw handler interface, the body ignored. */
function dispatchBare(client: Client, req: RawRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    client.dispatch(req as Dispatcher.DispatchOptions, {
      onConnect() {},
      onHeaders(statusCode) {
        status = statusCode;
        return true;
      },
      onData: () => true,
      onComplete: () => resolve(status),
      onError: reject,
    });
  });
}
