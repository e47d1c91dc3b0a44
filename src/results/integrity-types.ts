/**
 * The integrity check's data: what is observed during and after a run (inventory snapshots, the
 * tally of order answers, orders read back, processing times) and the report reconciled from it.
 * Everything here is plain JSON, kept in the results file (`integrity.inputs`), so a merge of shard
 * results can reconcile once from the raw observations with reconcileIntegrity().
 */
import type { LatencySummary } from '../engine/histogram.js';
import type { AcceptedOrder, OrderLine } from '../engine/types.js';

export const INTEGRITY_MODES = ['auto', 'on', 'off'] as const;
export type IntegrityMode = (typeof INTEGRITY_MODES)[number];

/** One reading of the shop's stock, with when it was taken. */
export interface InventorySnapshot {
  /** ISO time the answer arrived. */
  takenAt: string;
  products: { id: string; stock: number }[];
  /** Orders the shop holds, when the inventory says (reference shop: `orders`). */
  orders?: number;
  /** Units in all the shop's orders, when the inventory says (reference shop: `unitsOrdered`). */
  unitsOrdered?: number;
  /** Orders per status, when the inventory says (reference shop: `ordersByStatus`). */
  ordersByStatus?: Record<string, number>;
}

/** Counts of order answers. An attempt is counted once in the totals and once per product it asked for. */
export interface AttemptCounts {
  attempts: number;
  accepted: number;
  /** Clean out-of-stock answers (409 or the scenario's `outOfStock`). */
  outOfStock: number;
  /** 5xx answers. */
  serverErrors: number;
  /** No usable answer: timeout, connection refused or reset, aborted at the stop. */
  noAnswer: number;
  /** Anything else: another 4xx, an answer without an order id, an unreadable answer. */
  otherFailures: number;
}

/** How the order requests were answered, in total and per product (summable across shards). */
export interface OrderAttemptTally extends AttemptCounts {
  byProduct: Record<string, AttemptCounts>;
}

/** One accepted order as read back from the shop after the load. */
export interface ReadBackOrder {
  orderId: string;
  /** HTTP status of the read (0: no answer). */
  status: number;
  /** Whether the shop answered with the order. */
  found: boolean;
  /** Its items, when found and readable. */
  items?: OrderLine[];
  /** What went wrong, when not found or unreadable. */
  detail?: string;
}

export interface ReadBackObservations {
  /** Accepted orders in the ledger. */
  ledgerOrders: number;
  /** At most this many were read (all when the ledger is not longer, else a random sample). */
  limit: number;
  sampled: boolean;
  orders: ReadBackOrder[];
}

/** The wait for asynchronous processing (--wait-processed), summarised. */
export interface ProcessingObservations {
  /** The status that counts as processed, e.g. "processed". */
  processedStatus: string;
  waitLimitMs: number;
  /** From the end of the load until every order was processed, or the limit. */
  waitedMs: number;
  /** Orders polled (every accepted order). */
  polled: number;
  processed: number;
  /** Ids of orders that did not reach the processed status in time (at most 100). */
  notProcessed: string[];
  notProcessedCount: number;
  /** Where the times come from: the shop's createdAt/processedAt, or when the gate saw the change. */
  timing: 'server' | 'observed';
  /** Time from the order's creation to its processing (HDR, µs, compressed base64). */
  histogram: string;
  latencyMs: LatencySummary;
}

export interface FlashSaleOptions {
  /** The one product every buyer wants. */
  productId: string;
}

export interface ReconcileOptions {
  flashSale?: FlashSaleOptions;
}

/** The raw observations reconcileIntegrity() needs, besides the ledger (results.ledger). */
export interface IntegrityInputs {
  before: InventorySnapshot;
  after: InventorySnapshot;
  orderErrors: OrderAttemptTally;
  readBack?: ReadBackObservations;
  processing?: ProcessingObservations;
  options?: ReconcileOptions;
}

/** What reconcileIntegrity() takes: the ledger (results.ledger) and the raw inputs. */
export interface ReconcileInput extends IntegrityInputs {
  ledger: readonly AcceptedOrder[];
  mode?: IntegrityMode;
}

export const VIOLATION_KINDS = [
  'oversell',
  'lost_decrement',
  'phantom_decrement',
  'negative_stock',
  'unknown_product',
  'order_count',
  'units_count',
  'order_missing',
  'order_mismatch',
  'server_error_on_contention',
  'not_processed',
  'flash_sale_accepted',
  'flash_sale_unclean',
  'flash_sale_final_stock',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface Violation {
  kind: ViolationKind;
  /** The product concerned, when there is one. */
  productId?: string;
  /** How many units or orders are wrong (the excess for an oversell). */
  count: number;
  expected?: number;
  actual?: number;
  /** Some of the orders concerned (at most 20). */
  orderIds?: string[];
  /** One line for humans, with the product id and the counts. */
  message: string;
}

/** One product's reconciliation (only products the run touched or whose stock moved). */
export interface ProductReconciliation {
  productId: string;
  before: number | null;
  after: number | null;
  /** Units in accepted orders (the ledger). */
  unitsAccepted: number;
  /** before - after. */
  stockDecrease: number | null;
  ok: boolean;
}

export interface FlashSaleReport {
  productId: string;
  stockBefore: number;
  /** Buyers who placed an order (order attempts). */
  demand: number;
  expectedAccepted: number;
  accepted: number;
  outOfStock: number;
  unclean: number;
  stockAfter: number;
  expectedStockAfter: number;
}

export interface IntegrityReport {
  /** Whether the reconciliation was done (false: skipped, see `skipped`). */
  checked: boolean;
  mode: IntegrityMode;
  /** Why it was not done. */
  skipped?: string;
  violations: Violation[];
  summary: {
    ordersAccepted: number;
    unitsAccepted: number;
    productsChecked: number;
    ordersReadBack: number;
    /** The shop's order count growth, when its inventory says. */
    ordersCreated: number | null;
    orderAnswers: AttemptCounts;
  };
  /** Products that were ordered or whose stock changed (at most 200, problems first). */
  products: ProductReconciliation[];
  flashSale?: FlashSaleReport;
  processing?: ProcessingObservations;
  /** Context for humans (sampling, ambiguous answers...). */
  notes: string[];
  /** What the report was reconciled from (with results.ledger). */
  inputs?: IntegrityInputs;
}
