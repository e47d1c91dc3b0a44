/**
 * The contracts between the parts of the engine. Clients never touch statistics: every
 * request is reported once, as a RequestRecord, to a Recorder (Locust's request event);
 * every finished flow iteration is reported once, as an IterationRecord.
 */

/**
 * The order flow's phases, the report's fixed lines. A scenario's named steps (checkout steps...) each
 * count in one phase and have a line of their own too (RequestRecord.name).
 */
export const STEP_NAMES = ['login', 'products', 'cart', 'order'] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** Error kinds kept apart in the results. */
export type ErrorKind =
  | 'connection_refused'
  | 'connection_reset'
  | 'timeout'
  | 'http_4xx'
  | 'http_5xx'
  | 'out_of_stock'
  | 'invalid_response'
  | 'aborted'
  | 'other';

export interface RequestRecord {
  step: StepName;
  /**
   * The scenario step's name when it has its own line in the reports (a checkout step, a renamed
   * section); the request still counts in `step`, its phase of the flow.
   */
  name?: string;
  /** HTTP status, 0 when no response arrived. */
  status: number;
  /** Milliseconds from the request's (intended) start to its end, fractional. */
  latencyMs: number;
  ok: boolean;
  errorKind?: ErrorKind;
  /** Short, already truncated text of what went wrong (for reports; never a secret). */
  errorDetail?: string;
  /** Wall-clock end time (ms since epoch); the recorder uses it for the timeline. Defaults to now. */
  endedAt?: number;
}

export type IterationOutcome =
  /** Order accepted by the shop. */
  | 'order_succeeded'
  /** The order request failed (5xx, timeout, unexpected answer, refused without out-of-stock). */
  | 'order_failed'
  /** The order request got a clean out-of-stock answer. */
  | 'out_of_stock'
  /** Adding to the cart failed, so no order was attempted. */
  | 'cart_failed'
  /** Nothing was in stock, or the cart answered out of stock: no order was sent. */
  | 'sold_out'
  /** Logging in failed, so nothing was attempted. */
  | 'login_failed'
  /** Listing products failed (error or unusable answer). */
  | 'products_failed';

export interface OrderLine {
  productId: string;
  quantity: number;
}

/** What the shop accepted: the integrity ledger is made of these. */
export interface AcceptedOrder {
  orderId: string;
  userIndex: number;
  items: OrderLine[];
}

export interface IterationRecord {
  userIndex: number;
  outcome: IterationOutcome;
  /** Whole flow (login when done in this iteration, products, cart, order), from the intended start. */
  latencyMs: number;
  order?: AcceptedOrder;
  endedAt?: number;
}

export interface Recorder {
  /** The scenario's named steps in flow order (each a line of its own in the reports). */
  declareSteps?(steps: readonly { name: string; step: StepName }[]): void;
  record(request: RequestRecord): void;
  recordIteration(iteration: IterationRecord): void;
}

/** One virtual shopper: a distinct account with its own session. */
export interface Shopper {
  readonly userIndex: number;
  /**
   * Runs one iteration of the flow (logging in first when it has no session yet) and reports
   * every request and the iteration to the recorder. Never throws for target errors.
   * `intendedStartMs` (performance.now() clock) is when the iteration should have started:
   * latencies of the first request and of the flow are measured from it (no coordinated omission).
   */
  iterate(signal: AbortSignal, intendedStartMs?: number): Promise<IterationOutcome>;
}

export interface ShopperFactory {
  create(userIndex: number): Shopper;
  /** Closes connection pools. */
  close(): Promise<void>;
}
