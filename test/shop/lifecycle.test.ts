import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { shopMain, startShop } from '../../src/shop/index.js';
import { memoryLogger, ShopClient } from './helpers.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function health(url: string): Promise<{ status: number; body: unknown } | null> {
  try {
    const res = await request(`${url}/health`);
    return { status: res.statusCode, body: await res.body.json() };
  } catch {
    return null; // not listening yet
  }
}

describe('shop lifecycle', () => {
  it('answers /health 503 while the database initialises, then 200', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const starting = startShop({ port, kdfCost: 4 });
    const seen: number[] = [];
    let ready = false;
    void starting.then(() => {
      ready = true;
    });
    while (!ready) {
      const reply = await health(url);
      if (reply) {
        seen.push(reply.status);
        if (reply.status === 503) expect(reply.body).toEqual({ status: 'starting' });
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const shop = await starting;
    try {
      expect(seen).toContain(503);
      expect(await health(url)).toEqual({ status: 200, body: { status: 'ok' } });
    } finally {
      await shop.close();
    }
  });

  it('logs a random admin token once when none is given, and close() is idempotent', async () => {
    const log = memoryLogger();
    const shop = await startShop({ port: 0, kdfCost: 4 }, log);
    await shop.close();
    await shop.close();
    const tokenLines = log.lines.filter((l) => l.includes(shop.adminToken));
    expect(tokenLines).toHaveLength(1);
    expect(shop.adminToken.length).toBeGreaterThanOrEqual(16);
    expect(shop.url).toBe(`http://127.0.0.1:${shop.port}`);
  });

  it('persists PGlite data in --data-dir across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shop-pglite-'));
    try {
      const first = await startShop({ port: 0, kdfCost: 4, dataDir: dir, adminToken: 'a' });
      const client1 = new ShopClient(first.url, 'a');
      await client1.seed({ users: 2, products: 1, stock: 4, password: 'pw' });
      await client1.close();
      await first.close();
      const log = memoryLogger();
      const second = await startShop({ port: 0, kdfCost: 4, dataDir: dir, adminToken: 'a' }, log);
      const client2 = new ShopClient(second.url, 'a');
      await client2.login('load_test_user_1', 'pw');
      expect((await client2.inventory()).products).toEqual([{ id: 1, stock: 4 }]);
      expect(log.lines.some((l) => l.includes('migration'))).toBe(false);
      await client2.close();
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails to start with a clear error when the database is unreachable, freeing the port', async () => {
    const port = await freePort();
    await expect(
      startShop({ port, databaseUrl: 'postgres://nobody@127.0.0.1:1/none', kdfCost: 4 }),
    ).rejects.toThrow();
    expect(await health(`http://127.0.0.1:${port}`)).toBeNull();
  });

  it('rejects bad programmatic options before listening', async () => {
    await expect(startShop({ port: 0, failRate: 2 })).rejects.toThrow(/--fail-rate: 2/);
  });

  it('shopMain starts the shop, logs its URL and closes when stopped', async () => {
    const log = memoryLogger();
    const stop = new AbortController();
    const running = shopMain(
      ['--port', '0', '--kdf-cost', '4', '--admin-token', 'main-token'],
      log,
      stop.signal,
    );
    let url: string | undefined;
    while (!url) {
      const line = log.lines.find((l) => l.includes('shop ready at '));
      url = line?.split('shop ready at ')[1];
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await health(url)).toEqual({ status: 200, body: { status: 'ok' } });
    stop.abort();
    await running;
    expect(await health(url)).toBeNull();
    expect(log.lines).toContain('info: shop stopped');
  });
});
