import { describe, expect, it } from 'vitest';
import { ThresholdSyntaxError } from '../../src/core/errors.js';
import {
  evaluateThresholds,
  metricKind,
  metricValue,
  parseThreshold,
  parseThresholds,
  THRESHOLD_METRICS,
} from '../../src/results/thresholds.js';
import { sampleResults } from '../engine/fixtures.js';

describe('parseThreshold', () => {
  it.each([
    ['success_rate>=0.95', 'success_rate', '>=', 0.95],
    ['success_rate >= 95%', 'success_rate', '>=', 0.95],
    ['success_rate==100%', 'success_rate', '==', 1],
    ['rps>200', 'rps', '>', 200],
    ['rps>=150/s', 'rps', '>=', 150],
    ['p95<800', 'p95', '<', 800],
    ['p95<800ms', 'p95', '<', 800],
    ['p99<1.5s', 'p99', '<', 1500],
    ['max<=2m', 'max', '<=', 120_000],
    ['mean<0.5ms', 'mean', '<', 0.5],
    ['min>1', 'min', '>', 1],
    ['p50 < 100', 'p50', '<', 100],
    ['p90<100', 'p90', '<', 100],
    ['order.p95<1s', 'order.p95', '<', 1000],
    ['login.max<3s', 'login.max', '<', 3000],
    ['cart.count>=1000', 'cart.count', '>=', 1000],
    ['products.failures==0', 'products.failures', '==', 0],
    ['order.failure_rate<1%', 'order.failure_rate', '<', 0.01],
    ['flow.failure_rate<=0.05', 'flow.failure_rate', '<=', 0.05],
    ['orders.succeeded>=950', 'orders.succeeded', '>=', 950],
    ['orders.failed<=50', 'orders.failed', '<=', 50],
    ['orders.attempted==1000', 'orders.attempted', '==', 1000],
    ['dropped==0', 'dropped', '==', 0],
    ['  P95 <  800ms  ', 'p95', '<', 800],
  ])('%j', (expr, metric, op, limit) => {
    const t = parseThreshold(expr);
    expect(t.metric).toBe(metric);
    expect(t.op).toBe(op);
    expect(t.limit).toBeCloseTo(limit, 12);
    expect(t.expression).toBe(expr.trim());
  });

  it.each([
    ['', /expected <metric><op><value>/],
    ['p95', /expected <metric><op><value>/],
    ['p95 < ', /expected <metric><op><value>/],
    ['p95 => 800', /expected <metric><op><value>/],
    ['p95 != 800', /expected <metric><op><value>/],
    ['latency<800', /unknown metric "latency".*success_rate.*<step>\.<stat>/],
    ['checkout.p95<800', /unknown metric "checkout\.p95"/],
    ['order.p75<800', /unknown metric "order\.p75"/],
    ['p95<800kg', /p95 expects a duration in ms, s or m/],
    ['p95<fast', /p95 expects a duration such as 800, 800ms or 1\.5s/],
    ['p95<-5', /non-negative/],
    ['success_rate>95', /success_rate expects a fraction from 0 to 1/],
    ['success_rate>101%', /a percentage from 0% to 100%/],
    ['orders.failed<5ms', /orders\.failed expects a plain number/],
    ['rps>5ms', /rps expects a number of requests per second/],
  ])('rejects %j', (expr, message) => {
    expect(() => parseThreshold(expr)).toThrow(ThresholdSyntaxError);
    expect(() => parseThreshold(expr)).toThrow(message);
    expect(() => parseThreshold(expr)).toThrow(`Invalid threshold ${JSON.stringify(expr)}`);
  });

  it('parses lists', () => {
    expect(parseThresholds('p95<800ms, success_rate>=95%;\norders.failed==0').map((t) => t.metric)).toEqual([
      'p95',
      'success_rate',
      'orders.failed',
    ]);
    expect(parseThresholds(['dropped==0', ' '])).toHaveLength(1);
  });

  it('knows every metric it lists', () => {
    expect(THRESHOLD_METRICS).toContain('flow.failure_rate');
    for (const m of THRESHOLD_METRICS) expect(metricKind(m)).toBeDefined();
    expect(metricKind('p95')).toBe('latency');
    expect(metricKind('order.count')).toBe('count');
    expect(metricKind('success_rate')).toBe('fraction');
    expect(metricKind('nope')).toBeUndefined();
  });
});

describe('evaluateThresholds', () => {
  const results = sampleResults();

  it('reads the actual values from the results', () => {
    expect(metricValue(results, 'success_rate')).toBe(950 / 990); // 10 flows sent no order (cart)
    expect(metricValue(results, 'rps')).toBe(399);
    expect(metricValue(results, 'p95')).toBe(results.steps.flow.latencyMs.p95);
    expect(metricValue(results, 'order.p99')).toBe(results.steps.order.latencyMs.p99);
    expect(metricValue(results, 'cart.failures')).toBe(10);
    expect(metricValue(results, 'cart.failure_rate')).toBe(0.01);
    expect(metricValue(results, 'order.count')).toBe(990);
    expect(metricValue(results, 'orders.succeeded')).toBe(950);
    expect(metricValue(results, 'orders.failed')).toBe(40);
    expect(metricValue(results, 'orders.attempted')).toBe(990);
    expect(metricValue(results, 'dropped')).toBe(3);
  });

  it('passes and fails each operator at the boundary', () => {
    const rows = evaluateThresholds(
      parseThresholds([
        'success_rate>=95%',
        'success_rate>96%',
        'success_rate<0.96',
        'orders.failed<40',
        'orders.failed<=40',
        'dropped>3',
        'rps>=399',
        'order.p95<1s',
        'order.max<100ms',
        'flow.count==1000',
      ]),
      results,
    );
    expect(rows.map((r) => [r.expression, r.ok])).toEqual([
      ['success_rate>=95%', true],
      ['success_rate>96%', false],
      ['success_rate<0.96', true],
      ['orders.failed<40', false],
      ['orders.failed<=40', true],
      ['dropped>3', false],
      ['rps>=399', true],
      ['order.p95<1s', true],
      ['order.max<100ms', false],
      ['flow.count==1000', true],
    ]);
    expect(rows[0]).toEqual({
      expression: 'success_rate>=95%',
      metric: 'success_rate',
      op: '>=',
      limit: 0.95,
      actual: 950 / 990,
      ok: true,
    });
    expect(rows[8]!.actual).toBeCloseTo(199, 0);
  });
});

describe('thresholds on a scenario step', () => {
  const base = sampleResults();
  const payment = { ...base.steps.cart, name: 'Shipping Methods', phase: 'cart' as const };
  const results = { ...base, flowSteps: [payment] };

  it('reads step[name].stat from the named step, names compared without case', () => {
    const [p95, failures] = evaluateThresholds(
      parseThresholds(['step[shipping methods].p95<100000ms', 'step[Shipping Methods].failures==0']),
      results,
    );
    expect(p95).toMatchObject({
      metric: 'step[shipping methods].p95',
      actual: payment.latencyMs.p95,
      ok: true,
    });
    expect(failures).toMatchObject({ actual: payment.failures, ok: payment.failures === 0 });
  });

  it('a step that is not in the run has no data and fails; an unknown stat is a syntax error', () => {
    const [missing] = evaluateThresholds(parseThresholds('step[adress].p95<1s'), results);
    expect(missing).toMatchObject({ ok: false, noData: true });
    expect(() => parseThreshold('step[address].p42<1s')).toThrow(/unknown metric/);
    expect(parseThreshold('step[address].failure_rate<=1%').limit).toBe(0.01);
  });
});
