/**
 * The load plan as data: pure functions of the elapsed time (k6's execution steps, Locust's
 * LoadTestShape.tick()). No timers and no I/O: the runner asks, at time t, how many users
 * should be running (closed model) or when the n-th arrival is due (open model).
 *
 * Times are milliseconds since the start of the run; rates are per second.
 */

import { parseDuration } from '../core/duration.js';
import { ConfigError } from '../core/errors.js';

/** An absolute point of the plan: at `atMs`, `target` users (or arrivals/s for arrival plans). */
export interface Stage {
  atMs: number;
  target: number;
}

export type LoadPlan =
  /** Closed model: user i starts at i/spawnRate s (user 0 at t=0) and runs its iterations. */
  | { kind: 'spawn'; users: number; spawnRate: number }
  /** Closed model: target users over time, linear from (0,0) through the points; ends at the last. */
  | { kind: 'stages'; stages: Stage[] }
  /**
   * Open model: `rate` arrivals/s, constant, or following `stages` (targets are rates/s; then
   * `rate` is not used). Ends at `durationMs` when set, else at the last stage; between the last
   * stage and a later `durationMs` the last stage's rate holds.
   */
  | { kind: 'arrival'; rate: number; stages?: Stage[]; maxUsers: number; durationMs?: number };

export type SpawnPlan = Extract<LoadPlan, { kind: 'spawn' }>;
export type StagesPlan = Extract<LoadPlan, { kind: 'stages' }>;
export type ArrivalPlan = Extract<LoadPlan, { kind: 'arrival' }>;

const STAGES_EXPECTED =
  'comma-separated time:target points with strictly increasing times and non-negative integer targets, such as 1m:100,3m:300,5m:500';

/** Parses "1m:100,3m:300,5m:500,7m:700,10m:1000" (absolute times, via parseDuration). */
export function parseStages(text: string, input: string): Stage[] {
  const parts = text.split(',').map((p) => p.trim());
  if (text.trim() === '' || parts.some((p) => p === '')) throw new ConfigError(input, text, STAGES_EXPECTED);
  const stages: Stage[] = [];
  let previous = 0;
  for (const part of parts) {
    const m = /^([^:]+):\s*(\d+)$/.exec(part);
    if (!m) throw new ConfigError(input, text, STAGES_EXPECTED);
    let atMs: number;
    try {
      atMs = parseDuration(m[1]!.trim(), input);
    } catch {
      throw new ConfigError(input, text, `${STAGES_EXPECTED} (bad time in ${JSON.stringify(part)})`);
    }
    if (atMs <= previous) {
      throw new ConfigError(
        input,
        text,
        `${STAGES_EXPECTED} (${JSON.stringify(part)} is not after the previous point)`,
      );
    }
    const target = Number(m[2]);
    if (!Number.isSafeInteger(target)) throw new ConfigError(input, text, STAGES_EXPECTED);
    stages.push({ atMs, target });
    previous = atMs;
  }
  return stages;
}

const RATE_EXPECTED = 'a positive arrival rate such as 50/s, 50, 3000/m or 10/1s';

/** Parses "50/s", "50" (per second), "3000/m", "10/1s", "5/500ms" into arrivals per second. */
export function parseArrivalRate(text: string, input: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(\S+))?$/.exec(text.trim());
  if (!m) throw new ConfigError(input, text, RATE_EXPECTED);
  const count = Number(m[1]);
  let per = m[2] ?? 's';
  if (/^(ms|s|m|h)$/.test(per)) per = `1${per}`;
  let perMs: number;
  try {
    perMs = parseDuration(per, input);
  } catch {
    throw new ConfigError(input, text, RATE_EXPECTED);
  }
  const rate = (count * 1000) / perMs;
  if (!Number.isFinite(rate) || rate <= 0) throw new ConfigError(input, text, RATE_EXPECTED);
  return rate;
}

const ORIGIN_SHAPE = [100, 300, 500, 700, 1000];
const ORIGIN_MINUTES = [1, 3, 5, 7, 10];

/** Built-in shapes: 'ramp-1000' is the origin's 1m:100,3m:300,5m:500,7m:700,10m:1000. */
export const NAMED_SHAPES: Record<string, Stage[]> = {
  'ramp-1000': ORIGIN_MINUTES.map((min, i) => ({ atMs: min * 60_000, target: ORIGIN_SHAPE[i]! })),
  'ramp-500': ORIGIN_MINUTES.map((min, i) => ({ atMs: min * 60_000, target: ORIGIN_SHAPE[i]! / 2 })),
  smoke: [{ atMs: 30_000, target: 10 }],
};

/** A shape name from NAMED_SHAPES, or stage text for parseStages. Returns a fresh copy. */
export function resolveStages(text: string, input: string): Stage[] {
  const named = Object.hasOwn(NAMED_SHAPES, text.trim()) ? NAMED_SHAPES[text.trim()] : undefined;
  if (named) return named.map((s) => ({ ...s }));
  return parseStages(text, input);
}

/** The points of a stage list, starting at (0,0) unless the first point is at 0. */
function points(stages: Stage[]): Stage[] {
  const first = stages[0];
  return first && first.atMs <= 0 ? stages : [{ atMs: 0, target: 0 }, ...stages];
}

/** Linear interpolation through the points; the last value holds after the last point. */
function interpolate(stages: Stage[], tMs: number): number {
  const pts = points(stages);
  if (tMs <= 0) return pts[0]!.target;
  for (let i = 1; i < pts.length; i++) {
    const b = pts[i]!;
    if (tMs <= b.atMs) {
      const a = pts[i - 1]!;
      return a.target + ((b.target - a.target) * (tMs - a.atMs)) / (b.atMs - a.atMs);
    }
  }
  return pts[pts.length - 1]!.target;
}

const EPSILON = 1e-9;

/**
 * Closed models: the number of users that should be running at t. spawn: users started by t
 * (user 0 at t=0); stages: the rounded interpolation (0 after the end). Arrival plans have no
 * user target: maxUsers while running, 0 after the end.
 */
export function targetUsersAt(plan: LoadPlan, tMs: number): number {
  if (tMs < 0) return 0;
  switch (plan.kind) {
    case 'spawn':
      if (plan.users <= 0) return 0;
      if (!(plan.spawnRate > 0) || plan.spawnRate === Number.POSITIVE_INFINITY) return plan.users;
      return Math.min(plan.users, Math.floor((tMs * plan.spawnRate) / 1000 + EPSILON) + 1);
    case 'stages': {
      const end = planDurationMs(plan) ?? 0;
      if (tMs > end) return 0;
      return Math.round(interpolate(plan.stages, tMs));
    }
    case 'arrival': {
      const end = planDurationMs(plan);
      return end !== undefined && tMs >= end ? 0 : plan.maxUsers;
    }
  }
}

/** When user `userIndex` of a spawn plan starts (ms). A non-positive or infinite rate starts all at 0. */
export function userStartMs(plan: SpawnPlan, userIndex: number): number {
  if (!(plan.spawnRate > 0) || plan.spawnRate === Number.POSITIVE_INFINITY) return 0;
  return (userIndex * 1000) / plan.spawnRate;
}

/** The intended arrival rate (per second) at t; 0 before 0 and from the end on. */
export function arrivalRateAt(plan: ArrivalPlan, tMs: number): number {
  const end = planDurationMs(plan);
  if (tMs < 0 || (end !== undefined && tMs >= end)) return 0;
  return plan.stages && plan.stages.length > 0 ? interpolate(plan.stages, tMs) : plan.rate;
}

/** A piece of the rate curve: from t0 to t1 (ms), the rate goes linearly from r0 to r1 (per s). */
interface Segment {
  t0: number;
  t1: number;
  r0: number;
  r1: number;
}

function segments(plan: ArrivalPlan): Segment[] {
  const end = planDurationMs(plan) ?? Number.POSITIVE_INFINITY;
  if (!plan.stages || plan.stages.length === 0) return [{ t0: 0, t1: end, r0: plan.rate, r1: plan.rate }];
  const pts = points(plan.stages);
  const out: Segment[] = [];
  for (let i = 1; i < pts.length && pts[i - 1]!.atMs < end; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const t1 = Math.min(b.atMs, end);
    out.push({ t0: a.atMs, t1, r0: a.target, r1: interpolate(plan.stages, t1) });
  }
  const last = pts[pts.length - 1]!;
  if (end > last.atMs) out.push({ t0: last.atMs, t1: end, r0: last.target, r1: last.target });
  return out;
}

/** Arrivals in [t0, t0 + x] of a segment (x in ms). */
function segmentArrivals(s: Segment, x: number): number {
  if (x <= 0) return 0;
  const k = s.t1 > s.t0 && Number.isFinite(s.t1) ? (s.r1 - s.r0) / (s.t1 - s.t0) : 0;
  return k === 0 ? (s.r0 * x) / 1000 : (s.r0 * x + 0.5 * k * x * x) / 1000;
}

/** Cumulative intended arrivals in [0, t]: the integral of the rate (a real number). */
export function arrivalsBy(plan: ArrivalPlan, tMs: number): number {
  let total = 0;
  for (const s of segments(plan)) {
    if (tMs <= s.t0) break;
    total += segmentArrivals(s, Math.min(tMs, s.t1) - s.t0);
  }
  return total;
}

/**
 * The intended time (ms) of the n-th (0-based) arrival: the t where arrivalsBy(t) = n, so
 * arrival 0 is at t=0 for a constant rate. Undefined when n is not below the plan's total.
 */
export function arrivalTimeMs(plan: ArrivalPlan, n: number): number | undefined {
  if (n < 0 || !Number.isFinite(n)) return undefined;
  let before = 0;
  for (const s of segments(plan)) {
    const inSegment = segmentArrivals(s, s.t1 - s.t0);
    if (n < before + inSegment || (s.t1 === Number.POSITIVE_INFINITY && inSegment > 0)) {
      const d = (n - before) * 1000;
      if (d <= 0) return s.t0;
      const k = (s.r1 - s.r0) / (s.t1 - s.t0);
      const kk = Number.isFinite(k) ? k : 0;
      // Root of 0.5·k·x² + r0·x − d = 0, in the form that stays exact when k is 0 or negative.
      const x = (2 * d) / (s.r0 + Math.sqrt(Math.max(0, s.r0 * s.r0 + 2 * kk * d)));
      return Math.min(s.t0 + x, s.t1);
    }
    before += inSegment;
  }
  return undefined;
}

/** When the plan ends (ms): the last stage or durationMs; undefined for spawn and unbounded arrival. */
export function planDurationMs(plan: LoadPlan): number | undefined {
  switch (plan.kind) {
    case 'spawn':
      return undefined;
    case 'stages':
      return plan.stages[plan.stages.length - 1]?.atMs ?? 0;
    case 'arrival':
      return plan.durationMs ?? plan.stages?.[plan.stages.length - 1]?.atMs;
  }
}

/** The plan sampled every stepMs from 0 to untilMs inclusive: users, or arrivals/s for arrival plans. */
export function planSteps(plan: LoadPlan, stepMs: number, untilMs: number): { tMs: number; value: number }[] {
  if (!(stepMs > 0)) throw new ConfigError('stepMs', stepMs, 'a positive number of milliseconds');
  const out: { tMs: number; value: number }[] = [];
  for (let i = 0; i * stepMs <= untilMs; i++) {
    const tMs = i * stepMs;
    out.push({ tMs, value: plan.kind === 'arrival' ? arrivalRateAt(plan, tMs) : targetUsersAt(plan, tMs) });
  }
  return out;
}

/** Share k of n of a count: the remainder goes to the first shards. */
function share(total: number, k: number, n: number): number {
  return Math.floor(total / n) + (k < total % n ? 1 : 0);
}

/**
 * Shard `shardIndex` of `shardCount` of a plan, such that the shards' plans sum to the whole:
 * user counts and stage targets are split with the remainder to the first shards; rates are divided.
 */
export function scalePlan(plan: LoadPlan, shardIndex: number, shardCount: number): LoadPlan {
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new ConfigError('shard-count', shardCount, 'a positive integer');
  }
  if (!Number.isInteger(shardIndex) || shardIndex < 0 || shardIndex >= shardCount) {
    throw new ConfigError('shard-index', shardIndex, `an integer from 0 to ${shardCount - 1}`);
  }
  switch (plan.kind) {
    case 'spawn':
      return {
        kind: 'spawn',
        users: share(plan.users, shardIndex, shardCount),
        spawnRate: plan.spawnRate / shardCount,
      };
    case 'stages':
      return {
        kind: 'stages',
        stages: plan.stages.map((s) => ({ atMs: s.atMs, target: share(s.target, shardIndex, shardCount) })),
      };
    case 'arrival': {
      const scaled: ArrivalPlan = {
        kind: 'arrival',
        rate: plan.rate / shardCount,
        maxUsers: share(plan.maxUsers, shardIndex, shardCount),
      };
      if (plan.stages)
        scaled.stages = plan.stages.map((s) => ({ atMs: s.atMs, target: s.target / shardCount }));
      if (plan.durationMs !== undefined) scaled.durationMs = plan.durationMs;
      return scaled;
    }
  }
}
