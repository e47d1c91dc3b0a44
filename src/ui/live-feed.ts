/**
 * What the live page gets every second from the running engine: the headline figures, the
 * seconds completed since the last tick (chart points), the per-step table and the warnings.
 * It reads the recorder, never writes to it; each second's point is sent once.
 */
import { summarize } from '../engine/histogram.js';
import { METRIC_STEPS, type MetricStep, type RunRecorder, type StepSeconds } from '../engine/recorder.js';
import { type ChartPoint, chartPoint } from '../report/html/chart-data.js';
import type { RunResults } from '../results/results.js';

export interface StepRow {
  step: MetricStep;
  requests: number;
  failures: number;
  /** Requests/s since the previous tick (live) or over the whole run (final). */
  rps: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

export interface LiveTick {
  elapsedMs: number;
  users: number;
  requests: number;
  failures: number;
  /** Over the last completed second. */
  rps: number;
  failuresPerS: number;
  p50: number;
  p95: number;
  orders: { attempted: number; succeeded: number; failed: number };
  /** The seconds completed since the previous tick. */
  points: ChartPoint[];
  steps: StepRow[];
  warnings: string[];
  /** True for the last tick, made from the results. */
  final?: boolean;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export class LiveFeed {
  /** The next second to send. */
  private next = 0;
  private lastCounts = new Map<MetricStep, number>();
  private lastAt = 0;

  /** One tick from the live recorder at `nowMs`. */
  tick(recorder: RunRecorder, nowMs: number = Date.now()): LiveTick {
    const snap = recorder.snapshot(nowMs);
    const completed = Math.floor(snap.elapsedMs / 1000);
    const points: ChartPoint[] = [];
    for (; this.next < completed; this.next++) {
      const second = recorder.timelinePoint(this.next);
      if (second) points.push(chartPoint(second.point, second.steps));
    }
    const dtS = this.lastAt > 0 ? (nowMs - this.lastAt) / 1000 : snap.elapsedMs / 1000;
    this.lastAt = nowMs;
    const steps = METRIC_STEPS.map((step): StepRow => {
      const stats = recorder.step(step);
      const l = summarize(stats.histogram);
      const before = this.lastCounts.get(step) ?? 0;
      this.lastCounts.set(step, stats.count);
      return {
        step,
        requests: stats.count,
        failures: stats.failures,
        rps: dtS > 0 ? round2((stats.count - before) / dtS) : 0,
        min: l.min,
        p50: l.p50,
        p95: l.p95,
        max: l.max,
      };
    });
    const last = points[points.length - 1];
    return {
      elapsedMs: snap.elapsedMs,
      users: snap.users,
      requests: snap.requests,
      failures: snap.failures,
      rps: snap.rps,
      failuresPerS: last?.failures ?? 0,
      p50: round2(snap.p50),
      p95: round2(snap.p95),
      orders: snap.orders,
      points,
      steps,
      warnings: recorder.warnings(),
    };
  }

  /** The last tick, from the results: the seconds not sent yet and the whole run's table. */
  final(results: RunResults, stepLatency: readonly StepSeconds[] = []): LiveTick {
    const points = results.timeline
      .filter((p) => p.t >= this.next)
      .map((p) => chartPoint(p, stepLatency[p.t]));
    this.next = Math.max(this.next, (results.timeline[results.timeline.length - 1]?.t ?? -1) + 1);
    const steps = METRIC_STEPS.map((step): StepRow => {
      const s = results.steps[step];
      const l = s.latencyMs;
      return {
        step,
        requests: s.count,
        failures: s.failures,
        rps: s.rps,
        min: l.min,
        p50: l.p50,
        p95: l.p95,
        max: l.max,
      };
    });
    const lastBusy = [...results.timeline].reverse().find((p) => p.requests > 0);
    const requests = METRIC_STEPS.filter((s) => s !== 'flow').reduce((a, s) => a + results.steps[s].count, 0);
    const failures = METRIC_STEPS.filter((s) => s !== 'flow').reduce(
      (a, s) => a + results.steps[s].failures,
      0,
    );
    const lastPoint = results.timeline[results.timeline.length - 1];
    return {
      elapsedMs: results.durationMs,
      users: lastPoint?.users ?? 0,
      requests,
      failures,
      rps: results.rps,
      failuresPerS: results.durationMs > 0 ? round2(failures / (results.durationMs / 1000)) : 0,
      p50: lastBusy?.p50 ?? 0,
      p95: lastBusy?.p95 ?? 0,
      orders: {
        attempted: results.orders.attempted,
        succeeded: results.orders.succeeded,
        failed: results.orders.failed,
      },
      points,
      steps,
      warnings: results.warnings,
      final: true,
    };
  }
}
