import { once } from 'node:events';
import { createServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTarget, HttpRequestError, type HttpTarget } from '../../src/engine/http-client.js';
import { listen, readBody } from '../servers/http-kit.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function target(url: string, options: { timeoutMs?: number; maxBodyBytes?: number } = {}): HttpTarget {
  const t = createHttpTarget(url, {
    timeoutMs: options.timeoutMs ?? 2000,
    maxBodyBytes: options.maxBodyBytes,
  });
  cleanups.push(() => t.close());
  return t;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `bytes` in pieces of `sizes` (cycled), a few ms apart, so they arrive as separate chunks. */
async function dribble(socket: Socket, bytes: Buffer, sizes: number[]): Promise<void> {
  let i = 0;
  for (let k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    socket.write(bytes.subarray(i, i + n));
    i += n;
    await sleep(3);
  }
}

interface RawServer {
  url: string;
  sockets: number;
  close(): Promise<void>;
}

/** A net server that calls `answer` for every request head it reads (requests without bodies). */
async function rawServer(answer: (socket: Socket, nth: number, head: string) => void): Promise<RawServer> {
  const open = new Set<Socket>();
  const state = { sockets: 0 };
  const server = createNetServer((socket) => {
    state.sockets++;
    open.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => {});
    let pending = '';
    let nth = 0;
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let end = pending.indexOf('\r\n\r\n'); end >= 0; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.slice(0, end);
        pending = pending.slice(end + 4);
        answer(socket, nth++, head);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const running: RawServer = {
    url: `http://127.0.0.1:${port}`,
    get sockets() {
      return state.sockets;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  cleanups.push(() => running.close());
  return running;
}

async function failure(promise: Promise<unknown>): Promise<HttpRequestError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(HttpRequestError);
    return err as HttpRequestError;
  }
  throw new Error('the request succeeded');
}

describe('the lean HTTP/1.1 client', () => {
  it('reuses one keep-alive socket and writes Host and a utf8 Content-Length', async () => {
    let sockets = 0;
    const server = createServer(async (req, res) => {
      const body = await readBody(req);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ host: req.headers.host, length: req.headers['content-length'], body }));
    });
    server.on('connection', () => sockets++);
    const running = await listen(server);
    cleanups.push(() => running.close());
    const conn = target(running.url).connect();
    for (let i = 0; i < 20; i++) {
      const res = await conn.send({
        method: 'POST',
        path: `/p${i}`,
        body: 'ä€😀',
        headers: { 'x-n': `${i}` },
      });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ host: `127.0.0.1:${running.port}`, length: '9', body: 'ä€😀' });
    }
    expect(sockets).toBe(1);
  });

  it('refuses header values and paths with CR/LF instead of letting them inject headers', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('ok');
    });
    const running = await listen(server);
    cleanups.push(() => running.close());
    const conn = target(running.url).connect();
    const injected = conn.send({
      method: 'GET',
      path: '/',
      headers: { authorization: 'Token x\r\nx-admin: 1' },
    });
    await expect(injected).rejects.toBeInstanceOf(HttpRequestError);
    await expect(conn.send({ method: 'GET', path: '/a\nb' })).rejects.toThrow(/CR\/LF in the path/);
    expect((await conn.send({ method: 'GET', path: '/' })).status).toBe(200);
    expect(requests).toBe(1);
  });

  it('decodes chunked bodies split at awkward byte boundaries, with extensions and trailers', async () => {
    const text = 'héllo, wörld € 😀 ünïcödé';
    const data = Buffer.from(text);
    const body = Buffer.concat([
      Buffer.from(`3;ext=1\r\n`),
      data.subarray(0, 3),
      Buffer.from(`\r\n${(data.length - 3).toString(16).toUpperCase()}\r\n`),
      data.subarray(3),
      Buffer.from('\r\n0\r\nx-trailer: 1\r\n\r\n'),
    ]);
    const server = await rawServer((socket) => {
      const head = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nSet-Cookie: s=1\r\n\r\n');
      void dribble(socket, Buffer.concat([head, body]), [1, 2, 5, 3, 7]);
    });
    const conn = target(server.url).connect();
    for (let i = 0; i < 3; i++) {
      const res = await conn.send({ method: 'GET', path: '/' });
      expect(res.bodyText).toBe(text);
      expect(res.setCookie).toEqual(['s=1']);
    }
    expect(server.sockets).toBe(1);
  });

  it('reads an answer dribbled a byte at a time after a whole one (the read buffer still holds it)', async () => {
    // Every connection reads into one shared buffer: past this read's bytes it holds the previous
    // answer, whose CRLFCRLF must not end the head being read now.
    const whole = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst');
    const dribbled = Buffer.from('HTTP/1.1 201 Created\r\nContent-Length: 6\r\n\r\nsecond');
    const server = await rawServer((socket, nth) => {
      if (nth % 2 === 0) socket.write(whole);
      else void dribble(socket, dribbled, [1]);
    });
    const conn = target(server.url).connect();
    for (let i = 0; i < 2; i++) {
      const first = await conn.send({ method: 'GET', path: '/' });
      expect([first.status, first.bodyText]).toEqual([200, 'first']);
      const second = await conn.send({ method: 'GET', path: '/' });
      expect([second.status, second.bodyText]).toEqual([201, 'second']);
    }
  });

  it('keeps repeated Set-Cookie headers as an array, case-insensitively', async () => {
    const server = await rawServer((socket) => {
      const answer =
        'HTTP/1.1 201 Created\r\nset-cookie: a=1\r\nSET-COOKIE: b=2; Path=/\r\nX-One: y\r\nContent-Length: 2\r\n\r\n{}';
      void dribble(socket, Buffer.from(answer), [4, 9, 1]);
    });
    const res = await target(server.url).connect().send({ method: 'GET', path: '/' });
    expect(res.status).toBe(201);
    expect(res.setCookie).toEqual(['a=1', 'b=2; Path=/']);
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2; Path=/']);
    expect(res.headers['x-one']).toBe('y');
    expect(res.json()).toEqual({});
  });

  it('reconnects after an answer with Connection: close', async () => {
    let sockets = 0;
    const server = createServer((_req, res) => {
      res.setHeader('connection', 'close');
      res.end('bye');
    });
    server.on('connection', () => sockets++);
    const running = await listen(server);
    cleanups.push(() => running.close());
    const conn = target(running.url).connect();
    for (let i = 0; i < 3; i++) expect((await conn.send({ method: 'GET', path: '/' })).bodyText).toBe('bye');
    expect(sockets).toBe(3);
  });

  it('reads a body that ends with the connection', async () => {
    const server = await rawServer((socket) => {
      socket.end('HTTP/1.1 200 OK\r\n\r\nuntil close');
    });
    const conn = target(server.url).connect();
    expect((await conn.send({ method: 'GET', path: '/' })).bodyText).toBe('until close');
    expect((await conn.send({ method: 'GET', path: '/' })).bodyText).toBe('until close');
  });

  it('survives the server closing an idle keep-alive socket', async () => {
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      setTimeout(() => socket.end(), 10);
    });
    const conn = target(server.url).connect();
    expect((await conn.send({ method: 'GET', path: '/' })).bodyText).toBe('ok');
    await sleep(50);
    expect((await conn.send({ method: 'POST', path: '/', body: '{}' })).bodyText).toBe('ok');
    expect(server.sockets).toBe(2);
  });

  it('retries an idempotent request once when a reused socket closes before answering', async () => {
    const server = await rawServer((socket, nth) => {
      if (nth === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
      else socket.destroy();
    });
    const conn = target(server.url).connect();
    await conn.send({ method: 'GET', path: '/' });
    expect((await conn.send({ method: 'GET', path: '/' })).bodyText).toBe('ok');
    expect(server.sockets).toBe(2);
    const err = await failure(conn.send({ method: 'POST', path: '/', body: '{}' }));
    expect(err.kind).toBe('connection_reset');
    expect(server.sockets).toBe(2);
  });

  it('handles answers without a body: 204, 304 and HEAD', async () => {
    const server = await rawServer((socket, _nth, head) => {
      if (head.startsWith('HEAD')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n');
      else if (head.includes('/304')) socket.write('HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n');
      else if (head.includes('/204')) socket.write('HTTP/1.1 204 No Content\r\n\r\n');
      else socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody');
    });
    const conn = target(server.url).connect();
    for (const path of ['/204', '/304', '/x']) {
      const head = await conn.send({ method: 'HEAD', path });
      expect([head.status, head.bodyText]).toEqual([200, '']);
      const res = await conn.send({ method: 'GET', path });
      expect(res.bodyText).toBe(path === '/x' ? 'body' : '');
      expect(res.status).toBe(path === '/x' ? 200 : Number(path.slice(1)));
    }
    expect(server.sockets).toBe(1);
  });

  it('fails a body over the limit as invalid_response, then reconnects', async () => {
    const server = await rawServer((socket, _nth, head) => {
      if (head.includes('/chunked'))
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n');
      else if (head.includes('/length')) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
      else {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
        return;
      }
      socket.write('x'.repeat(100));
    });
    const conn = target(server.url, { maxBodyBytes: 50 }).connect();
    for (const path of ['/length', '/chunked']) {
      const err = await failure(conn.send({ method: 'GET', path }));
      expect(err.kind).toBe('invalid_response');
      expect((await conn.send({ method: 'GET', path: '/' })).bodyText).toBe('ok');
    }
  });

  it('settles at once with aborted when the signal fires mid-body', async () => {
    let requests = 0;
    const server = await rawServer((socket) => {
      if (requests++ === 0) socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial":');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const conn = target(server.url, { timeoutMs: 10_000 }).connect();
    const stop = new AbortController();
    const pending = failure(conn.send({ method: 'GET', path: '/' }, stop.signal));
    setTimeout(() => stop.abort(), 50);
    const started = performance.now();
    expect((await pending).kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await conn.send({ method: 'GET', path: '/' }, new AbortController().signal)).bodyText).toBe('ok');
    expect(server.sockets).toBe(2);
  });

  it('decodes utf8 bodies whose multibyte characters are split across packets', async () => {
    const text = `${'€😀ü'.repeat(50)}end`;
    const server = await rawServer((socket) => {
      const body = Buffer.from(text);
      const answer = Buffer.concat([
        Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`),
        body,
      ]);
      void dribble(socket, answer, [5, 1, 2, 11, 3]);
    });
    const res = await target(server.url).connect().send({ method: 'GET', path: '/' });
    expect(res.bodyText).toBe(text);
  });

  it('fails a malformed answer as invalid_response', async () => {
    const server = await rawServer((socket) => {
      socket.write('SMTP ready\r\n\r\n');
    });
    expect((await failure(target(server.url).connect().send({ method: 'GET', path: '/' }))).kind).toBe(
      'invalid_response',
    );
  });

  it('reads chunked answers from node:http and queues concurrent sends on one connection', async () => {
    let sockets = 0;
    const server = createServer((req, res) => {
      res.setHeader('set-cookie', 'only=1');
      res.write(`{"url":"${req.url}",`);
      setTimeout(() => res.end('"more":"ü€"}'), 2);
    });
    server.on('connection', () => sockets++);
    const running = await listen(server);
    cleanups.push(() => running.close());
    const conn = target(running.url).connect();
    const answers = await Promise.all([1, 2, 3].map((i) => conn.send({ method: 'GET', path: `/${i}` })));
    expect(answers.map((a) => a.json())).toEqual([1, 2, 3].map((i) => ({ url: `/${i}`, more: 'ü€' })));
    expect(answers[0]!.headers['set-cookie']).toBe('only=1');
    expect(answers[0]!.setCookie).toEqual(['only=1']);
    expect(sockets).toBe(1);
  });

  it('classifies a connection reset in the middle of the body', async () => {
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"partial":');
      setTimeout(() => socket.resetAndDestroy(), 20);
    });
    const err = await failure(target(server.url).connect().send({ method: 'GET', path: '/' }));
    expect(err.kind).toBe('connection_reset');
  });
});
