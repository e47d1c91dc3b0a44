import pg from 'pg';
import type { ShopLogger } from '../logger.js';
import type { Database, Queryable, QueryResult, SqlParam } from './adapter.js';

/** A PostgreSQL server through a pg.Pool of `poolSize` connections. */
export async function openPostgres(url: string, poolSize: number, log: ShopLogger): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query simply gets a fresh connection.
  pool.on('error', (error) => log.warn(`idle database connection lost: ${error.message}`));
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<Row>> {
      const result = await q.query(sql, [...params]);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
    },
  });
  // Fail fast on a bad URL or an unreachable server.
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const target = new URL(url);
  return {
    description: `postgresql ${target.host}${target.pathname} (pool ${poolSize})`,
    query: wrap(pool).query,
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
