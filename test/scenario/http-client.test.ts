import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  classifyError,
  createHttpTarget,
  HttpRequestError,
  type HttpTarget,
} from '../../src/engine/http-client.js';
import {
  refusedPort,
  startResettingServer,
  startSilentServer,
  startStallingBodyServer,
} from '../servers/faulty.js';
import { listen, type Running, readBody, sendJson } from '../servers/http-kit.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

function track<T extends { close(): Promise<void> }>(thing: T): T {
  cleanups.push(() => thing.close());
  return thing;
}

async function failure(target: HttpTarget, signal?: AbortSignal): Promise<HttpRequestError> {
  const conn = target.connect();
  try {
    await conn.send({ method: 'GET', path: '/x' }, signal);
  } catch (err) {
    expect(err).toBeInstanceOf(HttpRequestError);
    return err as HttpRequestError;
  }
  throw new Error('the request succeeded');
}

async function echoServer(): Promise<Running & { state: { sockets: number } }> {
  const state = { sockets: 0 };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    sendJson(
      res,
      req.url?.endsWith('/created') ? 201 : 200,
      { method: req.method, url: req.url, body, headers: req.headers },
      {
        'set-cookie': ['a=1; Path=/', 'b=2'],
      },
    );
  });
  server.on('connection', () => state.sockets++);
  return { ...(await listen(server)), state };
}

// Plain http: goes through the lean client (lean-http.ts); OLG_HTTP_CLIENT=undici forces undici, the
// transport https: targets use: both must behave the same.
describe.each(['lean', 'undici'])('the load HTTP client (%s)', (transport) => {
  beforeEach(() => {
    vi.stubEnv('OLG_HTTP_CLIENT', transport);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('sends requests on one keep-alive connection per shopper and reads the body', async () => {
    const server = track(await echoServer());
    const target = track(createHttpTarget(`${server.url}/shop/`, { timeoutMs: 2000 }));
    const a = target.connect();
    const b = target.connect();
    for (let i = 0; i < 3; i++) {
      const res = await a.send({
        method: 'POST',
        path: '/created',
        headers: { 'content-type': 'application/json' },
        body: '{"x":1}',
      });
      expect(res.status).toBe(201);
      expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
      expect(res.json()).toMatchObject({ method: 'POST', url: '/shop/created', body: '{"x":1}' });
    }
    await b.send({ method: 'GET', path: '/' });
    expect(server.state.sockets).toBe(2);
    expect(target.pathPrefix).toBe('/shop');
  });

  it('classifies a refused connection', async () => {
    const target = track(createHttpTarget(await refusedPort(), { timeoutMs: 2000 }));
    const err = await failure(target);
    expect(err.kind).toBe('connection_refused');
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it('exchange() resolves with the error instead of rejecting, and with the answer otherwise', async () => {
    const refused = track(createHttpTarget(await refusedPort(), { timeoutMs: 2000 }));
    const err = await refused.connect().exchange({ method: 'GET', path: '/' });
    expect(err).toBeInstanceOf(HttpRequestError);
    expect((err as HttpRequestError).kind).toBe('connection_refused');
    const server = track(await echoServer());
    const target = track(createHttpTarget(server.url, { timeoutMs: 2000 }));
    const answer = await target.connect().exchange({ method: 'POST', path: '/created', body: '{}' });
    expect(answer).not.toBeInstanceOf(HttpRequestError);
    expect((answer as { status: number }).status).toBe(201);
  });

  it('closes connections that never sent a request, and refuses new ones after close()', async () => {
    const server = track(await echoServer());
    const target = createHttpTarget(server.url, { timeoutMs: 2000 });
    const idle = target.connect();
    const used = target.connect();
    expect((await used.send({ method: 'GET', path: '/' })).status).toBe(200);
    await idle.close();
    await target.close();
    expect(() => target.connect()).toThrow(/closed/);
  });

  it('classifies a reset connection', async () => {
    const server = track(await startResettingServer());
    const target = track(createHttpTarget(server.url, { timeoutMs: 2000 }));
    expect((await failure(target)).kind).toBe('connection_reset');
  });

  it('classifies a server that never answers as a timeout', async () => {
    const server = track(await startSilentServer());
    const target = track(createHttpTarget(server.url, { timeoutMs: 300 }));
    const started = performance.now();
    const err = await failure(target);
    expect(err.kind).toBe('timeout');
    expect(err.code).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('classifies a body that stalls as a timeout', async () => {
    const server = track(await startStallingBodyServer());
    const target = track(createHttpTarget(server.url, { timeoutMs: 300 }));
    const err = await failure(target);
    expect(err.kind).toBe('timeout');
    expect(err.code).toBe('UND_ERR_BODY_TIMEOUT');
  });

  it('settles at once when the run stops, and refuses to start after', async () => {
    const server = track(await startSilentServer());
    const target = track(createHttpTarget(server.url, { timeoutMs: 10_000 }));
    const stop = new AbortController();
    const pending = failure(target, stop.signal);
    setTimeout(() => stop.abort(), 50);
    const started = performance.now();
    expect((await pending).kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await failure(target, stop.signal)).kind).toBe('aborted');
  });

  it('holds one listener on a stop signal however many shoppers use it, and none once closed', async () => {
    // The paired gate's stop signal outlives every round's clients: its rounds must not leave one each.
    const server = track(await echoServer());
    const stop = new AbortController();
    for (let round = 0; round < 12; round++) {
      const target = createHttpTarget(server.url, { timeoutMs: 2000 });
      const shoppers = [target.connect(), target.connect(), target.connect()];
      for (const s of shoppers)
        expect((await s.send({ method: 'GET', path: '/' }, stop.signal)).status).toBe(200);
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
      await target.close();
      expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    }
  });

  it('maps undici and node error codes onto error kinds', () => {
    const withCode = (code: string) => Object.assign(new Error(code), { code });
    expect(classifyError(withCode('ECONNRESET')).kind).toBe('connection_reset');
    expect(classifyError(withCode('EPIPE')).kind).toBe('connection_reset');
    expect(classifyError(withCode('UND_ERR_SOCKET')).kind).toBe('connection_reset');
    expect(classifyError(withCode('UND_ERR_CLOSED')).kind).toBe('connection_reset');
    expect(classifyError(withCode('UND_ERR_CONNECT_TIMEOUT')).kind).toBe('timeout');
    expect(classifyError(new AggregateError([withCode('ECONNREFUSED')])).kind).toBe('connection_refused');
    expect(classifyError(new Error('weird')).kind).toBe('other');
    const stopped = new AbortController();
    stopped.abort();
    expect(classifyError(withCode('UND_ERR_SOCKET'), stopped.signal).kind).toBe('aborted');
  });
});
