/**
 * The run's one Recorder: every request and every finished iteration lands here (Locust's
 * request event). record() is on the hot path (~30,000 calls/s): it only bumps counters and
 * records into preallocated HDR histograms; nothing is sorted or summarised per call.
 */

import { scrub } from '../core/scrub.js';
import { type ErrorSample, ErrorSamples } from './error-samples.js';
import { createHistogram, type Histogram, recordMs } from './histogram.js';
import { OrderLedger } from './order-ledger.js';
import { SecondTimeline, type StepSeconds, type TimelinePoint } from './second-timeline.js';
import {
  type AcceptedOrder,
  type IterationOutcome,
  type IterationRecord,
  type Recorder,
  type RequestRecord,
  STEP_NAMES,
  type StepName,
} from './types.js';

/** The request steps plus 'flow', the whole iteration. */
export type MetricStep = StepName | 'flow';
export const METRIC_STEPS: readonly MetricStep[] = [...STEP_NAMES, 'flow'];

/** Per-step counters. For 'flow', `errors` counts the failed iterations by outcome. */
export interface StepStats {
  readonly histogram: Histogram;
  count: number;
  failures: number;
  readonly errors: Map<string, number>;
  readonly statusCodes: Map<number, number>;
}

export interface LiveSnapshot {
  elapsedMs: number;
  users: number;
  requests: number;
  failures: number;
  /** Over the last completed second. */
  rps: number;
  p50: number;
  p95: number;
  orders: { attempted: number; succeeded: number; failed: number };
}

export interface OutcomeCounts {
  /** Finished flows (iterations), whatever their outcome. */
  flows: number;
  /** Flows that sent an order request. */
  attempted: number;
  succeeded: number;
  failed: number;
  outOfStock: number;
  /** Flows that sent no order because nothing was in stock (or the cart answered out of stock). */
  soldOut: number;
  cartFailed: number;
  loginFailed: number;
  productsFailed: number;
  orderFailed: number;
}

const MAX_WARNINGS = 50;
/** Named steps kept apart; more (a scenario cannot declare so many) count in their phase only. */
const MAX_NAMED_STEPS = 64;

/** A scenario step's own line: its name, its phase and its counters. */
export interface NamedStepStats {
  readonly name: string;
  readonly step: StepName;
  readonly stats: StepStats;
}

function newStats(): StepStats {
  return { histogram: createHistogram(), count: 0, failures: 0, errors: new Map(), statusCodes: new Map() };
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

export class RunRecorder implements Recorder {
  readonly startedAtMs: number;
  private readonly steps: Record<MetricStep, StepStats> = {
    login: newStats(),
    products: newStats(),
    cart: newStats(),
    order: newStats(),
    flow: newStats(),
  };
  /** The scenario's named steps, in flow order (declared) or first-recorded order. */
  private readonly named = new Map<string, NamedStepStats>();
  private readonly outcomeCounts = new Map<IterationOutcome, number>();
  /** The accepted orders (the integrity ledger), unless nothing will reconcile them. */
  private readonly acceptedOrders: OrderLedger | undefined;
  private readonly samples = new ErrorSamples();
  private readonly warningSet = new Set<string>();
  /** Second by second: the timeline and the per-second latency ring. */
  private readonly seconds: SecondTimeline;
  private requests = 0;
  private failures = 0;
  private users = 0;
  private peak = 0;
  private droppedCount = 0;
  private lateCount = 0;

  /**
   * keepLedger (default true): keep every accepted order for the integrity check. Off when no check
   * will run: a looping run accepts tens of thousands of orders a second, ~70 bytes each.
   */
  constructor(options: { startedAtMs: number; keepLedger?: boolean }) {
    this.startedAtMs = options.startedAtMs;
    this.acceptedOrders = options.keepLedger === false ? undefined : new OrderLedger();
    this.seconds = new SecondTimeline(options.startedAtMs);
  }

  declareSteps(steps: readonly { name: string; step: StepName }[]): void {
    for (const { name, step } of steps) this.namedStep(name, step);
  }

  private namedStep(name: string, step: StepName): NamedStepStats | undefined {
    let named = this.named.get(name);
    if (!named && this.named.size < MAX_NAMED_STEPS) {
      named = { name, step, stats: newStats() };
      this.named.set(name, named);
    }
    return named;
  }

  record(request: RequestRecord): void {
    const stats = this.steps[request.step];
    if (!stats || request.step === ('flow' as StepName)) return;
    recordMs(stats.histogram, request.latencyMs);
    stats.count++;
    bump(stats.statusCodes, request.status);
    const own = request.name === undefined ? undefined : this.namedStep(request.name, request.step)?.stats;
    if (own) {
      recordMs(own.histogram, request.latencyMs);
      own.count++;
      bump(own.statusCodes, request.status);
      if (!request.ok) {
        own.failures++;
        bump(own.errors, request.errorKind ?? 'other');
      }
    }
    this.requests++;
    const second = this.seconds.secondOf(request.endedAt);
    const point = this.seconds.point(second);
    point.requests++;
    if (!request.ok) {
      const kind = request.errorKind ?? 'other';
      stats.failures++;
      bump(stats.errors, kind);
      this.failures++;
      point.failures++;
      this.samples.add(request, kind);
    }
    this.seconds.recordLatency(second, request.step, request.latencyMs);
  }

  recordIteration(iteration: IterationRecord): void {
    const flow = this.steps.flow;
    recordMs(flow.histogram, iteration.latencyMs);
    flow.count++;
    bump(this.outcomeCounts, iteration.outcome);
    if (iteration.outcome === 'order_succeeded') {
      this.seconds.point(this.seconds.secondOf(iteration.endedAt)).ordersSucceeded++;
    } else {
      flow.failures++;
      bump(flow.errors, iteration.outcome);
    }
    if (iteration.order) this.acceptedOrders?.add(iteration.order);
  }

  /** The number of users running now (closed model) or busy (open model). */
  setActiveUsers(n: number, nowMs: number = Date.now()): void {
    this.seconds.setUsers(n, this.seconds.secondOf(nowMs));
    this.users = n;
    if (n > this.peak) this.peak = n;
  }

  /** Open model: arrivals that found no free user and were not started. */
  countDropped(n = 1): void {
    this.droppedCount += n;
  }

  /** Iterations that started more than LATE_MS (runner.ts) after their intended time. */
  countLate(n = 1): void {
    this.lateCount += n;
  }

  /** A run-level warning (load generator health, ...); repeated texts are kept once. */
  addWarning(text: string): void {
    if (this.warningSet.size < MAX_WARNINGS) this.warningSet.add(text.slice(0, 500));
  }

  snapshot(nowMs: number = Date.now()): LiveSnapshot {
    const elapsedMs = Math.max(0, nowMs - this.startedAtMs);
    const last = this.seconds.secondSummary(Math.floor(elapsedMs / 1000) - 1);
    const o = this.outcomes();
    return {
      elapsedMs,
      users: this.users,
      requests: this.requests,
      failures: this.failures,
      rps: last.requests,
      p50: last.p50,
      p95: last.p95,
      orders: { attempted: o.attempted, succeeded: o.succeeded, failed: o.failed },
    };
  }

  /** The accepted orders, in the order their iterations were reported. */
  ledger(): AcceptedOrder[] {
    return this.acceptedOrders?.orders() ?? [];
  }

  /** The scenario's named steps with their live counters, in flow order (do not modify). */
  namedSteps(): readonly NamedStepStats[] {
    return [...this.named.values()];
  }

  /** The live counters of a step (not a copy: do not modify). */
  step(step: MetricStep): Readonly<StepStats> {
    return this.steps[step];
  }

  outcomes(): OutcomeCounts {
    const get = (o: IterationOutcome) => this.outcomeCounts.get(o) ?? 0;
    // An order attempt is a flow that sent its order request (the origin's count): flows that
    // stopped before it (sold out, cart, login, products) are counted apart, never as failed orders.
    const succeeded = get('order_succeeded');
    const attempted = succeeded + get('order_failed') + get('out_of_stock');
    return {
      flows: this.steps.flow.count,
      attempted,
      succeeded,
      failed: attempted - succeeded,
      outOfStock: get('out_of_stock'),
      soldOut: get('sold_out'),
      cartFailed: get('cart_failed'),
      loginFailed: get('login_failed'),
      productsFailed: get('products_failed'),
      orderFailed: get('order_failed'),
    };
  }

  get totalRequests(): number {
    return this.requests;
  }

  get totalFailures(): number {
    return this.failures;
  }

  get activeUsers(): number {
    return this.users;
  }

  get peakUsers(): number {
    return this.peak;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get late(): number {
    return this.lateCount;
  }

  /** Scrubbed of secrets and control characters (the texts may come from the target). */
  warnings(): string[] {
    return [...this.warningSet].map(scrub);
  }

  /** Error samples, most frequent first (at most 5 distinct per step and kind). */
  errorSamples(): ErrorSample[] {
    return this.samples.list().map((s) => ({ ...s, detail: scrub(s.detail) }));
  }

  /** One point per whole second since the start (see SecondTimeline.timeline). Copies. */
  timeline(untilMs?: number): TimelinePoint[] {
    return this.seconds.timeline(untilMs);
  }

  /** Per second, as `timeline()` (same length), each step's requests and latency. Copies. */
  stepTimeline(): StepSeconds[] {
    return this.seconds.stepTimeline();
  }

  /** One second's point and its steps, percentiles up to date; undefined before that second. */
  timelinePoint(second: number): { point: TimelinePoint; steps: StepSeconds } | undefined {
    return this.seconds.timelinePoint(second);
  }
}
