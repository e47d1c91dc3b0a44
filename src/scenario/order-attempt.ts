/**
 * Hooks of the order flow for the integrity check: every order request's outcome (with the
 * products it asked for), and the flash sale's barrier that holds the orders until every buyer
 * has logged in and filled the cart, then releases them together.
 */
import type { ErrorKind, OrderLine } from '../engine/types.js';
import type { Product } from './products.js';

/** One order request, as the flow saw it. */
export interface OrderAttempt {
  userIndex: number;
  /** What the order asked for (the cart this run filled). */
  items: OrderLine[];
  /** HTTP status, 0 when no answer arrived. */
  status: number;
  outcome: 'accepted' | 'out_of_stock' | 'failed';
  errorKind?: ErrorKind;
  /** The accepted order's id. */
  orderId?: string;
  /** Wall-clock time of the answer (ms since epoch). */
  endedAt: number;
}

/** A shopper's place at the barrier for one iteration. */
export interface BarrierTicket {
  /** Waits until everyone has arrived or left (or `signal` aborts). */
  arrive(signal: AbortSignal): Promise<void>;
  /** Gives the place up (no-op after arrive): the shopper will not order. */
  leave(): void;
}

export interface OrderBarrier {
  ticket(): BarrierTicket;
}

/** The flash sale's product pick and barrier (see createOrderBarrier in src/reconcile). */
export interface FlashSaleFlow {
  product: Product;
  barrier: OrderBarrier;
}
