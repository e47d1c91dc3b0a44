import { describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/results/results.js';
import { judgeRun, NO_ANSWER_SHARE } from '../../src/results/run-verdict.js';
import { evaluateThresholds, parseThresholds } from '../../src/results/thresholds.js';

type Step = { count: number; errors: Record<string, number> };
function results(
  steps: Partial<Record<'login' | 'products' | 'cart' | 'order' | 'flow', Step>>,
  attempted = 10,
): RunResults {
  const step = (s?: Step) => ({
    count: s?.count ?? 0,
    failures: Object.values(s?.errors ?? {}).reduce((a, b) => a + b, 0),
    failureRate: 0,
    rps: 0,
    errors: s?.errors ?? {},
    statusCodes: {},
    latencyMs: { min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 },
    histogram: '',
  });
  return {
    orders: { attempted, succeeded: 0, failed: attempted, outOfStock: 0 },
    successRate: 0,
    steps: {
      login: step(steps.login),
      products: step(steps.products),
      cart: step(steps.cart),
      order: step(steps.order),
      flow: step(steps.flow),
    },
  } as unknown as RunResults;
}

describe('judgeRun: no silent pass', () => {
  it('more than the documented share of unanswered requests is an error, whatever the thresholds', () => {
    const r = results({ login: { count: 100, errors: { connection_refused: 51 } } });
    expect(NO_ANSWER_SHARE).toBe(0.5);
    expect(judgeRun(r, { gatePassed: true })).toMatchObject({ result: 'error', code: 'OLG_ERR_TARGET_DIED' });
    const ok = results({
      login: { count: 100, errors: { connection_refused: 50 } },
      order: { count: 50, errors: {} },
    });
    expect(judgeRun(ok, { gatePassed: true }).result).toBe('pass');
  });

  it('order requests sent and none answered is an error; aborted ones do not count as sent', () => {
    const r = results({
      login: { count: 100, errors: {} },
      order: { count: 5, errors: { timeout: 3, aborted: 2 } },
    });
    expect(judgeRun(r, { gatePassed: true })).toMatchObject({ result: 'error', code: 'OLG_ERR_TARGET_DIED' });
  });

  it('no flow completed and flows cut off at the stop is an error', () => {
    const r = results({ login: { count: 5, errors: {} }, order: { count: 5, errors: { aborted: 5 } } });
    (r as { iterations: unknown }).iterations = { completed: 0, dropped: 0, late: 0, cutOff: 5 };
    expect(judgeRun(r, { gatePassed: true })).toMatchObject({ result: 'error', code: 'OLG_ERR_TARGET_DIED' });
  });

  it('an interrupted run is an error; otherwise the gate decides pass or fail', () => {
    const r = results({ login: { count: 10, errors: {} } });
    expect(judgeRun(r, { gatePassed: true, interrupted: 'SIGINT' })).toMatchObject({
      result: 'error',
      code: 'OLG_ERR_INTERRUPTED',
    });
    expect(judgeRun(r, { gatePassed: false }).result).toBe('fail');
  });
});

describe('thresholds over a metric with no samples', () => {
  it('fail with "no data" instead of passing at 0', () => {
    const r = results({ login: { count: 10, errors: {} } }, 0);
    const [mean, rate, count] = evaluateThresholds(
      parseThresholds('mean<1s, success_rate>=0%, orders.failed==0'),
      r,
    );
    expect(mean).toMatchObject({ ok: false, noData: true });
    expect(rate).toMatchObject({ ok: false, noData: true });
    expect(count).toMatchObject({ ok: true });
  });
});
