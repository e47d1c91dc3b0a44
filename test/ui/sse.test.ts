/**
 * The UI's live feed over real HTTP (EventHub on a loopback server, as ui/server.ts mounts it
 * at /api/events): the current snapshot on connect, every broadcast to every open page, a
 * reconnect that gets the state as it is NOW, a closed page forgotten, a page that stops
 * reading dropped before its buffer grows without bound, and the keep-alive comment.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../src/ui/sse.js';

interface Stream {
  res: IncomingMessage;
  /** Resolves with the next `count` events (name and parsed data). */
  next(count?: number): Promise<{ event: string; data: unknown }[]>;
  /** Everything received so far, raw. */
  raw(): string;
  close(): void;
}

let hub: EventHub;
let server: Server;
let url: string;
let state: { status: string; ticks: number };
const open: Stream[] = [];

async function start(): Promise<void> {
  state = { status: 'idle', ticks: 0 };
  server = createServer((req, res) => {
    if (req.url === '/api/events') return hub.subscribe(req, res, { event: 'snapshot', data: { ...state } });
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function connect(): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/events`, (res) => {
      let buffer = '';
      let all = '';
      const events: { event: string; data: unknown }[] = [];
      const waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        all += chunk;
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name !== undefined && data !== undefined) events.push({ event: name, data: JSON.parse(data) });
          end = buffer.indexOf('\n\n');
        }
        for (const w of waiters.splice(0)) w();
      });
      let taken = 0;
      const stream: Stream = {
        res,
        raw: () => all,
        next: async (count = 1) => {
          while (events.length < taken + count) {
            await new Promise<void>((r) => waiters.push(r));
          }
          const out = events.slice(taken, taken + count);
          taken += count;
          return out;
        },
        close: () => req.destroy(),
      };
      open.push(stream);
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Waits until the hub counts `n` clients (a signal, not a sleep: polled on the event loop). */
async function clients(n: number): Promise<void> {
  await vi.waitFor(() => expect(hub.size).toBe(n), { timeout: 10_000, interval: 5 });
}

beforeEach(async () => {
  hub = new EventHub();
  await start();
});
afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  hub.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  vi.useRealTimers();
});

describe('the live feed (server-sent events over HTTP)', () => {
  it('opens an event stream and sends the current snapshot first', async () => {
    state.status = 'running';
    const s = await connect();
    expect(s.res.statusCode).toBe(200);
    expect(s.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(s.res.headers['cache-control']).toBe('no-store');
    expect(s.res.headers['x-accel-buffering']).toBe('no');
    expect(await s.next()).toEqual([{ event: 'snapshot', data: { status: 'running', ticks: 0 } }]);
    expect(s.raw().startsWith('retry: 2000\n\n')).toBe(true);
    await clients(1);
  });

  it('sends every tick to every open page, in order', async () => {
    const a = await connect();
    const b = await connect();
    await a.next();
    await b.next();
    await clients(2);
    for (let i = 1; i <= 3; i++) hub.broadcast('tick', { n: i });
    const expected = [1, 2, 3].map((n) => ({ event: 'tick', data: { n } }));
    expect(await a.next(3)).toEqual(expected);
    expect(await b.next(3)).toEqual(expected);
    expect(b.raw()).toContain('event: tick\ndata: {"n":3}\n\n');
  });

  it('forgets a closed page, and a reconnect gets the state as it is now', async () => {
    const first = await connect();
    await first.next();
    await clients(1);
    first.close();
    await clients(0);
    state = { status: 'finished', ticks: 7 };
    hub.broadcast('end', { result: 'pass' }); // nobody listens: nothing breaks
    const again = await connect();
    expect(await again.next()).toEqual([{ event: 'snapshot', data: { status: 'finished', ticks: 7 } }]);
    await clients(1);
    hub.broadcast('tick', { n: 8 });
    expect(await again.next()).toEqual([{ event: 'tick', data: { n: 8 } }]);
  });

  it('drops a page that stops reading, and keeps serving the others', async () => {
    const slow = await connect();
    const fast = await connect();
    await slow.next();
    await fast.next();
    await clients(2);
    slow.res.pause(); // stops reading: its socket and then its server-side buffer fill up
    const chunk = 'x'.repeat(1024 * 1024);
    let sent = 0;
    // Bounded: at most 64 MiB in 1 MiB events; the 8 MiB buffer limit drops the slow page well before.
    while (hub.size === 2 && sent < 64) {
      hub.broadcast('tick', { n: sent, chunk });
      sent++;
      const [got] = await fast.next();
      expect((got!.data as { n: number }).n).toBe(sent - 1);
    }
    expect(hub.size).toBe(1);
    expect(sent).toBeLessThan(64);
    hub.broadcast('tick', { n: 'after' });
    expect((await fast.next())[0]!.data).toEqual({ n: 'after' });
    // The slow page's connection was closed by the server (a live stream never ends otherwise):
    // reading again, it sees the end, and its EventSource would reconnect and get a snapshot.
    const closed = new Promise<void>((resolve) => slow.res.once('close', resolve));
    slow.res.on('error', () => {});
    slow.res.resume();
    await closed;
  });

  it('sends a keep-alive comment every 15 s, and ends every stream on close', async () => {
    hub.close();
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    hub = new EventHub();
    const s = await connect();
    await s.next();
    expect(hub.size).toBe(1); // registered before the snapshot was written
    vi.advanceTimersByTime(14_999);
    hub.broadcast('tick', { n: 1 });
    await s.next();
    expect(s.raw()).not.toContain(': keep-alive');
    vi.advanceTimersByTime(1);
    hub.broadcast('tick', { n: 2 });
    await s.next();
    expect(s.raw()).toContain(': keep-alive\n\nevent: tick\ndata: {"n":2}');
    const ended = new Promise<void>((resolve) => s.res.on('end', resolve));
    hub.close();
    await ended;
    expect(hub.size).toBe(0);
  });
});
