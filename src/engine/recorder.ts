/**
 * The run's one Recorder: every request and every finished iteration lands here (Locust's
 * request event). record() is on the hot path (~30,000 calls/s): it only bumps counters and
 * records into preallocated HDR histograms; nothing is sorted or summarised per call.
 */
import { scrub } from '../core/scrub.js';
import { createHistogram, type Histogram, percentileMs, recordMs } from './histogram.js';
import { OrderLedger } from './order-ledger.js';
import {
  type AcceptedOrder,
  type ErrorKind,
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

export interface TimelinePoint {
  /** Whole seconds since the start. */
  t: number;
  /** Active users: the last value set in that second (carried over from earlier seconds). */
  users: number;
  /** Requests that ended in that second, and how many of them failed. */
  requests: number;
  failures: number;
  ordersSucceeded: number;
  /** Latency (ms) of the requests that ended in that second. */
  p50: number;
  p95: number;
}

/** One step's requests in one second and their latency (ms), for the live charts and the HTML report. */
export interface StepSecond {
  requests: number;
  p50: number;
  p95: number;
}
/** The steps that had requests in one second. */
export type StepSeconds = Partial<Record<StepName, StepSecond>>;

export interface ErrorSample {
  step: StepName;
  kind: ErrorKind;
  status: number;
  detail: string;
  /** How many failures had this step, kind, status and detail. */
  count: number;
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
  attempted: number;
  succeeded: number;
  failed: number;
  outOfStock: number;
  cartFailed: number;
  loginFailed: number;
  productsFailed: number;
  orderFailed: number;
}

/** Iterations started later than this after their intended time count as late. */
export const LATE_THRESHOLD_MS = 100;
const MAX_SAMPLES_PER_KIND = 5;
const MAX_DETAIL_CHARS = 200;
const MAX_WARNINGS = 50;
/** Bounds the timeline whatever clock a caller passes: one day of seconds. */
const MAX_SECONDS = 86_400;
/** Per-second histograms kept open, so a request reported a little late still counts. */
const RING = 3;

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
  private readonly outcomeCounts = new Map<IterationOutcome, number>();
  /** The accepted orders (the integrity ledger), unless nothing will reconcile them. */
  private readonly acceptedOrders: OrderLedger | undefined;
  private readonly samples = new Map<string, ErrorSample[]>();
  private readonly warningSet = new Set<string>();
  private readonly points: TimelinePoint[] = [];
  private readonly ring: Histogram[] = [];
  private readonly ringSecond: number[] = [];
  /** Per-step per-second histograms, in the same ring slots as `ring`. */
  private readonly stepRing = {} as Record<StepName, Histogram[]>;
  private readonly stepPoints: StepSeconds[] = [];
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
    for (let i = 0; i < RING; i++) {
      this.ring.push(createHistogram());
      this.ringSecond.push(-1);
    }
    for (const step of STEP_NAMES) this.stepRing[step] = Array.from({ length: RING }, createHistogram);
  }

  record(request: RequestRecord): void {
    const stats = this.steps[request.step];
    if (!stats || request.step === ('flow' as StepName)) return;
    recordMs(stats.histogram, request.latencyMs);
    stats.count++;
    bump(stats.statusCodes, request.status);
    this.requests++;
    const second = this.secondOf(request.endedAt);
    const point = this.point(second);
    point.requests++;
    if (!request.ok) {
      const kind = request.errorKind ?? 'other';
      stats.failures++;
      bump(stats.errors, kind);
      this.failures++;
      point.failures++;
      this.sample(request, kind);
    }
    const slot = this.slot(second);
    if (slot >= 0) {
      recordMs(this.ring[slot]!, request.latencyMs);
      recordMs(this.stepRing[request.step][slot]!, request.latencyMs);
    }
  }

  recordIteration(iteration: IterationRecord): void {
    const flow = this.steps.flow;
    recordMs(flow.histogram, iteration.latencyMs);
    flow.count++;
    bump(this.outcomeCounts, iteration.outcome);
    if (iteration.outcome === 'order_succeeded') {
      this.point(this.secondOf(iteration.endedAt)).ordersSucceeded++;
    } else {
      flow.failures++;
      bump(flow.errors, iteration.outcome);
    }
    if (iteration.order) this.acceptedOrders?.add(iteration.order);
  }

  /** The number of users running now (closed model) or busy (open model). */
  setActiveUsers(n: number, nowMs: number = Date.now()): void {
    const point = this.point(this.secondOf(nowMs));
    point.users = n;
    this.users = n;
    if (n > this.peak) this.peak = n;
  }

  /** Open model: arrivals that found no free user and were not started. */
  countDropped(n = 1): void {
    this.droppedCount += n;
  }

  /** Iterations that started more than LATE_THRESHOLD_MS after their intended time. */
  countLate(n = 1): void {
    this.lateCount += n;
  }

  /** A run-level warning (load generator health, ...); repeated texts are kept once. */
  addWarning(text: string): void {
    if (this.warningSet.size < MAX_WARNINGS) this.warningSet.add(text.slice(0, 500));
  }

  snapshot(nowMs: number = Date.now()): LiveSnapshot {
    const elapsedMs = Math.max(0, nowMs - this.startedAtMs);
    const last = Math.floor(elapsedMs / 1000) - 1;
    const point = last >= 0 ? this.points[last] : undefined;
    let p50 = point?.p50 ?? 0;
    let p95 = point?.p95 ?? 0;
    const slot = last % RING;
    if (last >= 0 && this.ringSecond[slot] === last) {
      p50 = percentileMs(this.ring[slot]!, 50);
      p95 = percentileMs(this.ring[slot]!, 95);
    }
    const o = this.outcomes();
    return {
      elapsedMs,
      users: this.users,
      requests: this.requests,
      failures: this.failures,
      rps: point?.requests ?? 0,
      p50,
      p95,
      orders: { attempted: o.attempted, succeeded: o.succeeded, failed: o.failed },
    };
  }

  /** The accepted orders, in the order their iterations were reported. */
  ledger(): AcceptedOrder[] {
    return this.acceptedOrders?.orders() ?? [];
  }

  /** The live counters of a step (not a copy: do not modify). */
  step(step: MetricStep): Readonly<StepStats> {
    return this.steps[step];
  }

  outcomes(): OutcomeCounts {
    const get = (o: IterationOutcome) => this.outcomeCounts.get(o) ?? 0;
    const attempted = this.steps.flow.count;
    const succeeded = get('order_succeeded');
    return {
      attempted,
      succeeded,
      failed: attempted - succeeded,
      outOfStock: get('out_of_stock'),
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
    const all: ErrorSample[] = [];
    for (const list of this.samples.values())
      for (const s of list) all.push({ ...s, detail: scrub(s.detail) });
    return all.sort((a, b) => b.count - a.count);
  }

  /**
   * One point per whole second since the start, up to `untilMs` (epoch ms, exclusive) when
   * given, else up to the last second with activity. Copies.
   */
  timeline(untilMs?: number): TimelinePoint[] {
    if (untilMs !== undefined && untilMs > this.startedAtMs) {
      this.point(Math.min(MAX_SECONDS, Math.ceil((untilMs - this.startedAtMs) / 1000) - 1));
    }
    for (let i = 0; i < RING; i++) this.writePercentiles(i);
    return this.points.map((p) => ({ ...p }));
  }

  /** Per second, as `timeline()` (same length), each step's requests and latency. Copies. */
  stepTimeline(): StepSeconds[] {
    for (let i = 0; i < RING; i++) this.writePercentiles(i);
    return this.points.map((_, second) => ({ ...this.stepPoints[second] }));
  }

  /** One second's point and its steps, percentiles up to date; undefined before that second. */
  timelinePoint(second: number): { point: TimelinePoint; steps: StepSeconds } | undefined {
    const point = this.points[second];
    if (!point) return undefined;
    if (this.ringSecond[second % RING] === second) this.writePercentiles(second % RING);
    return { point: { ...point }, steps: { ...this.stepPoints[second] } };
  }

  private secondOf(epochMs: number | undefined): number {
    const s = Math.floor(((epochMs ?? Date.now()) - this.startedAtMs) / 1000);
    return s > 0 ? Math.min(s, MAX_SECONDS) : 0; // NaN (a bad clock) lands in second 0 too
  }

  /** The timeline point of a second, creating the missing ones before it. */
  private point(second: number): TimelinePoint {
    const points = this.points;
    while (points.length <= second) {
      points.push({
        t: points.length,
        users: this.users,
        requests: 0,
        failures: 0,
        ordersSucceeded: 0,
        p50: 0,
        p95: 0,
      });
    }
    return points[second]!;
  }

  /** The ring slot holding `second`'s histograms, or -1 when its slot moved on to a later second. */
  private slot(second: number): number {
    const i = second % RING;
    const held = this.ringSecond[i]!;
    if (held === second) return i;
    if (held > second) return -1;
    if (held >= 0) {
      this.writePercentiles(i);
      this.ring[i]!.reset();
      for (const step of STEP_NAMES) this.stepRing[step][i]!.reset();
    }
    this.ringSecond[i] = second;
    return i;
  }

  private writePercentiles(slot: number): void {
    const second = this.ringSecond[slot]!;
    const point = second >= 0 ? this.points[second] : undefined;
    if (!point) return;
    point.p50 = percentileMs(this.ring[slot]!, 50);
    point.p95 = percentileMs(this.ring[slot]!, 95);
    const steps: StepSeconds = {};
    for (const step of STEP_NAMES) {
      const h = this.stepRing[step][slot]!;
      if (h.totalCount > 0)
        steps[step] = { requests: h.totalCount, p50: percentileMs(h, 50), p95: percentileMs(h, 95) };
    }
    this.stepPoints[second] = steps;
  }

  private sample(request: RequestRecord, kind: ErrorKind): void {
    const key = `${request.step}:${kind}`;
    let list = this.samples.get(key);
    if (!list) {
      list = [];
      this.samples.set(key, list);
    }
    const detail = (request.errorDetail ?? '').slice(0, MAX_DETAIL_CHARS);
    for (const s of list) {
      if (s.status === request.status && s.detail === detail) {
        s.count++;
        return;
      }
    }
    if (list.length < MAX_SAMPLES_PER_KIND)
      list.push({ step: request.step, kind, status: request.status, detail, count: 1 });
  }
}
