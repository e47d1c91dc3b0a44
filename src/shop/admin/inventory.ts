import type { Queryable } from '../db/adapter.js';

export interface Inventory {
  products: { id: number; stock: number }[];
  orders: number;
  unitsOrdered: number;
  ordersByStatus: Record<string, number>;
}

/** Stock per product and order totals, for the gate's integrity checks. */
export async function inventory(db: Queryable): Promise<Inventory> {
  const products = await db.query<{ id: number; stock: number }>(
    'SELECT id, stock FROM products ORDER BY id',
  );
  const totals = await db.query<{ orders: number; units: number }>(
    `SELECT (SELECT count(*)::int FROM orders) AS orders,
            (SELECT COALESCE(sum(quantity), 0)::int FROM order_items) AS units`,
  );
  const byStatus = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM orders GROUP BY status',
  );
  const ordersByStatus: Record<string, number> = { pending: 0, processed: 0 };
  for (const row of byStatus.rows) ordersByStatus[row.status] = row.n;
  return {
    products: products.rows,
    orders: totals.rows[0]?.orders ?? 0,
    unitsOrdered: totals.rows[0]?.units ?? 0,
    ordersByStatus,
  };
}
