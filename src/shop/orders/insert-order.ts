import type { Queryable } from '../db/adapter.js';
import { centsToPrice } from '../money.js';

export interface OrderLine {
  productId: number;
  quantity: number;
  priceCents: number;
}

export interface CreatedOrder {
  id: number;
  status: 'pending';
  total: number;
}

/**
 * Inserts the order, its items and the worker's job in one statement (data-modifying CTEs), so
 * it costs one round trip inside the caller's transaction.
 */
export async function insertOrder(
  tx: Queryable,
  userId: number,
  lines: readonly OrderLine[],
): Promise<CreatedOrder> {
  const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.priceCents, 0);
  const { rows } = await tx.query<{ id: number }>(
    `WITH o AS (
       INSERT INTO orders (user_id, total_cents) VALUES ($1, $2) RETURNING id
     ), i AS (
       INSERT INTO order_items (order_id, product_id, quantity, price_cents)
       SELECT o.id, t.product_id, t.quantity, t.price_cents
       FROM o, unnest($3::int[], $4::int[], $5::int[]) AS t (product_id, quantity, price_cents)
     ), j AS (
       INSERT INTO order_jobs (order_id) SELECT id FROM o
     )
     SELECT id FROM o`,
    [
      userId,
      totalCents,
      lines.map((l) => l.productId),
      lines.map((l) => l.quantity),
      lines.map((l) => l.priceCents),
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('order insert returned no id');
  return { id, status: 'pending', total: centsToPrice(totalCents) };
}
