import type { Database } from './adapter.js';

/**
 * The shop's schema, as ordered migrations. Each runs once, in its own transaction, recorded in
 * shop_migrations; an advisory lock keeps two shops starting on one database from racing.
 *
 * products.stock deliberately has no CHECK (stock >= 0): the correct order path never goes
 * below zero by construction (UPDATE ... WHERE stock >= qty), and the --race fault must be able
 * to do its damage so that the gate's integrity checks can see it.
 */
const MIGRATIONS: readonly { version: number; name: string; statements: readonly string[] }[] = [
  {
    version: 1,
    name: 'initial schema',
    statements: [
      `CREATE TABLE users (
        id serial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL
      )`,
      `CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE products (
        id integer PRIMARY KEY,
        name text NOT NULL,
        price_cents integer NOT NULL,
        stock integer NOT NULL
      )`,
      `CREATE TABLE cart_items (
        user_id integer NOT NULL REFERENCES users (id),
        product_id integer NOT NULL REFERENCES products (id),
        quantity integer NOT NULL,
        PRIMARY KEY (user_id, product_id)
      )`,
      `CREATE TABLE orders (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id),
        status text NOT NULL DEFAULT 'pending',
        total_cents bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz
      )`,
      `CREATE INDEX orders_status ON orders (status)`,
      `CREATE TABLE order_items (
        order_id integer NOT NULL REFERENCES orders (id),
        product_id integer NOT NULL REFERENCES products (id),
        quantity integer NOT NULL,
        price_cents integer NOT NULL,
        PRIMARY KEY (order_id, product_id)
      )`,
      `CREATE TABLE order_jobs (
        id bigserial PRIMARY KEY,
        order_id integer NOT NULL REFERENCES orders (id),
        status text NOT NULL DEFAULT 'queued',
        attempts integer NOT NULL DEFAULT 0,
        claimed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX order_jobs_claimable ON order_jobs (status, id)`,
    ],
  },
];

const MIGRATION_LOCK_KEY = 7_403_117;

/** Applies the migrations not yet recorded; returns how many ran. */
export async function migrate(db: Database): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`
      CREATE TABLE IF NOT EXISTS shop_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  });
  let applied = 0;
  for (const migration of MIGRATIONS) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await tx.query('SELECT 1 FROM shop_migrations WHERE version = $1', [migration.version]);
      if (done.rowCount > 0) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO shop_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied += 1;
  }
  return applied;
}
