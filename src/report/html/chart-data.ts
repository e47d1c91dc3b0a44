/**
 * The charts' data: one point per second of the run (users, requests, failures, overall p50/p95
 * and, when known, each step's p50/p95). The live UI sends the same points one second at a time.
 */
import type { StepSeconds } from '../../engine/recorder.js';
import type { RunResults } from '../../results/results.js';

export interface ChartPoint {
  t: number;
  users: number;
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  /** Each step's requests and latency in that second; absent when not recorded. */
  steps?: StepSeconds;
}

type TimelinePointLike = RunResults['timeline'][number];

const round2 = (n: number) => Math.round(n * 100) / 100;

function roundSteps(steps: StepSeconds | undefined): StepSeconds | undefined {
  if (!steps) return undefined;
  const out: StepSeconds = {};
  for (const [name, s] of Object.entries(steps) as [
    keyof StepSeconds,
    NonNullable<StepSeconds[keyof StepSeconds]>,
  ][])
    out[name] = { requests: s.requests, p50: round2(s.p50), p95: round2(s.p95) };
  return out;
}

/** One chart point from a timeline point and that second's steps. */
export function chartPoint(point: TimelinePointLike, steps?: StepSeconds): ChartPoint {
  const out: ChartPoint = {
    t: point.t,
    users: point.users,
    requests: point.requests,
    failures: point.failures,
    p50: round2(point.p50),
    p95: round2(point.p95),
  };
  const rounded = roundSteps(steps);
  if (rounded) out.steps = rounded;
  return out;
}

/** The chart points of a whole run; `stepLatency` is aligned with the timeline by second. */
export function chartPoints(
  timeline: readonly TimelinePointLike[],
  stepLatency?: readonly StepSeconds[],
): ChartPoint[] {
  return timeline.map((p) => chartPoint(p, stepLatency?.[p.t]));
}
