/**
 * The tally of order answers, fed by the flow's onOrderAttempt hook: accepted, clean out-of-stock,
 * 5xx, no answer, other, in total and per product. Pure counters, summable across shards.
 */

import type { AttemptCounts, OrderAttemptTally } from '../results/integrity-types.js';
import type { OrderAttempt } from '../scenario/order-attempt.js';

export function emptyCounts(): AttemptCounts {
  return { attempts: 0, accepted: 0, outOfStock: 0, serverErrors: 0, noAnswer: 0, otherFailures: 0 };
}

export function emptyTally(): OrderAttemptTally {
  return { ...emptyCounts(), byProduct: {} };
}

type CountKey = Exclude<keyof AttemptCounts, 'attempts'>;

/** Which counter an order answer belongs to. */
export function classifyAttempt(
  attempt: Pick<OrderAttempt, 'outcome' | 'status'> & { errorKind?: OrderAttempt['errorKind'] },
): CountKey {
  if (attempt.outcome === 'accepted') return 'accepted';
  if (attempt.outcome === 'out_of_stock') return 'outOfStock';
  // A 5xx status, or a body the scenario's serverError matches (a GraphQL `errors` answer at 200).
  if (attempt.status >= 500 || attempt.errorKind === 'http_5xx') return 'serverErrors';
  if (attempt.status === 0) return 'noAnswer';
  return 'otherFailures';
}

function bump(counts: AttemptCounts, key: CountKey): void {
  counts.attempts++;
  counts[key]++;
}

/** Counts one order answer into `tally`. */
export function recordAttempt(tally: OrderAttemptTally, attempt: OrderAttempt): void {
  const key = classifyAttempt(attempt);
  bump(tally, key);
  const items = attempt.items;
  for (let i = 0; i < items.length; i++) {
    const line = items[i]!;
    // Once per product (a kept cart may list one twice); an order has a few lines.
    if (items.findIndex((l) => l.productId === line.productId) < i) continue;
    let counts = tally.byProduct[line.productId];
    if (!counts) {
      counts = emptyCounts();
      tally.byProduct[line.productId] = counts;
    }
    bump(counts, key);
  }
}

function addCounts(into: AttemptCounts, from: AttemptCounts): void {
  into.attempts += from.attempts;
  into.accepted += from.accepted;
  into.outOfStock += from.outOfStock;
  into.serverErrors += from.serverErrors;
  into.noAnswer += from.noAnswer;
  into.otherFailures += from.otherFailures;
}

/** The sum of several tallies (shards of one run). */
export function mergeTallies(tallies: Iterable<OrderAttemptTally>): OrderAttemptTally {
  const out = emptyTally();
  for (const t of tallies) {
    addCounts(out, t);
    for (const [id, counts] of Object.entries(t.byProduct)) {
      let into = out.byProduct[id];
      if (!into) {
        into = emptyCounts();
        out.byProduct[id] = into;
      }
      addCounts(into, counts);
    }
  }
  return out;
}

/** The counts of an attempt total, without the per-product map. */
export function totals(tally: AttemptCounts): AttemptCounts {
  const { attempts, accepted, outOfStock, serverErrors, noAnswer, otherFailures } = tally;
  return { attempts, accepted, outOfStock, serverErrors, noAnswer, otherFailures };
}
