import { randomBytes } from 'node:crypto';
import { resolveShopConfig, type ShopConfig, type ShopOptions } from './config.js';
import type { Database } from './db/adapter.js';
import { openEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrations.js';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import type { ShopDeps } from './deps.js';
import { closeServer, listen, urlFor } from './http/lifecycle.js';
import { createRouter } from './http/router.js';
import { createShopServer, type Resolve } from './http/server.js';
import { type ShopLogger, silentShopLogger } from './logger.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { cartRoutes } from './routes/cart.js';
import { orderRoutes } from './routes/orders.js';
import { productRoutes } from './routes/products.js';
import { validateShopConfig } from './validate-config.js';
import { startOrderWorkers } from './worker/order-worker.js';

export interface RunningShop {
  url: string;
  port: number;
  adminToken: string;
  close(): Promise<void>;
}

function openDatabase(config: ShopConfig, log: ShopLogger): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.poolSize, log);
  if (config.postgres === 'embedded') return openEmbeddedPostgres(config.poolSize, log);
  return openPglite(config.dataDir);
}

function describeFaults(config: ShopConfig): string[] {
  const faults: string[] = [];
  if (config.injectLatencyMs > 0) faults.push(`inject-latency-ms=${config.injectLatencyMs}`);
  if (config.race) faults.push('race (unlocked stock updates: overselling)');
  if (config.failRate > 0) faults.push(`fail-rate=${config.failRate}`);
  return faults;
}

/**
 * Starts the reference shop: the HTTP server listens first (so /health answers 503 while the
 * database initialises), then the database opens and migrates, the order workers start, and
 * /health turns 200. Resolves once the shop is ready.
 */
export async function startShop(
  options: ShopOptions,
  log: ShopLogger = silentShopLogger,
): Promise<RunningShop> {
  const config = validateShopConfig(resolveShopConfig(options));
  const adminToken = config.adminToken ?? randomBytes(18).toString('base64url');
  let router: Resolve | null = null;
  const server = createShopServer({ getRouter: () => router, log });
  const port = await listen(server, config.port, config.host);
  const url = urlFor(config.host, port);
  log.info(`shop listening on ${url}, initialising the database`);
  if (!config.adminToken) log.info(`admin token (random; set --admin-token to choose one): ${adminToken}`);

  let db: Database | undefined;
  try {
    db = await openDatabase(config, log);
    const applied = await migrate(db);
    log.info(`database ready: ${db.description}${applied > 0 ? `, ${applied} migration(s) applied` : ''}`);
  } catch (error) {
    await closeServer(server);
    await db?.close().catch(() => {});
    throw error;
  }
  const database = db;
  const deps: ShopDeps = { db: database, config, adminToken, log };
  const workers = startOrderWorkers(
    database,
    { count: config.workers, processingDelayMs: config.processingDelayMs },
    log,
  );
  router = createRouter([
    ...authRoutes(deps),
    ...productRoutes(deps),
    ...cartRoutes(deps),
    ...orderRoutes(deps),
    ...adminRoutes(deps),
  ]);
  const faults = describeFaults(config);
  if (faults.length > 0) log.warn(`fault injection on: ${faults.join(', ')}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    adminToken,
    close() {
      closing ??= (async () => {
        await closeServer(server);
        await workers.stop();
        await database.close();
      })();
      return closing;
    },
  };
}
