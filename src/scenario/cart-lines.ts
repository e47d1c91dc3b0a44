/**
 * The lines a shopper's cart holds that no order has taken yet, and the accepted order's ledger
 * lines made from them (a kept cart may hold a product twice: quantities are summed).
 */
import type { OrderLine } from '../engine/types.js';

export interface PendingLine {
  id: string | number;
  quantity: number;
}

/**
 * Sums quantities per product (a kept cart may hold a product twice), in first-seen order: the
 * first `count` lines (all by default).
 */
export function ledgerLines(lines: readonly PendingLine[], count = lines.length): OrderLine[] {
  const out: OrderLine[] = [];
  // Once per order: a cart holds a few lines, searched linearly (no Map and iterators per order).
  const index = count > 16 ? new Map<string, OrderLine>() : undefined;
  for (let i = 0; i < count; i++) {
    const productId = String(lines[i]!.id);
    const same = index ? index.get(productId) : findLine(out, productId);
    if (same) {
      same.quantity += lines[i]!.quantity;
      continue;
    }
    const line = { productId, quantity: lines[i]!.quantity };
    out.push(line);
    index?.set(productId, line);
  }
  return out;
}

function findLine(lines: OrderLine[], productId: string): OrderLine | undefined {
  for (let i = 0; i < lines.length; i++) if (lines[i]!.productId === productId) return lines[i];
  return undefined;
}
