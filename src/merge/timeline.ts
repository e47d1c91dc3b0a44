/**
 * Merging the shards' per-second timelines on wall-clock time. Each shard counts its seconds
 * from its own start; shard s's second t covers [start_s + t s, start_s + t s + 1 s), and lands
 * in the merged second that holds most of it: t + round((start_s - start) / 1 s), `start` being
 * the earliest shard's start. A shard's seconds keep their order and never collide.
 *
 * Counts are summed, active users too (0 before a shard's first and after its last second). The
 * per-second p50/p95 cannot be merged exactly (the results keep no per-second histograms): the
 * merged values are the request-weighted means of the shards', which always lie between the
 * lowest and the highest shard's value, as the true percentile does. The run's percentiles
 * (steps.*.latencyMs) are exact: they come from the merged histograms.
 */
import type { RunResults } from '../results/results.js';

export type TimelinePoint = RunResults['timeline'][number];

export interface TimelineInput {
  startedAtMs: number;
  timeline: readonly TimelinePoint[];
}

interface Accumulator {
  point: TimelinePoint;
  p50Sum: number;
  p95Sum: number;
  weight: number;
}

/** Whole seconds from the earliest start to a shard's start, rounded to the nearest. */
export function secondOffset(startedAtMs: number, earliestMs: number): number {
  return Math.round((startedAtMs - earliestMs) / 1000);
}

export function mergeTimelines(inputs: readonly TimelineInput[], untilMs?: number): TimelinePoint[] {
  if (inputs.length === 0) return [];
  const earliest = Math.min(...inputs.map((s) => s.startedAtMs));
  let length = 0;
  for (const s of inputs)
    length = Math.max(length, secondOffset(s.startedAtMs, earliest) + s.timeline.length);
  if (untilMs !== undefined && untilMs > earliest)
    length = Math.max(length, Math.ceil((untilMs - earliest) / 1000));
  const acc: Accumulator[] = Array.from({ length }, (_, t) => ({
    point: { t, users: 0, requests: 0, failures: 0, ordersSucceeded: 0, p50: 0, p95: 0 },
    p50Sum: 0,
    p95Sum: 0,
    weight: 0,
  }));
  for (const s of inputs) {
    const offset = secondOffset(s.startedAtMs, earliest);
    for (const p of s.timeline) {
      const a = acc[p.t + offset];
      if (!a) continue;
      a.point.users += p.users;
      a.point.requests += p.requests;
      a.point.failures += p.failures;
      a.point.ordersSucceeded += p.ordersSucceeded;
      if (p.requests > 0) {
        a.p50Sum += p.p50 * p.requests;
        a.p95Sum += p.p95 * p.requests;
        a.weight += p.requests;
      }
    }
  }
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return acc.map((a) => {
    if (a.weight > 0) {
      a.point.p50 = round2(a.p50Sum / a.weight);
      a.point.p95 = round2(a.p95Sum / a.weight);
    }
    return a.point;
  });
}
