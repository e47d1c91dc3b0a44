/**
 * Seeding figure for the reference shop: seeds 1,000 users and 100 products with 100,000 units
 * each, on embedded PGlite and on a real PostgreSQL server, and prints the elapsed times (the
 * origin shop needed ~30 s for this), then the CPU cost of 1,000 logins at the default KDF cost.
 *
 *   npx tsx scripts/bench-seed.ts [postgres://...]   (else $TEST_DATABASE_URL, else a private
 *   private server as the tests start one, stopped at the end). A scratch database is created
 *   there and dropped.
 */
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import pg from 'pg';
import { Agent, request } from 'undici';
import { hashPassword, verifyPassword } from '../src/shop/auth/password.js';
import { DEFAULT_KDF_COST, type RunningShop, startShop } from '../src/shop/index.js';
import { startTestPostgres } from '../test/support/test-postgres.js';

const USERS = 1_000;
const PRODUCTS = 100;
const STOCK = 100_000;
const PASSWORD = 'bench-password';
const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const agent = new Agent({ connections: 64 });

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${url}${path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.body.json()) as Record<string, unknown>;
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${JSON.stringify(json)}`);
  return json;
}

/** The server: argv[2], else the tests' choice (TEST_DATABASE_URL, else a private one, stopped after). */
async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const given = process.argv[2];
  return given ? { url: given, stop: async () => {} } : startTestPostgres();
}

async function withScratchDatabase<T>(server: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_seed_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(server);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function seedFigures(label: string, shop: RunningShop): Promise<void> {
  const headers = { 'x-admin-token': shop.adminToken };
  const body = { users: USERS, products: PRODUCTS, stock: STOCK, password: PASSWORD };
  for (const run of ['first seed', 'repeat seed (idempotent)']) {
    const started = performance.now();
    const result = await post(shop.url, '/admin/seed', body, headers);
    const wall = performance.now() - started;
    out(
      `${label.padEnd(10)} ${run.padEnd(25)} ${wall.toFixed(0).padStart(6)} ms round trip ` +
        `(server ${result.elapsedMs} ms; created ${result.createdUsers} users, ${result.createdProducts} products)`,
    );
  }
}

async function loginFigures(shop: RunningShop): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const next = { i: 0 };
  const worker = async (): Promise<void> => {
    while (next.i < USERS) {
      const i = next.i++;
      await post(shop.url, '/api/auth/login', { username: `load_test_user_${i}`, password: PASSWORD });
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  const used = process.cpuUsage(cpu);
  out(
    `1,000 HTTP logins (PGlite, 32 concurrent): ${(performance.now() - started).toFixed(0)} ms wall, ` +
      `${((used.user + used.system) / 1000).toFixed(0)} ms CPU (shop + client + database, one process)`,
  );
}

async function kdfFigures(): Promise<void> {
  const stored = await hashPassword(PASSWORD, DEFAULT_KDF_COST);
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: USERS }, () => verifyPassword(PASSWORD, stored)));
  const used = process.cpuUsage(cpu);
  out(
    `1,000 scrypt verifications at the default cost (N=2^${DEFAULT_KDF_COST}, r=8, p=1): ` +
      `${((used.user + used.system) / 1000).toFixed(0)} ms CPU, ${(performance.now() - started).toFixed(0)} ms wall ` +
      `on ${cpus().length} cores`,
  );
}

async function main(): Promise<void> {
  out(`seeding ${USERS} users and ${PRODUCTS} products x ${STOCK} units (origin: ~30 s)`);
  const lite = await startShop({ port: 0, workers: 0 });
  try {
    await seedFigures('pglite', lite);
    await loginFigures(lite);
  } finally {
    await lite.close();
  }
  const server = await startServer();
  try {
    await withScratchDatabase(server.url, async (url) => {
      const shop = await startShop({ port: 0, workers: 0, databaseUrl: url });
      try {
        await seedFigures('postgresql', shop);
      } finally {
        await shop.close();
      }
    });
  } finally {
    await server.stop();
  }
  await kdfFigures();
  await agent.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-seed failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
