/**
 * The versioned results JSON: what a run writes, what baselines and shard merges read back.
 * Histograms travel as compressed base64 so every percentile can be recomputed exactly.
 */

import { readFileSync } from 'node:fs';
import type { ErrorSample } from '../engine/error-samples.js';
import { type Histogram, type LatencySummary, summarize } from '../engine/histogram.js';
import { decodeHistogram, encodeHistogram } from '../engine/histogram-codec.js';
import { METRIC_STEPS, type MetricStep, type RunRecorder, type StepStats } from '../engine/recorder.js';
import type { TimelinePoint } from '../engine/second-timeline.js';
import type { AcceptedOrder, StepName } from '../engine/types.js';
import type { IntegrityReport } from './integrity-types.js';

/**
 * 2: orders.attempted counts only flows that sent an order request; flows that sent none are in
 * noOrder (sold out, cart, login, products). Version 1 files are still read (parseResults upgrades).
 */
export const RESULTS_SCHEMA_VERSION = 2;
export const TOOL_NAME = 'order-load-gate';

export interface StepResults {
  count: number;
  failures: number;
  /** failures / count, 0 when count is 0. */
  failureRate: number;
  /** count / run duration in seconds. */
  rps: number;
  /** By error kind (requests) or by failed outcome (flow). */
  errors: Record<string, number>;
  statusCodes: Record<string, number>;
  latencyMs: LatencySummary;
  /** HdrHistogram of latencies in microseconds, compressed base64. */
  histogram: string;
}

/** A scenario step's own line (a checkout step, a renamed section): its name, phase and numbers. */
export interface NamedStepResults extends StepResults {
  name: string;
  /** The phase line it also counts in. */
  phase: StepName;
}

export interface NoOrderCounts {
  /** Nothing in stock, or the cart answered out of stock ("no order sent: sold out"). */
  soldOut: number;
  cartFailed: number;
  loginFailed: number;
  productsFailed: number;
}

export interface RunResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  tool: { name: string; version: string };
  target: string;
  settings: Record<string, unknown>;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  interrupted?: string;
  shard?: { index: number; count: number };
  orders: { attempted: number; succeeded: number; failed: number; outOfStock: number };
  cart: { failed: number };
  login: { failed: number };
  /** Flows that ended before sending an order, by reason (never counted as order attempts). */
  noOrder: NoOrderCounts;
  /** succeeded / attempted, 0 when nothing was attempted. */
  successRate: number;
  /** All requests / duration in seconds. */
  rps: number;
  /** cutOff: flows still running at the hard stop (after the grace period), aborted and not judged. */
  iterations: { completed: number; dropped: number; late: number; cutOff?: number };
  /** Unmeasured flows run before the load (src/load/warm-up.ts); in no other figure. */
  warmUp?: { flows: number; failed: number; durationMs: number };
  /** The run's own verdict (src/run/run-verdict.ts): an error carries its code and reason. */
  outcome?: { result: 'pass' | 'fail' | 'error'; code?: string; reason?: string };
  steps: Record<MetricStep, StepResults>;
  /** Every named step of the scenario in flow order, each with its own latency line. */
  flowSteps?: NamedStepResults[];
  /** One point per second since the start (the engine's timeline, as recorded). */
  timeline: TimelinePoint[];
  warnings: string[];
  errorSamples: ErrorSample[];
  ledger: AcceptedOrder[];
  /** The integrity check (src/reconcile): violations, and the raw inputs to reconcile again. */
  integrity?: IntegrityReport;
}

export interface ResultsMeta {
  settings: Record<string, unknown>;
  startedAt: Date;
  endedAt: Date;
  interrupted?: string;
  /** Flows aborted at the hard stop. */
  cutOff?: number;
  target: string;
  shard?: { index: number; count: number };
  /** Defaults to the version in the package's package.json. */
  toolVersion?: string;
}

let cachedVersion: string | undefined;

/** The package's version, from the nearest package.json named order-load-gate ('0.0.0' if none). */
export function toolVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = '0.0.0';
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (pkg.name === TOOL_NAME && typeof pkg.version === 'string') {
        cachedVersion = pkg.version;
        break;
      }
    } catch {
      // not here: look one level up
    }
    dir = new URL('..', dir);
  }
  return cachedVersion;
}

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

function stepResults(stats: Readonly<StepStats>, durationS: number): StepResults {
  const statusCodes: Record<string, number> = {};
  for (const [code, n] of [...stats.statusCodes].sort((a, b) => a[0] - b[0])) statusCodes[String(code)] = n;
  return {
    count: stats.count,
    failures: stats.failures,
    failureRate: stats.count > 0 ? stats.failures / stats.count : 0,
    rps: durationS > 0 ? round(stats.count / durationS, 2) : 0,
    errors: Object.fromEntries(stats.errors),
    statusCodes,
    latencyMs: summarize(stats.histogram),
    histogram: encodeHistogram(stats.histogram),
  };
}

export function buildResults(recorder: RunRecorder, meta: ResultsMeta): RunResults {
  const durationMs = Math.max(0, meta.endedAt.getTime() - meta.startedAt.getTime());
  const durationS = durationMs / 1000;
  const o = recorder.outcomes();
  const steps = {} as Record<MetricStep, StepResults>;
  for (const step of METRIC_STEPS) steps[step] = stepResults(recorder.step(step), durationS);
  const results: RunResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: meta.toolVersion ?? toolVersion() },
    target: meta.target,
    settings: meta.settings,
    startedAt: meta.startedAt.toISOString(),
    endedAt: meta.endedAt.toISOString(),
    durationMs,
    orders: { attempted: o.attempted, succeeded: o.succeeded, failed: o.failed, outOfStock: o.outOfStock },
    cart: { failed: o.cartFailed },
    login: { failed: o.loginFailed },
    noOrder: {
      soldOut: o.soldOut,
      cartFailed: o.cartFailed,
      loginFailed: o.loginFailed,
      productsFailed: o.productsFailed,
    },
    successRate: o.attempted > 0 ? o.succeeded / o.attempted : 0,
    rps: durationS > 0 ? round(recorder.totalRequests / durationS, 2) : 0,
    iterations: {
      completed: o.flows,
      dropped: recorder.dropped,
      late: recorder.late,
      cutOff: meta.cutOff ?? 0,
    },
    steps,
    timeline: recorder.timeline(recorder.startedAtMs + durationMs),
    warnings: recorder.warnings(),
    errorSamples: recorder.errorSamples(),
    ledger: recorder.ledger(),
  };
  const named = recorder.namedSteps();
  if (named.length > 0) {
    results.flowSteps = named.map((n) => ({
      name: n.name,
      phase: n.step,
      ...stepResults(n.stats, durationS),
    }));
  }
  if (meta.interrupted !== undefined) results.interrupted = meta.interrupted;
  // A sharded run's settings say which shard it is (src/settings/shard.ts) when the caller did not.
  const shard = meta.shard ?? (meta.settings.shard as ResultsMeta['shard']);
  if (shard) results.shard = { index: shard.index, count: shard.count };
  return results;
}

/** The latency histogram of a step, decoded from the results (microseconds). */
export function decodeStepHistogram(results: RunResults, step: MetricStep): Histogram {
  return decodeHistogram(results.steps[step].histogram);
}
