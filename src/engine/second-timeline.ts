/**
 * The run second by second: one point per whole second since the start (users, requests,
 * failures, orders, p50/p95), and each step's requests and latency per second. Latency goes into
 * a ring of per-second HDR histograms (3 seconds kept open, so a request reported a little late
 * still counts); a second's percentiles are written when its slot moves on or when asked for.
 * Bounded to one day of seconds whatever clock a caller passes.
 */
import { createHistogram, type Histogram, percentileMs, recordMs } from './histogram.js';
import { STEP_NAMES, type StepName } from './types.js';

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

/** Bounds the timeline whatever clock a caller passes: one day of seconds. */
const MAX_SECONDS = 86_400;
/** Per-second histograms kept open, so a request reported a little late still counts. */
const RING = 3;

export class SecondTimeline {
  private readonly points: TimelinePoint[] = [];
  private readonly ring: Histogram[] = [];
  private readonly ringSecond: number[] = [];
  /** Per step, the same ring of per-second histograms. */
  private readonly stepRing = {} as Record<StepName, Histogram[]>;
  private readonly stepPoints: StepSeconds[] = [];
  /** The users carried into new seconds. */
  private users = 0;

  constructor(private readonly startedAtMs: number) {
    for (let i = 0; i < RING; i++) {
      this.ring.push(createHistogram());
      this.ringSecond.push(-1);
    }
    for (const step of STEP_NAMES) this.stepRing[step] = Array.from({ length: RING }, createHistogram);
  }

  /** The whole second since the start of an epoch time (now when absent). */
  secondOf(epochMs: number | undefined): number {
    const s = Math.floor(((epochMs ?? Date.now()) - this.startedAtMs) / 1000);
    return s > 0 ? Math.min(s, MAX_SECONDS) : 0; // NaN (a bad clock) lands in second 0 too
  }

  /** The timeline point of a second, creating the missing ones before it. */
  point(second: number): TimelinePoint {
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

  setUsers(n: number, second: number): void {
    this.point(second).users = n;
    this.users = n;
  }

  /** A request's latency, in its second's histograms (dropped when that second's slot moved on). */
  recordLatency(second: number, step: StepName, latencyMs: number): void {
    const slot = this.slot(second);
    if (slot < 0) return;
    recordMs(this.ring[slot]!, latencyMs);
    recordMs(this.stepRing[step][slot]!, latencyMs);
  }

  /** The requests of a completed second and their p50/p95 (0 before the first second). */
  secondSummary(second: number): { requests: number; p50: number; p95: number } {
    const point = second >= 0 ? this.points[second] : undefined;
    const slot = second % RING;
    if (second >= 0 && this.ringSecond[slot] === second) {
      return {
        requests: point?.requests ?? 0,
        p50: percentileMs(this.ring[slot]!, 50),
        p95: percentileMs(this.ring[slot]!, 95),
      };
    }
    return { requests: point?.requests ?? 0, p50: point?.p50 ?? 0, p95: point?.p95 ?? 0 };
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
}
