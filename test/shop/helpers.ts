import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { type RunningShop, type ShopLogger, type ShopOptions, startShop } from '../../src/shop/index.js';
import { createTestDatabase } from '../support/postgres.js';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: Engine[] = ['pglite', 'postgres'];

export interface MemoryShopLogger extends ShopLogger {
  lines: string[];
}

export function memoryLogger(): MemoryShopLogger {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

export interface TestShop {
  shop: RunningShop;
  client: ShopClient;
  log: MemoryShopLogger;
  stop(): Promise<void>;
}

/** Starts a shop on 127.0.0.1 (free port, cheap KDF) on the given engine, with its own database. */
export async function startTestShop(engine: Engine, options: ShopOptions = {}): Promise<TestShop> {
  const database = engine === 'postgres' ? await createTestDatabase('shop') : undefined;
  const log = memoryLogger();
  const shop = await startShop(
    { port: 0, host: '127.0.0.1', kdfCost: 4, processingDelayMs: 10, databaseUrl: database?.url, ...options },
    log,
  );
  const client = new ShopClient(shop.url, shop.adminToken);
  return {
    shop,
    client,
    log,
    async stop() {
      await client.close();
      await shop.close();
      await database?.drop();
    },
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests' assertions.
  body: any;
  ms: number;
}

export interface CallOptions {
  token?: string;
  admin?: boolean | string;
  json?: unknown;
  raw?: string | Buffer | Readable;
  headers?: Record<string, string>;
}

/** A small HTTP client over undici with its own connection pool. */
export class ShopClient {
  readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 512 });
  constructor(
    readonly url: string,
    readonly adminToken: string,
  ) {}

  async call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    options: CallOptions = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.admin) headers['x-admin-token'] = options.admin === true ? this.adminToken : options.admin;
    let body: string | Buffer | Readable | undefined = options.raw;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const started = performance.now();
    const res = await request(`${this.url}${path}`, { method, headers, body, dispatcher: this.agent });
    const text = await res.body.text();
    const ms = performance.now() - started;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // left as text; tests asserting JSON will fail on it
    }
    return { status: res.statusCode, headers: res.headers, body: parsed, ms };
  }

  async seed(body: Record<string, unknown>): Promise<Reply> {
    const reply = await this.call('POST', '/admin/seed', { admin: true, json: body });
    if (reply.status !== 200) throw new Error(`seed failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply;
  }

  async login(username: string, password: string): Promise<string> {
    const reply = await this.call('POST', '/api/auth/login', { json: { username, password } });
    if (reply.status !== 200) throw new Error(`login ${username} failed: ${reply.status}`);
    return reply.body.token as string;
  }

  async addToCart(token: string, productId: number, quantity: number): Promise<Reply> {
    return this.call('POST', '/api/cart/items', { token, json: { productId, quantity } });
  }

  async order(token: string): Promise<Reply> {
    return this.call('POST', '/api/orders', { token });
  }

  async inventory(): Promise<{
    products: { id: number; stock: number }[];
    orders: number;
    unitsOrdered: number;
    ordersByStatus: Record<string, number>;
  }> {
    const reply = await this.call('GET', '/admin/inventory', { admin: true });
    if (reply.status !== 200) throw new Error(`inventory failed: ${reply.status}`);
    return reply.body;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
