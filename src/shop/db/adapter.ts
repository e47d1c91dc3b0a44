/**
 * The one interface the shop's SQL runs through, so the same statements run on embedded PGlite
 * and on a PostgreSQL server (pg.Pool). Parameters use PostgreSQL's $1, $2 ... placeholders.
 */
export type SqlParam = string | number | boolean | null | Date | readonly (string | number)[];

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows returned by a SELECT or changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  /** Which engine this is, for logs: "pglite (in memory)", "postgresql 127.0.0.1:5432/shop". */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (the error
   * is rethrown). Statements must go through the `tx` given to `fn`.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
