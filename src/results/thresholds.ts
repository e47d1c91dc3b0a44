/**
 * k6-like thresholds: `<metric><op><value>`, e.g. `success_rate>=95%`, `p95<800ms`,
 * `order.p99<=1.5s`, `orders.failed==0`, and a scenario's named step as `step[payment].p95<500ms`
 * (k6's tagged sub-metrics). Parsed once, evaluated against RunResults.
 */
import { ThresholdSyntaxError } from '../core/errors.js';
import type { MetricStep } from '../engine/recorder.js';
import type { RunResults } from './results.js';

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==';
/** How a metric's values read: latency in ms, a fraction 0..1, a count, or a rate per second. */
export type MetricKind = 'latency' | 'fraction' | 'count' | 'rate';

export interface Threshold {
  expression: string;
  metric: string;
  op: ThresholdOp;
  /** In the metric's unit: ms for latencies, a fraction for rates of success/failure. */
  limit: number;
}

export interface ThresholdResult extends Threshold {
  actual: number;
  ok: boolean;
  /** The metric had no samples (no request of the step, no order attempted): the threshold fails. */
  noData?: true;
}

const STEPS: readonly MetricStep[] = ['login', 'products', 'cart', 'order', 'flow'];
const LATENCY_STATS = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const;
const STEP_STATS = [...LATENCY_STATS, 'count', 'failures', 'failure_rate'] as const;
type LatencyStat = (typeof LATENCY_STATS)[number];
type StepStat = (typeof STEP_STATS)[number];

const TOP_LEVEL: Record<string, MetricKind> = {
  success_rate: 'fraction',
  rps: 'rate',
  'orders.attempted': 'count',
  'orders.succeeded': 'count',
  'orders.failed': 'count',
  'orders.out_of_stock': 'count',
  dropped: 'count',
  late: 'count',
};

/** Every metric name a threshold may use. */
export const THRESHOLD_METRICS: readonly string[] = [
  ...Object.keys(TOP_LEVEL),
  ...LATENCY_STATS,
  ...STEPS.flatMap((step) => STEP_STATS.map((stat) => `${step}.${stat}`)),
];

const METRICS_HELP = `success_rate, rps, min|mean|p50|p90|p95|p99|max (the flow's), <step>.<stat> with step login|products|cart|order|flow and stat min|mean|p50|p90|p95|p99|max|count|failures|failure_rate, step[<scenario step name>].<stat>, orders.attempted|succeeded|failed|out_of_stock, dropped, late`;
/** `step[name].stat`: a scenario's named step (results.flowSteps). */
const NAMED_STEP = /^step\[([^\]]+)\]\.([a-z0-9_]+)$/;
const SYNTAX_HELP = `expected <metric><op><value> with op one of < <= > >= ==, such as "p95<800ms" or "success_rate>=95%"; metrics: ${METRICS_HELP}`;

function isLatencyStat(s: string): s is LatencyStat {
  return (LATENCY_STATS as readonly string[]).includes(s);
}

/** The kind of a known metric name; undefined when the name is unknown. */
export function metricKind(metric: string): MetricKind | undefined {
  const top = TOP_LEVEL[metric];
  if (top) return top;
  if (isLatencyStat(metric)) return 'latency';
  const named = NAMED_STEP.exec(metric);
  if (named) {
    const stat = named[2]!;
    if (!(STEP_STATS as readonly string[]).includes(stat)) return undefined;
    return isLatencyStat(stat) ? 'latency' : stat === 'failure_rate' ? 'fraction' : 'count';
  }
  const dot = metric.indexOf('.');
  if (dot < 0) return undefined;
  const step = metric.slice(0, dot);
  const stat = metric.slice(dot + 1);
  if (!(STEPS as readonly string[]).includes(step) || !(STEP_STATS as readonly string[]).includes(stat))
    return undefined;
  if (isLatencyStat(stat)) return 'latency';
  return stat === 'failure_rate' ? 'fraction' : 'count';
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

function parseLimit(expr: string, metric: string, kind: MetricKind, text: string): number {
  const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*([a-z%/]*)$/i.exec(text);
  const fail = (expected: string): never => {
    throw new ThresholdSyntaxError(expr, `${metric} expects ${expected}, not ${JSON.stringify(text)}`);
  };
  if (!m) {
    return fail(
      kind === 'latency'
        ? 'a duration such as 800, 800ms or 1.5s'
        : kind === 'fraction'
          ? 'a fraction such as 0.95 or a percentage such as 95%'
          : 'a number',
    );
  }
  const value = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  if (value < 0) fail('a non-negative value');
  switch (kind) {
    case 'latency': {
      const factor = unit === '' ? 1 : UNIT_MS[unit];
      if (factor === undefined)
        return fail('a duration in ms, s or m, such as 800ms or 1.5s (a bare number is ms)');
      return value * factor;
    }
    case 'fraction': {
      if (unit === '%') {
        if (value > 100) fail('a percentage from 0% to 100%');
        return value / 100;
      }
      if (unit !== '' || value > 1) fail('a fraction from 0 to 1 such as 0.95, or a percentage such as 95%');
      return value;
    }
    case 'rate':
      if (unit !== '' && unit !== '/s') fail('a number of requests per second, such as 200 or 200/s');
      return value;
    case 'count':
      if (unit !== '') fail('a plain number, such as 0 or 10');
      return value;
  }
}

/** Parses `<metric><op><value>`; throws ThresholdSyntaxError saying what was expected. */
export function parseThreshold(expr: string): Threshold {
  const m =
    /^\s*([A-Za-z_][A-Za-z0-9_.]*|step\[[^\]]+\]\.[A-Za-z0-9_]+)\s*(<=|>=|==|<|>)\s*(\S(?:.*\S)?)\s*$/.exec(
      expr,
    );
  if (!m) throw new ThresholdSyntaxError(expr, SYNTAX_HELP);
  const metric = m[1]!.toLowerCase();
  const kind = metricKind(metric);
  if (!kind)
    throw new ThresholdSyntaxError(expr, `unknown metric ${JSON.stringify(m[1])}; metrics: ${METRICS_HELP}`);
  const op = m[2] as ThresholdOp;
  return { expression: expr.trim(), metric, op, limit: parseLimit(expr, metric, kind, m[3]!) };
}

/** Parses several expressions: an array, or one string separated by commas, semicolons or newlines. */
export function parseThresholds(input: string | readonly string[]): Threshold[] {
  const list = typeof input === 'string' ? input.split(/[,;\n]/) : input;
  return list
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseThreshold);
}

/** The value of a metric in the results (ms for latencies, a fraction for rates). */
export function metricValue(results: RunResults, metric: string): number {
  switch (metric) {
    case 'success_rate':
      return results.successRate;
    case 'rps':
      return results.rps;
    case 'orders.attempted':
      return results.orders.attempted;
    case 'orders.succeeded':
      return results.orders.succeeded;
    case 'orders.failed':
      return results.orders.failed;
    case 'orders.out_of_stock':
      return results.orders.outOfStock;
    case 'dropped':
      return results.iterations.dropped;
    case 'late':
      return results.iterations.late;
  }
  if (isLatencyStat(metric)) return results.steps.flow.latencyMs[metric];
  const named = NAMED_STEP.exec(metric);
  const [step, stat] = (named ? [named[1], named[2]] : metric.split('.')) as [MetricStep, StepStat];
  const s = named ? namedStep(results, named[1]!) : results.steps[step];
  if (named && !s) return 0; // no such step in this run: no data (hasData)
  if (!s || !(STEP_STATS as readonly string[]).includes(stat)) {
    throw new ThresholdSyntaxError(metric, `unknown metric; metrics: ${METRICS_HELP}`);
  }
  if (stat === 'count') return s.count;
  if (stat === 'failures') return s.failures;
  if (stat === 'failure_rate') return s.failureRate;
  return s.latencyMs[stat];
}

const EPS = 1e-9;

function compare(actual: number, op: ThresholdOp, limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit + EPS;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit - EPS;
    case '==':
      return Math.abs(actual - limit) <= EPS;
  }
}

/**
 * Whether the metric has samples. A latency or a rate of a step with no request, or a success rate
 * with no order attempted, reads 0: judged as such, `mean<1s` would pass a run where nothing answered.
 */
export function hasData(results: RunResults, metric: string): boolean {
  if (metric === 'success_rate') return results.orders.attempted > 0;
  const kind = metricKind(metric);
  const named = NAMED_STEP.exec(metric);
  if (named) return (namedStep(results, named[1]!)?.count ?? 0) > 0;
  if (kind !== 'latency' && kind !== 'fraction') return true;
  const step = (isLatencyStat(metric) ? 'flow' : metric.split('.')[0]) as MetricStep;
  return (results.steps[step]?.count ?? 0) > 0;
}

/** A named step's line (names compare without case: threshold metrics are read in lower case). */
function namedStep(results: RunResults, name: string): RunResults['steps']['order'] | undefined {
  return results.flowSteps?.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

export function evaluateThresholds(thresholds: readonly Threshold[], results: RunResults): ThresholdResult[] {
  return thresholds.map((t) => {
    if (!hasData(results, t.metric)) {
      return {
        expression: t.expression,
        metric: t.metric,
        op: t.op,
        limit: t.limit,
        actual: 0,
        ok: false,
        noData: true,
      };
    }
    const actual = metricValue(results, t.metric);
    return {
      expression: t.expression,
      metric: t.metric,
      op: t.op,
      limit: t.limit,
      actual,
      ok: compare(actual, t.op, t.limit),
    };
  });
}
