import { PGlite } from '@electric-sql/pglite';
import type { Database, Queryable, QueryResult, SqlParam } from './adapter.js';

/**
 * Embedded engine. PGlite is PostgreSQL itself compiled to WASM: the same SQL, the same row
 * locks, transactions and isolation as a server, so the demo and tests need nothing installed
 * and still exercise real PostgreSQL semantics. It has a single connection: a transaction holds
 * it exclusively, so transactions (and the statements around them) run one after another.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<Row>(sql: string, params: readonly SqlParam[] = []): Promise<QueryResult<Row>> {
      const result = await q.query<Row>(sql, [...params]);
      return { rows: result.rows, rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length };
    },
  });
  const self = wrap(db);
  return {
    description: dataDir ? `pglite (${dataDir})` : 'pglite (in memory)',
    query: self.query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
