import type { Database } from '../db/adapter.js';
import { HttpError } from '../http/respond.js';
import { type CreatedOrder, insertOrder, type OrderLine } from './insert-order.js';

/**
 * The correct order path, in ONE transaction: take the cart (DELETE ... RETURNING locks the
 * rows, so two concurrent orders by one user cannot both take it), decrement each product's
 * stock only if enough remains (checking the row count), insert order + items + job. Any
 * failure (409 out of stock, 400 empty cart, a database error) rolls everything back.
 * Products are updated in id order so concurrent multi-product orders cannot deadlock.
 */
export function createOrder(db: Database, userId: number): Promise<CreatedOrder> {
  return db.transaction(async (tx) => {
    const cart = await tx.query<{ product_id: number; quantity: number }>(
      'DELETE FROM cart_items WHERE user_id = $1 RETURNING product_id, quantity',
      [userId],
    );
    if (cart.rows.length === 0) throw new HttpError(400, 'cart is empty');
    const items = [...cart.rows].sort((a, b) => a.product_id - b.product_id);
    const lines: OrderLine[] = [];
    for (const item of items) {
      const updated = await tx.query<{ price_cents: number }>(
        'UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1 RETURNING price_cents',
        [item.quantity, item.product_id],
      );
      const row = updated.rows[0];
      if (updated.rowCount !== 1 || !row)
        throw new HttpError(409, 'out of stock', { productId: item.product_id });
      lines.push({ productId: item.product_id, quantity: item.quantity, priceCents: row.price_cents });
    }
    return insertOrder(tx, userId, lines);
  });
}
