import type { Database } from '../db/adapter.js';
import { HttpError } from '../http/respond.js';
import { sleep } from '../sleep.js';
import { type CreatedOrder, insertOrder } from './insert-order.js';

/**
 * The gap between reading and writing stock in --race mode. A few ms is enough for a burst of
 * concurrent orders to read the same stock value, on a server pool and on single-connection
 * PGlite alike (other requests' statements run during the pause).
 */
export const RACE_WINDOW_MS = 5;

/**
 * The deliberately broken order path behind --race: a classic lost update. Stock is read with a
 * plain SELECT, then, after a pause, written back as an absolute value (`read - qty`) in a
 * separate autocommit statement, with no lock or transaction around the two. Concurrent orders
 * read the same value and all succeed, so the shop sells more units than it had.
 */
export async function createOrderRacy(db: Database, userId: number): Promise<CreatedOrder> {
  const { rows } = await db.query<{
    product_id: number;
    quantity: number;
    stock: number;
    price_cents: number;
  }>(
    `SELECT c.product_id, c.quantity, p.stock, p.price_cents
     FROM cart_items c JOIN products p ON p.id = c.product_id
     WHERE c.user_id = $1 ORDER BY c.product_id`,
    [userId],
  );
  if (rows.length === 0) throw new HttpError(400, 'cart is empty');
  const short = rows.find((row) => row.stock < row.quantity);
  if (short) throw new HttpError(409, 'out of stock', { productId: short.product_id });
  await sleep(RACE_WINDOW_MS);
  for (const row of rows) {
    await db.query('UPDATE products SET stock = $1 WHERE id = $2', [
      row.stock - row.quantity,
      row.product_id,
    ]);
  }
  return db.transaction(async (tx) => {
    await tx.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = ANY($2::int[])', [
      userId,
      rows.map((row) => row.product_id),
    ]);
    return insertOrder(
      tx,
      userId,
      rows.map((row) => ({ productId: row.product_id, quantity: row.quantity, priceCents: row.price_cents })),
    );
  });
}
