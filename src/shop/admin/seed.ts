import { hashCost, hashPassword, verifyPassword } from '../auth/password.js';
import type { Database } from '../db/adapter.js';
import { priceToCents } from '../money.js';
import type { SeedRequest } from '../schemas.js';

export const DEFAULT_USER_PREFIX = 'load_test_user_';
export const DEFAULT_PRICE = 9.99;

/** The tables a run writes (migrations.ts), vacuumed and analyzed at the end of a seed. */
const SHOP_TABLES = ['users', 'sessions', 'products', 'cart_items', 'orders', 'order_items', 'order_jobs'];

export interface SeedResult {
  users: number;
  products: number;
  stock: number;
  createdUsers: number;
  createdProducts: number;
  elapsedMs: number;
}

/**
 * The batch's password hash: the one already stored for it when it still matches the password
 * and the current cost (so a repeated seed changes nothing), else one fresh hash. Seeded users
 * share a password, so one KDF run covers the whole batch.
 */
async function batchHash(db: Database, prefix: string, password: string, cost: number): Promise<string> {
  const { rows } = await db.query<{ password_hash: string }>(
    'SELECT password_hash FROM users WHERE username = $1',
    [`${prefix}0`],
  );
  const existing = rows[0]?.password_hash;
  if (existing && hashCost(existing) === cost && (await verifyPassword(password, existing))) return existing;
  return hashPassword(password, cost);
}

/**
 * Creates users <prefix>0..<prefix>{users-1} and products 1..products ("Product 0".."Product
 * {n-1}") with set-based SQL, idempotently: existing rows are left alone, except that users of
 * the batch get the new hash when the password changed and an empty cart, and stock is reset on
 * request.
 */
export async function seed(db: Database, request: SeedRequest, kdfCost: number): Promise<SeedResult> {
  const started = performance.now();
  const prefix = request.userPrefix ?? DEFAULT_USER_PREFIX;
  const hash = request.users > 0 ? await batchHash(db, prefix, request.password, kdfCost) : '';
  const priceCents = priceToCents(request.price ?? DEFAULT_PRICE);
  const counts = await db.transaction(async (tx) => {
    let createdUsers = 0;
    if (request.users > 0) {
      const inserted = await tx.query(
        `INSERT INTO users (username, password_hash)
         SELECT $1::text || g, $2 FROM generate_series(0, $3::int - 1) AS g
         ON CONFLICT (username) DO NOTHING`,
        [prefix, hash, request.users],
      );
      createdUsers = inserted.rowCount;
      await tx.query(
        `UPDATE users SET password_hash = $2
         WHERE username IN (SELECT $1::text || g FROM generate_series(0, $3::int - 1) AS g)
           AND password_hash <> $2`,
        [prefix, hash, request.users],
      );
      // A seeded account starts with an empty cart: lines left by a refused order in an earlier
      // run would otherwise be ordered with the next run's items.
      await tx.query(
        `DELETE FROM cart_items WHERE user_id IN (
           SELECT id FROM users WHERE username IN (SELECT $1::text || g FROM generate_series(0, $2::int - 1) AS g))`,
        [prefix, request.users],
      );
    }
    let createdProducts = 0;
    if (request.products > 0) {
      const inserted = await tx.query(
        `INSERT INTO products (id, name, price_cents, stock)
         SELECT g, 'Product ' || (g - 1), $2, $3 FROM generate_series(1, $1::int) AS g
         ON CONFLICT (id) DO NOTHING`,
        [request.products, priceCents, request.stock],
      );
      createdProducts = inserted.rowCount;
      if (request.resetStock) {
        await tx.query('UPDATE products SET stock = $2 WHERE id BETWEEN 1 AND $1 AND stock <> $2', [
          request.products,
          request.stock,
        ]);
      }
    }
    return { createdUsers, createdProducts };
  });
  // Fresh planner statistics for the tables just written, as a deploy's bulk load would end.
  // Without them a fresh database is planned on guesses until autovacuum analyzes the tables at
  // a moment of its own, mid-run. Measured with `compare` on a fresh database per round (16
  // rounds of 600 orders each): the pair-to-pair spread of the order p95 (sd of the log ratio)
  // went from 0.17 to 0.13 with the ANALYZE.
  // The VACUUM: an earlier run leaves dead rows behind (every job of the order queue is
  // inserted, claimed and deleted; every order's stock update and cart line), which each worker's
  // claim scans until autovacuum comes by, once a minute per database at a moment of its own.
  // Cleared here, every seeded run starts from the same tables, not from whatever the last
  // autovacuum left; on a few thousand rows it takes milliseconds.
  await db.query(`VACUUM (ANALYZE) ${SHOP_TABLES.join(', ')}`);
  return {
    users: request.users,
    products: request.products,
    stock: request.stock,
    ...counts,
    elapsedMs: Math.round(performance.now() - started),
  };
}
