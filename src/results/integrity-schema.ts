/**
 * The zod schema of `results.integrity`, used by parseResults() when results files are read back
 * (baselines, shard merges). The raw inputs are validated too: a merge reconciles from them.
 */
import { z } from 'zod';
import { INTEGRITY_MODES, type IntegrityReport, VIOLATION_KINDS } from './integrity-types.js';

const count = z.number().int().nonnegative();
const int = z.number().int();
const ms = z.number().nonnegative();

const line = z.object({ productId: z.string(), quantity: z.number() });

const snapshot = z.object({
  takenAt: z.string(),
  products: z.array(z.object({ id: z.string(), stock: z.number() })),
  orders: z.number().optional(),
  unitsOrdered: z.number().optional(),
  ordersByStatus: z.record(z.string(), z.number()).optional(),
});

const counts = z.object({
  attempts: count,
  accepted: count,
  outOfStock: count,
  serverErrors: count,
  noAnswer: count,
  otherFailures: count,
});

const tally = counts.extend({ byProduct: z.record(z.string(), counts) });

const readBack = z.object({
  ledgerOrders: count,
  limit: count,
  sampled: z.boolean(),
  orders: z.array(
    z.object({
      orderId: z.string(),
      status: count,
      found: z.boolean(),
      items: z.array(line).optional(),
      detail: z.string().optional(),
    }),
  ),
});

const latency = z.object({ min: ms, mean: ms, p50: ms, p90: ms, p95: ms, p99: ms, max: ms });

const processing = z.object({
  processedStatus: z.string(),
  waitLimitMs: ms,
  waitedMs: ms,
  polled: count,
  processed: count,
  notProcessed: z.array(z.string()),
  notProcessedCount: count,
  timing: z.enum(['server', 'observed']),
  histogram: z.string(),
  latencyMs: latency,
});

const options = z.object({ flashSale: z.object({ productId: z.string() }).optional() });

export const integrityReportSchema = z.object({
  checked: z.boolean(),
  mode: z.enum(INTEGRITY_MODES),
  skipped: z.string().optional(),
  violations: z.array(
    z.object({
      kind: z.enum(VIOLATION_KINDS),
      productId: z.string().optional(),
      count: z.number(),
      expected: z.number().optional(),
      actual: z.number().optional(),
      orderIds: z.array(z.string()).optional(),
      message: z.string(),
    }),
  ),
  summary: z.object({
    ordersAccepted: count,
    unitsAccepted: z.number(),
    productsChecked: count,
    ordersReadBack: count,
    ordersCreated: int.nullable(),
    orderAnswers: counts,
  }),
  products: z.array(
    z.object({
      productId: z.string(),
      before: z.number().nullable(),
      after: z.number().nullable(),
      unitsAccepted: z.number(),
      stockDecrease: z.number().nullable(),
      ok: z.boolean(),
    }),
  ),
  flashSale: z
    .object({
      productId: z.string(),
      stockBefore: z.number(),
      demand: count,
      expectedAccepted: z.number(),
      accepted: count,
      outOfStock: count,
      unclean: count,
      stockAfter: z.number(),
      expectedStockAfter: z.number(),
    })
    .optional(),
  processing: processing.optional(),
  notes: z.array(z.string()),
  inputs: z
    .object({
      before: snapshot,
      after: snapshot,
      orderErrors: tally,
      readBack: readBack.optional(),
      processing: processing.optional(),
      options: options.optional(),
    })
    .optional(),
}) satisfies z.ZodType<IntegrityReport>;
