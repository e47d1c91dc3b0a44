import type { Queryable } from '../db/adapter.js';
import { centsToPrice } from '../money.js';

export interface OrderView {
  id: number;
  status: string;
  total: number;
  items: { productId: number; quantity: number; price: number }[];
  createdAt: string;
  processedAt: string | null;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The order if it belongs to `userId`, else null (someone else's order looks like no order). */
export async function getOrder(db: Queryable, userId: number, orderId: number): Promise<OrderView | null> {
  const { rows } = await db.query<{
    id: number;
    status: string;
    total_cents: string | number;
    created_at: Date | string;
    processed_at: Date | string | null;
    items: { productId: number; quantity: number; priceCents: number }[];
  }>(
    `SELECT o.id, o.status, o.total_cents, o.created_at, o.processed_at,
            COALESCE((SELECT json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity,
                                                        'priceCents', i.price_cents) ORDER BY i.product_id)
                      FROM order_items i WHERE i.order_id = o.id), '[]'::json) AS items
     FROM orders o WHERE o.id = $1 AND o.user_id = $2`,
    [orderId, userId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    total: centsToPrice(row.total_cents),
    items: row.items.map((item) => ({
      productId: item.productId,
      quantity: item.quantity,
      price: centsToPrice(item.priceCents),
    })),
    createdAt: iso(row.created_at) ?? '',
    processedAt: iso(row.processed_at),
  };
}
