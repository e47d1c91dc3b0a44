/**
 * The reconciliation's order checks (pure): the shop's order and unit counts against the ledger,
 * and the orders read back against the ledger's items.
 */
import type { OrderLine } from '../engine/types.js';
import type { ReconcileInput, Violation } from '../results/integrity-types.js';

const MAX_IDS = 20;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function unitsByProduct(lines: readonly OrderLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l.productId, (out.get(l.productId) ?? 0) + l.quantity);
  return out;
}

function sameItems(a: readonly OrderLine[], b: readonly OrderLine[]): boolean {
  const x = unitsByProduct(a);
  const y = unitsByProduct(b);
  if (x.size !== y.size) return false;
  for (const [id, n] of x) if (y.get(id) !== n) return false;
  return true;
}

function moreUnits(read: readonly OrderLine[], ordered: readonly OrderLine[]): boolean {
  const sum = (items: readonly OrderLine[]) => items.reduce((n, l) => n + l.quantity, 0);
  return sum(read) > sum(ordered);
}

export function formatItems(items: readonly OrderLine[]): string {
  if (items.length === 0) return '(no items)';
  return [...unitsByProduct(items)].map(([id, n]) => `${n}× product ${id}`).join(', ');
}

export function checkCounts(
  input: ReconcileInput,
  unitsTotal: number,
  violations: Violation[],
  notes: string[],
) {
  const { before, after, ledger } = input;
  let created: number | null = null;
  if (before.orders !== undefined && after.orders !== undefined) {
    created = after.orders - before.orders;
    const accepted = ledger.length;
    if (created > accepted) {
      violations.push({
        kind: 'order_count',
        count: created - accepted,
        expected: accepted,
        actual: created,
        message: `the shop holds ${created} new orders but accepted only ${accepted}: ${plural(created - accepted, 'order')} created without the buyer being told`,
      });
    } else if (created < accepted) {
      violations.push({
        kind: 'order_count',
        count: accepted - created,
        expected: accepted,
        actual: created,
        message: `${accepted} orders were accepted but the shop holds only ${created} new ones: ${plural(accepted - created, 'accepted order')} lost`,
      });
    }
  } else {
    notes.push('The inventory does not report an order count: the order count was not compared.');
  }
  if (before.unitsOrdered !== undefined && after.unitsOrdered !== undefined) {
    const units = after.unitsOrdered - before.unitsOrdered;
    if (units !== unitsTotal) {
      violations.push({
        kind: 'units_count',
        count: Math.abs(units - unitsTotal),
        expected: unitsTotal,
        actual: units,
        message: `the shop's orders gained ${plural(units, 'unit')} but accepted orders hold ${plural(unitsTotal, 'unit')}`,
      });
    }
  }
  return created;
}

export function checkReadBack(input: ReconcileInput, violations: Violation[], notes: string[]): number {
  const rb = input.readBack;
  if (!rb) return 0;
  const byId = new Map(input.ledger.map((o) => [o.orderId, o]));
  const missing: string[] = [];
  const unreadable: string[] = [];
  let verified = 0;
  for (const obs of rb.orders) {
    const expected = byId.get(obs.orderId);
    if (!obs.found) {
      if (obs.status >= 400 && obs.status < 500) missing.push(obs.orderId);
      else unreadable.push(obs.orderId);
      continue;
    }
    verified++;
    if (!expected) continue;
    if (!obs.items) {
      violations.push({
        kind: 'order_mismatch',
        count: 1,
        orderIds: [obs.orderId],
        message: `order ${obs.orderId}: read back without readable items${obs.detail ? ` (${obs.detail})` : ''}`,
      });
    } else if (!sameItems(expected.items, obs.items)) {
      violations.push({
        kind: 'order_mismatch',
        count: 1,
        orderIds: [obs.orderId],
        message: `order ${obs.orderId}: read back with ${formatItems(obs.items)}, but ${formatItems(expected.items)} was ordered${moreUnits(obs.items, expected.items) ? ' (lines left in the cart by an earlier run?)' : ''}`,
      });
    }
  }
  if (missing.length > 0) {
    violations.push({
      kind: 'order_missing',
      count: missing.length,
      orderIds: missing.slice(0, MAX_IDS),
      message: `${plural(missing.length, 'accepted order')} cannot be read back (the shop says not found): ${missing.slice(0, MAX_IDS).join(', ')}${missing.length > MAX_IDS ? ', …' : ''}`,
    });
  }
  if (unreadable.length > 0) {
    notes.push(
      `${plural(unreadable.length, 'order')} could not be read back (no answer or a server error), so their items are not verified: ${unreadable.slice(0, MAX_IDS).join(', ')}`,
    );
  }
  if (rb.sampled) {
    notes.push(`Read back a random sample of ${rb.orders.length} of the ${rb.ledgerOrders} accepted orders.`);
  }
  return verified;
}
