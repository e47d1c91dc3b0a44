/**
 * The integrity check's requests in a scenario: the inventory (stock per product and order counts),
 * the shop's statistics, the read-back of one accepted order, and the per-run reset before the load.
 * Each is any method with any body (GraphQL POSTs included).
 */
import { z } from 'zod';
import { matcherSchema } from './matcher-schema.js';
import { jsonPath, plainRequest } from './schema-parts.js';
import { stockProblem } from './stock.js';

/** A stock: a JSON path or an expression over paths ("stockOnHand - stockAllocated"). */
export const stockSpec = z
  .string({ error: 'a JSON path or an expression such as "stockOnHand - stockAllocated"' })
  .check((ctx) => {
    const problem = stockProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
  });

/**
 * The integrity check's read-back of one accepted order, sent with the buyer's session:
 * `{{orderId}}` is the ledger's id. `status`/`processedStatus` serve --wait-processed;
 * `createdAt`/`processedAt` (dates), when given, time the processing on the shop's clock.
 */
export const readOrderSchema = z.strictObject({
  ...plainRequest('GET'),
  items: jsonPath.default('items'),
  fields: z
    .strictObject({ productId: jsonPath.default('productId'), quantity: jsonPath.default('quantity') })
    .default({ productId: 'productId', quantity: 'quantity' }),
  status: jsonPath.optional(),
  processedStatus: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
      error: 'a status, or a list of statuses that each mean processed',
    })
    .default('processed'),
  createdAt: jsonPath.optional(),
  processedAt: jsonPath.optional(),
});

/**
 * The inventory's second request: a stats route (e.g. GET /admin/stats/) where the shop counts its
 * orders and units sold. Its paths replace the inventory's own ordersCount/unitsOrdered/ordersByStatus.
 */
export const statsSchema = z
  .strictObject({
    ...plainRequest('GET'),
    ordersCount: jsonPath.optional(),
    unitsOrdered: jsonPath.optional(),
    ordersByStatus: jsonPath.optional(),
  })
  .refine((s) => s.ordersCount ?? s.unitsOrdered ?? s.ordersByStatus, {
    error: 'at least one of ordersCount, unitsOrdered or ordersByStatus',
  });

/** The integrity check: where the shop reports stock and order counts (headers may use {{adminToken}}). */
export const inventorySchema = z.strictObject({
  ...plainRequest('GET'),
  list: jsonPath.default('products'),
  fields: z
    .strictObject({ id: jsonPath.default('id'), stock: stockSpec.default('stock') })
    .default({ id: 'id', stock: 'stock' }),
  ordersCount: jsonPath.optional(),
  unitsOrdered: jsonPath.optional(),
  ordersByStatus: jsonPath.optional(),
  /** A second request for the shop's own statistics when they are not in the inventory answer. */
  stats: statsSchema.optional(),
  readOrder: readOrderSchema.optional(),
});

/** Sent once per run before the load (and its preflight), e.g. to clear carts left by an earlier run. */
export const resetSchema = z.strictObject({
  ...plainRequest('POST'),
  success: matcherSchema.optional(),
});
