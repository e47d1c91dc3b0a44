/** Small helpers for the in-memory test servers (node:http on 127.0.0.1, port 0). */
import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Running {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(server: Server, listenPort = 0): Promise<Running> {
  server.listen(listenPort, '127.0.0.1', 2048);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  port = 0,
): Promise<Running> {
  const listener: RequestListener = (req, res) => {
    handler(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
      else res.destroy();
    });
  };
  return listen(createServer({ keepAliveTimeout: 30_000 }, listener), port);
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The body as an object: JSON, or form-encoded when the content type says so. */
export async function readFields(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  const text = await readBody(req);
  if (text === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export function bearer(req: IncomingMessage, scheme: string): string | undefined {
  const value = req.headers.authorization;
  if (!value?.startsWith(`${scheme} `)) return undefined;
  return value.slice(scheme.length + 1);
}

/** Seeded products: ids 1..count with `stock` each (or per-id overrides). */
export function makeStock(
  count: number,
  stock: number,
  overrides: Record<number, number> = {},
): Map<number, number> {
  const map = new Map<number, number>();
  for (let id = 1; id <= count; id++) map.set(id, overrides[id] ?? stock);
  return map;
}
