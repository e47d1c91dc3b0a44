/**
 * After the load: every accepted order read back (up to `limit`, then a random sample), and with
 * --wait-processed every accepted order polled until it reaches its processed status or the wait
 * ends. Bounded in time (the wait, and the per-request timeout) and in concurrency; orders of one
 * buyer are read one after the other on that buyer's connection.
 */
import { sleep } from '../engine/clock.js';
import { createHistogram, recordMs, summarize } from '../engine/histogram.js';
import { encodeHistogram } from '../engine/histogram-codec.js';
import type { AcceptedOrder } from '../engine/types.js';
import type {
  ProcessingObservations,
  ReadBackObservations,
  ReadBackOrder,
} from '../results/integrity-types.js';
import type { ShopperSession } from '../scenario/session.js';
import type { OrderReader, OrderReading } from './order-reader.js';

export interface ReadBackOptions {
  reader: OrderReader;
  session: (userIndex: number) => ShopperSession | undefined;
  ledger: readonly AcceptedOrder[];
  /** Read all orders up to this many, else a random sample of this many; 0 = none. */
  limit: number;
  /** How long to wait for every order to be processed; 0 = do not wait. */
  waitProcessedMs: number;
  /** When each order was accepted (ms since epoch), for timing without the shop's timestamps. */
  acceptedAt?: ReadonlyMap<string, number>;
  signal?: AbortSignal;
  random?: () => number;
  concurrency?: number;
  pollIntervalMs?: number;
}

export interface ReadBackOutcome {
  readBack?: ReadBackObservations;
  processing?: ProcessingObservations;
}

const MAX_NOT_PROCESSED_IDS = 100;

/** `count` distinct items of `list` (all when it is not longer), in ledger order. */
export function sampleOrders<T>(list: readonly T[], count: number, random: () => number): T[] {
  if (list.length <= count) return [...list];
  const idx = list.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => list[i]!);
}

/** Runs `fn` over groups (one buyer's orders, in turn), at most `concurrency` groups at once. */
async function perBuyer(
  orders: readonly AcceptedOrder[],
  concurrency: number,
  fn: (order: AcceptedOrder) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const groups = new Map<number, AcceptedOrder[]>();
  for (const o of orders) {
    const g = groups.get(o.userIndex);
    if (g) g.push(o);
    else groups.set(o.userIndex, [o]);
  }
  const queue = [...groups.values()];
  const worker = async () => {
    for (let g = queue.shift(); g; g = queue.shift()) {
      for (const o of g) {
        if (signal?.aborted) return;
        await fn(o);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

async function readOne(options: ReadBackOptions, order: AcceptedOrder): Promise<OrderReading> {
  const session = options.session(order.userIndex);
  if (!session) return { status: 0, found: false, detail: 'no session for this buyer' };
  let reading = await options.reader.read(session, order.orderId, options.signal);
  // One retry for a missing answer or a server error (not for a 4xx: "not found" is an answer).
  if (!reading.found && (reading.status === 0 || reading.status >= 500) && !options.signal?.aborted)
    reading = await options.reader.read(session, order.orderId, options.signal);
  return reading;
}

function observation(orderId: string, r: OrderReading): ReadBackOrder {
  return {
    orderId,
    status: r.status,
    found: r.found,
    ...(r.items ? { items: r.items } : {}),
    ...(r.detail ? { detail: r.detail } : {}),
  };
}

export async function readBackOrders(options: ReadBackOptions): Promise<ReadBackOutcome> {
  const concurrency = options.concurrency ?? 32;
  const random = options.random ?? Math.random;
  const started = Date.now();
  const processedStatus = options.reader.processedStatus;
  const wait = options.waitProcessedMs > 0 && options.reader.hasStatus;
  const processedMs = new Map<string, { ms: number; server: boolean }>();
  const seen = (order: AcceptedOrder, r: OrderReading) => {
    if (!wait || r.orderStatus === undefined || processedMs.has(order.orderId)) return;
    if (!options.reader.processedStatuses.includes(r.orderStatus)) return;
    if (r.createdAtMs !== undefined && r.processedAtMs !== undefined) {
      processedMs.set(order.orderId, { ms: Math.max(0, r.processedAtMs - r.createdAtMs), server: true });
    } else {
      const at = options.acceptedAt?.get(order.orderId) ?? started;
      processedMs.set(order.orderId, { ms: Math.max(0, Date.now() - at), server: false });
    }
  };

  const out: ReadBackOutcome = {};
  if (options.limit > 0) {
    const chosen = sampleOrders(options.ledger, options.limit, random);
    const byId = new Map<string, ReadBackOrder>();
    await perBuyer(
      chosen,
      concurrency,
      async (order) => {
        const r = await readOne(options, order);
        byId.set(order.orderId, observation(order.orderId, r));
        seen(order, r);
      },
      options.signal,
    );
    out.readBack = {
      ledgerOrders: options.ledger.length,
      limit: options.limit,
      sampled: chosen.length < options.ledger.length,
      orders: chosen.flatMap((o) => {
        const obs = byId.get(o.orderId);
        return obs ? [obs] : [];
      }),
    };
  }
  if (!wait) return out;

  const deadline = started + options.waitProcessedMs;
  const pollInterval = options.pollIntervalMs ?? 250;
  let pending = options.ledger.filter((o) => !processedMs.has(o.orderId));
  while (pending.length > 0 && Date.now() < deadline && !options.signal?.aborted) {
    await perBuyer(
      pending,
      concurrency,
      async (order) => {
        if (Date.now() < deadline) seen(order, await readOne(options, order));
      },
      options.signal,
    );
    pending = pending.filter((o) => !processedMs.has(o.orderId));
    if (pending.length > 0) await sleep(Math.min(pollInterval, deadline - Date.now()), options.signal);
  }
  const histogram = createHistogram();
  for (const { ms } of processedMs.values()) recordMs(histogram, ms);
  const values = [...processedMs.values()];
  out.processing = {
    processedStatus,
    waitLimitMs: options.waitProcessedMs,
    waitedMs: Date.now() - started,
    polled: options.ledger.length,
    processed: processedMs.size,
    notProcessed: pending.slice(0, MAX_NOT_PROCESSED_IDS).map((o) => o.orderId),
    notProcessedCount: pending.length,
    timing: values.length > 0 && values.every((v) => v.server) ? 'server' : 'observed',
    histogram: encodeHistogram(histogram),
    latencyMs: summarize(histogram),
  };
  return out;
}
