/**
 * The reconciliation, as one PURE function of what was observed: the ledger of accepted orders,
 * the inventory before and after, the tally of order answers, the orders read back and the
 * processing wait. No I/O, no clock: a merge of shard results calls it once on the combined
 * inputs (ledgers concatenated, tallies summed, the earliest `before` and the latest `after`).
 *
 * Checked, for every product: stock before - stock after == units in accepted orders (no oversell,
 * no lost decrement, no unexplained decrement), no stock below zero; every order read back has the
 * ledger's items; the shop's order count grew by exactly the number accepted; no 5xx answered an
 * order for a product that sold out (a clean out-of-stock was due); orders reached their processed
 * status in time; and for a flash sale, exactly min(stock, demand) orders were accepted, every other
 * one refused cleanly, and the final stock is what remains.
 */

import {
  type FlashSaleReport,
  type IntegrityMode,
  type IntegrityReport,
  type ProductReconciliation,
  type ReconcileInput,
  VIOLATION_KINDS,
  type Violation,
} from '../results/integrity-types.js';
import { checkCounts, checkReadBack, unitsByProduct } from './check-orders.js';
import { emptyCounts, totals } from './tally.js';

export type { ReconcileInput } from '../results/integrity-types.js';

const MAX_IDS = 20;
const MAX_PRODUCTS = 200;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function stockMap(products: readonly { id: string; stock: number }[]): Map<string, number> {
  return new Map(products.map((p) => [String(p.id), p.stock]));
}

function checkProducts(input: ReconcileInput, units: Map<string, number>, violations: Violation[]) {
  const before = stockMap(input.before.products);
  const after = stockMap(input.after.products);
  const ids = new Set([...before.keys(), ...after.keys(), ...units.keys()]);
  const rows: ProductReconciliation[] = [];
  for (const productId of ids) {
    const b = before.get(productId) ?? null;
    const a = after.get(productId) ?? null;
    const u = units.get(productId) ?? 0;
    const decrease = b !== null && a !== null ? b - a : null;
    let ok = true;
    const add = (v: Omit<Violation, 'productId'>) => {
      ok = false;
      violations.push({ productId, ...v });
    };
    if (b === null || a === null) {
      if (u > 0) {
        const when = b === null && a === null ? 'before or after' : b === null ? 'before' : 'after';
        add({
          kind: 'unknown_product',
          count: u,
          message: `product ${productId}: accepted orders hold ${plural(u, 'unit')}, but the inventory ${when} the run does not list the product`,
        });
      }
    } else {
      if (a < 0) {
        add({
          kind: 'negative_stock',
          count: -a,
          actual: a,
          message: `product ${productId}: stock is ${a} after the run (below zero)`,
        });
      }
      if (u > Math.max(0, b)) {
        add({
          kind: 'oversell',
          count: u - Math.max(0, b),
          expected: b,
          actual: u,
          message: `product ${productId}: oversold by ${u - Math.max(0, b)}: ${plural(u, 'unit')} accepted with only ${b} in stock`,
        });
      }
      if (decrease !== null && u > decrease) {
        add({
          kind: 'lost_decrement',
          count: u - decrease,
          expected: u,
          actual: decrease,
          message: `product ${productId}: accepted orders hold ${plural(u, 'unit')} but the stock went from ${b} to ${a} (down ${decrease}): ${u - decrease} decrement(s) lost`,
        });
      } else if (decrease !== null && u < decrease) {
        add({
          kind: 'phantom_decrement',
          count: decrease - u,
          expected: u,
          actual: decrease,
          message: `product ${productId}: the stock went from ${b} to ${a} (down ${decrease}) but accepted orders hold only ${plural(u, 'unit')}: ${decrease - u} unit(s) left the stock without an accepted order`,
        });
      }
    }
    if (u > 0 || decrease !== 0 || !ok) {
      rows.push({ productId, before: b, after: a, unitsAccepted: u, stockDecrease: decrease, ok });
    }
  }
  rows.sort((x, y) => Number(x.ok) - Number(y.ok) || y.unitsAccepted - x.unitsAccepted);
  return { rows: rows.slice(0, MAX_PRODUCTS), count: ids.size, after };
}

function checkContention(
  input: ReconcileInput,
  before: Map<string, number>,
  after: Map<string, number>,
  violations: Violation[],
): void {
  const saleProduct = input.options?.flashSale?.productId;
  for (const [productId, counts] of Object.entries(input.orderErrors.byProduct)) {
    if (productId === saleProduct || counts.serverErrors === 0) continue;
    const a = after.get(productId);
    const b = before.get(productId);
    if (a === undefined || a > 0 || (b !== undefined && b <= 0)) continue;
    violations.push({
      kind: 'server_error_on_contention',
      productId,
      count: counts.serverErrors,
      message: `product ${productId} sold out, and ${plural(counts.serverErrors, 'order')} for it got a server error (5xx) where a clean out-of-stock was due`,
    });
  }
}

function checkFlashSale(
  input: ReconcileInput,
  stock: { before: Map<string, number>; after: Map<string, number> },
  violations: Violation[],
): FlashSaleReport | undefined {
  const sale = input.options?.flashSale;
  if (!sale) return undefined;
  const productId = sale.productId;
  const stockBefore = stock.before.get(productId) ?? 0;
  const stockAfter = stock.after.get(productId) ?? 0;
  const counts = input.orderErrors.byProduct[productId];
  const demand = counts?.attempts ?? 0;
  const accepted = input.ledger.filter((o) => o.items.some((l) => l.productId === productId)).length;
  const outOfStock = counts?.outOfStock ?? 0;
  const unclean = Math.max(0, demand - (counts?.accepted ?? 0) - outOfStock);
  const expectedAccepted = Math.min(Math.max(0, stockBefore), demand);
  const expectedStockAfter = stockBefore - expectedAccepted;
  const report: FlashSaleReport = {
    productId,
    stockBefore,
    demand,
    expectedAccepted,
    accepted,
    outOfStock,
    unclean,
    stockAfter,
    expectedStockAfter,
  };
  if (accepted !== expectedAccepted) {
    violations.push({
      kind: 'flash_sale_accepted',
      productId,
      count: Math.abs(accepted - expectedAccepted),
      expected: expectedAccepted,
      actual: accepted,
      message: `flash sale of product ${productId}: ${plural(accepted, 'order')} accepted for ${stockBefore} units and ${demand} buyers (expected exactly ${expectedAccepted})`,
    });
  }
  if (unclean > 0) {
    const parts = [
      counts?.serverErrors ? `5xx: ${counts.serverErrors}` : '',
      counts?.noAnswer ? `no answer: ${counts.noAnswer}` : '',
      counts?.otherFailures ? `other: ${counts.otherFailures}` : '',
    ].filter((p) => p !== '');
    violations.push({
      kind: 'flash_sale_unclean',
      productId,
      count: unclean,
      message: `flash sale of product ${productId}: ${unclean} of ${demand - accepted} refused orders were not a clean out-of-stock (${parts.join(', ')})`,
    });
  }
  if (stockAfter !== expectedStockAfter) {
    violations.push({
      kind: 'flash_sale_final_stock',
      productId,
      count: Math.abs(stockAfter - expectedStockAfter),
      expected: expectedStockAfter,
      actual: stockAfter,
      message: `flash sale of product ${productId}: final stock ${stockAfter} (expected ${expectedStockAfter})`,
    });
  }
  return report;
}

function answerNotes(input: ReconcileInput, notes: string[]): void {
  const t = input.orderErrors;
  if (t.serverErrors > 0) {
    notes.push(
      `${plural(t.serverErrors, 'order request')} got a server error (5xx); each is counted, and the stock reconciliation shows whether one changed anything.`,
    );
  }
  if (t.noAnswer > 0) {
    notes.push(
      `${plural(t.noAnswer, 'order request')} got no answer (timeout, reset or stopped): the shop may have created such an order without the buyer knowing, which shows as an unexplained decrement or order.`,
    );
  }
}

/** The integrity report of one run (or of merged shards): see the module comment. */
export function reconcileIntegrity(input: ReconcileInput): IntegrityReport {
  const violations: Violation[] = [];
  const notes: string[] = [];
  const units = unitsByProduct(input.ledger.flatMap((o) => o.items));
  const unitsTotal = [...units.values()].reduce((n, u) => n + u, 0);
  const products = checkProducts(input, units, violations);
  const before = stockMap(input.before.products);
  const ordersCreated = checkCounts(input, unitsTotal, violations, notes);
  const ordersReadBack = checkReadBack(input, violations, notes);
  checkContention(input, before, products.after, violations);
  const flashSale = checkFlashSale(input, { before, after: products.after }, violations);
  const processing = input.processing;
  if (processing && processing.notProcessedCount > 0) {
    const ids = processing.notProcessed.slice(0, MAX_IDS);
    violations.push({
      kind: 'not_processed',
      count: processing.notProcessedCount,
      orderIds: ids,
      message: `${plural(processing.notProcessedCount, 'accepted order')} did not reach "${processing.processedStatus}" within ${Math.round(processing.waitLimitMs / 1000)} s: ${ids.join(', ')}${processing.notProcessedCount > ids.length ? ', …' : ''}`,
    });
  }
  answerNotes(input, notes);
  const rank = (v: Violation) => VIOLATION_KINDS.indexOf(v.kind);
  violations.sort((a, b) => rank(a) - rank(b) || b.count - a.count);
  const report: IntegrityReport = {
    checked: true,
    mode: input.mode ?? 'on',
    violations,
    summary: {
      ordersAccepted: input.ledger.length,
      unitsAccepted: unitsTotal,
      productsChecked: products.count,
      ordersReadBack,
      ordersCreated,
      orderAnswers: totals(input.orderErrors),
    },
    products: products.rows,
    notes,
    inputs: {
      before: input.before,
      after: input.after,
      orderErrors: input.orderErrors,
      ...(input.readBack ? { readBack: input.readBack } : {}),
      ...(processing ? { processing } : {}),
      ...(input.options ? { options: input.options } : {}),
    },
  };
  if (flashSale) report.flashSale = flashSale;
  if (processing) report.processing = processing;
  return report;
}

/** The report when the check could not or should not run. */
export function skippedIntegrity(mode: IntegrityMode, reason: string): IntegrityReport {
  return {
    checked: false,
    mode,
    skipped: reason,
    violations: [],
    summary: {
      ordersAccepted: 0,
      unitsAccepted: 0,
      productsChecked: 0,
      ordersReadBack: 0,
      ordersCreated: null,
      orderAnswers: emptyCounts(),
    },
    products: [],
    notes: [],
  };
}
