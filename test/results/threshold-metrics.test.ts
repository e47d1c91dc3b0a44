/**
 * Every threshold metric, value by value: each name reads its own field of the results (a
 * distinct value in every field, so reading a neighbour's field cannot pass), and every
 * operator decides exactly at its limit.
 */
import { describe, expect, it } from 'vitest';
import { ThresholdSyntaxError } from '../../src/core/errors.js';
import type { RunResults } from '../../src/results/results.js';
import {
  evaluateThresholds,
  metricKind,
  metricValue,
  parseThreshold,
  THRESHOLD_METRICS,
} from '../../src/results/thresholds.js';
import { sampleResults } from '../engine/fixtures.js';

const STEPS = ['login', 'products', 'cart', 'order', 'flow'] as const;
const LATENCY = ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'max'] as const;

/** The results with a distinct value in every field a threshold can read. */
function distinctResults(): RunResults {
  const r = structuredClone(sampleResults());
  r.successRate = 0.9301;
  r.rps = 402.5;
  r.orders = { attempted: 1001, succeeded: 1002, failed: 1003, outOfStock: 1004 };
  r.iterations = { completed: 1005, dropped: 1006, late: 1007 };
  STEPS.forEach((step, i) => {
    const s = r.steps[step];
    LATENCY.forEach((stat, j) => {
      s.latencyMs[stat] = 10_000 * (i + 1) + j + 0.25;
    });
    s.count = 20_000 + 100 * i;
    s.failures = 30_000 + 100 * i;
    s.failureRate = 0.001 * (i + 1) + 0.0001;
  });
  return r;
}

/** Every metric name and the value it must read, written out by hand. */
const EXPECTED: [string, number][] = [
  ['success_rate', 0.9301],
  ['rps', 402.5],
  ['orders.attempted', 1001],
  ['orders.succeeded', 1002],
  ['orders.failed', 1003],
  ['orders.out_of_stock', 1004],
  ['dropped', 1006],
  ['late', 1007],
  // the flow's latencies, by their bare names
  ['min', 50_000.25],
  ['mean', 50_001.25],
  ['p50', 50_002.25],
  ['p90', 50_003.25],
  ['p95', 50_004.25],
  ['p99', 50_005.25],
  ['max', 50_006.25],
  ...STEPS.flatMap((step, i): [string, number][] => [
    ...LATENCY.map((stat, j): [string, number] => [`${step}.${stat}`, 10_000 * (i + 1) + j + 0.25]),
    [`${step}.count`, 20_000 + 100 * i],
    [`${step}.failures`, 30_000 + 100 * i],
    [`${step}.failure_rate`, 0.001 * (i + 1) + 0.0001],
  ]),
];

const KIND: Record<string, string> = {
  success_rate: 'fraction',
  rps: 'rate',
  'orders.attempted': 'count',
  'orders.succeeded': 'count',
  'orders.failed': 'count',
  'orders.out_of_stock': 'count',
  dropped: 'count',
  late: 'count',
};
const expectedKind = (metric: string) =>
  KIND[metric] ??
  (metric.endsWith('.failure_rate')
    ? 'fraction'
    : metric.endsWith('.count') || metric.endsWith('.failures')
      ? 'count'
      : 'latency');

describe('every threshold metric reads its own field', () => {
  const results = distinctResults();

  it('the list of metrics is exactly the table below, in its order', () => {
    expect([...THRESHOLD_METRICS]).toEqual(EXPECTED.map(([m]) => m));
    // distinct everywhere, except that a bare latency name is the flow's
    const own = EXPECTED.filter(([m]) => !(LATENCY as readonly string[]).includes(m));
    expect(new Set(own.map(([, v]) => v)).size).toBe(own.length);
    for (const stat of LATENCY) expect(metricValue(results, stat)).toBe(metricValue(results, `flow.${stat}`));
  });

  it.each(EXPECTED)('%s reads %d', (metric, value) => {
    expect(metricValue(results, metric)).toBe(value);
    expect(metricKind(metric)).toBe(expectedKind(metric));
    const [row] = evaluateThresholds([parseThreshold(`${metric}==${value}`)], results);
    // a count and a latency limit are taken as written; a fraction as written too (not a %)
    expect(row).toMatchObject({ metric, actual: value, ok: true });
  });

  it('refuses an unknown metric at evaluation time too', () => {
    expect(() => metricValue(results, 'order.p75')).toThrow(ThresholdSyntaxError);
    expect(() => metricValue(results, 'checkout.p95')).toThrow(/unknown metric/);
    expect(() => metricValue(results, 'order')).toThrow(ThresholdSyntaxError);
    expect(metricKind('order.')).toBeUndefined();
    expect(metricKind('.p95')).toBeUndefined();
    expect(metricKind('order.p95.x')).toBeUndefined();
    expect(metricKind('flow.failure_rate')).toBe('fraction');
    expect(metricKind('cart.failures')).toBe('count');
  });
});

describe('each operator at, just below and just above its limit', () => {
  const results = distinctResults(); // p95 = 50004.25 ms, orders.failed = 1003
  const ok = (expr: string) => evaluateThresholds([parseThreshold(expr)], results)[0]!.ok;

  it.each([
    ['orders.failed<1003', false],
    ['orders.failed<1004', true],
    ['orders.failed<=1003', true],
    ['orders.failed<=1002', false],
    ['orders.failed>1003', false],
    ['orders.failed>1002', true],
    ['orders.failed>=1003', true],
    ['orders.failed>=1004', false],
    ['orders.failed>=1000', true],
    ['orders.failed<=1010', true],
    ['orders.failed==1003', true],
    ['orders.failed==1002', false],
    ['orders.failed==1004', false],
    ['p95<50004.25ms', false],
    ['p95<=50004.25', true],
    ['p95>50004.24', true],
    ['p95<50.00425s', false],
    ['p95<50.0043s', true],
    ['success_rate>=93.01%', true],
    ['success_rate>93.01%', false],
    ['success_rate<=0.9301', true],
    ['success_rate<0.9302', true],
    ['rps>=402.5/s', true],
    ['rps>402.5', false],
  ])('%s: %s', (expr, expected) => {
    expect(ok(expr)).toBe(expected);
  });

  it('a fraction written with a percent sign is divided by 100, a bare one is not', () => {
    expect(parseThreshold('flow.failure_rate<=0.5%').limit).toBeCloseTo(0.005, 15);
    expect(parseThreshold('flow.failure_rate<=0.5').limit).toBe(0.5);
    expect(parseThreshold('success_rate>=100%').limit).toBe(1);
    expect(parseThreshold('success_rate>=1').limit).toBe(1);
    expect(parseThreshold('success_rate>=0%').limit).toBe(0);
    expect(parseThreshold('p95<1m').limit).toBe(60_000);
    expect(parseThreshold('p95<.5s').limit).toBe(500);
    expect(parseThreshold('p95<2S').limit).toBe(2000);
    expect(parseThreshold('rps>=10/s').limit).toBe(10);
    expect(parseThreshold('late==0').limit).toBe(0);
  });

  it('keeps the expression, the operator and the limit in each result', () => {
    const [r] = evaluateThresholds([parseThreshold(' late <= 7 ')], results);
    expect(r).toEqual({
      expression: 'late <= 7',
      metric: 'late',
      op: '<=',
      limit: 7,
      actual: 1007,
      ok: false,
    });
  });
});

describe('limits the parser refuses', () => {
  it.each([
    [
      'success_rate>fast',
      /success_rate expects a fraction such as 0\.95 or a percentage such as 95%, not "fast"/,
    ],
    ['orders.failed<many', /orders\.failed expects a number, not "many"/],
    ['rps>lots', /rps expects a number, not "lots"/],
    ['p95<abc5', /p95 expects a duration such as 800, 800ms or 1\.5s/],
    ['p95<5ms x', /p95 expects a duration such as 800/],
    ['success_rate>0.5ms', /a fraction from 0 to 1/],
    ['success_rate>1.5', /a fraction from 0 to 1/],
    ['1p95<800', /expected <metric><op><value>/],
    ['p95<800 <', /p95 expects/],
  ])('%s', (expr, message) => {
    expect(() => parseThreshold(expr)).toThrow(message);
  });

  it('reads a fraction of a second with two decimals', () => {
    expect(parseThreshold('p95<.55s').limit).toBeCloseTo(550, 9);
    expect(parseThreshold('p95<1.25').limit).toBe(1.25);
  });
});
