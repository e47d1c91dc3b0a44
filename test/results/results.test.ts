import { describe, expect, it } from 'vitest';
import { GateError } from '../../src/core/errors.js';
import { summarize } from '../../src/engine/histogram.js';
import { RunRecorder } from '../../src/engine/recorder.js';
import {
  buildResults,
  decodeStepHistogram,
  RESULTS_SCHEMA_VERSION,
  toolVersion,
} from '../../src/results/results.js';
import { parseResults } from '../../src/results/results-schema.js';
import { sampleResults, T0 } from '../engine/fixtures.js';

describe('buildResults', () => {
  const res = sampleResults();

  it('carries the origin outcome block', () => {
    expect(res.schemaVersion).toBe(RESULTS_SCHEMA_VERSION);
    expect(res.tool).toEqual({ name: 'order-load-gate', version: '9.9.9' });
    expect(res.orders).toEqual({ attempted: 1000, succeeded: 950, failed: 50, outOfStock: 20 });
    expect(res.cart).toEqual({ failed: 10 });
    expect(res.login).toEqual({ failed: 0 });
    expect(res.successRate).toBe(0.95);
    expect(res.iterations).toEqual({ completed: 1000, dropped: 3, late: 2 });
    expect(res.startedAt).toBe('2024-01-01T12:00:00.000Z');
    expect(res.endedAt).toBe('2024-01-01T12:00:10.000Z');
    expect(res.durationMs).toBe(10_000);
    expect(res.warnings).toEqual(['generator busy']);
    expect(res.ledger).toHaveLength(950);
    expect(res).not.toHaveProperty('interrupted');
  });

  it('has per-step counts, rates, errors, status codes and latency', () => {
    expect(res.rps).toBe(399); // (1000 + 1000 + 1000 + 990) / 10 s
    expect(res.steps.cart).toMatchObject({ count: 1000, failures: 10, failureRate: 0.01, rps: 100 });
    expect(res.steps.cart.errors).toEqual({ http_5xx: 10 });
    expect(res.steps.cart.statusCodes).toEqual({ 201: 990, 500: 10 });
    expect(res.steps.order.errors).toEqual({ out_of_stock: 20, http_5xx: 20 });
    expect(res.steps.login.latencyMs.p50).toBeCloseTo(20, 1);
    expect(res.steps.order.latencyMs.min).toBeCloseTo(100, 1);
    expect(res.steps.order.latencyMs.max).toBeCloseTo(199, 0);
    expect(res.steps.flow).toMatchObject({ count: 1000, failures: 50 });
    expect(res.steps.flow.errors).toEqual({ cart_failed: 10, out_of_stock: 20, order_failed: 20 });
    expect(res.errorSamples).toContainEqual({
      step: 'cart',
      kind: 'http_5xx',
      status: 500,
      detail: 'db',
      count: 10,
    });
  });

  it('lists every step even without requests', () => {
    const empty = buildResults(new RunRecorder({ startedAtMs: T0 }), {
      settings: {},
      startedAt: new Date(T0),
      endedAt: new Date(T0),
      target: 't',
      interrupted: 'SIGINT',
      shard: { index: 1, count: 2 },
    });
    for (const step of ['login', 'products', 'cart', 'order', 'flow'] as const) {
      expect(empty.steps[step]).toMatchObject({
        count: 0,
        failures: 0,
        failureRate: 0,
        rps: 0,
        errors: {},
        statusCodes: {},
      });
      expect(empty.steps[step].latencyMs).toEqual({
        min: 0,
        mean: 0,
        p50: 0,
        p90: 0,
        p95: 0,
        p99: 0,
        max: 0,
      });
    }
    expect(empty.successRate).toBe(0);
    expect(empty.rps).toBe(0);
    expect(empty.interrupted).toBe('SIGINT');
    expect(empty.shard).toEqual({ index: 1, count: 2 });
    expect(empty.tool.version).toBe(toolVersion());
    expect(toolVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('has a timeline covering the whole duration', () => {
    expect(res.timeline).toHaveLength(10);
    expect(res.timeline.map((p) => p.t)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(res.timeline.reduce((a, p) => a + p.requests, 0)).toBe(3990);
    expect(res.timeline.reduce((a, p) => a + p.ordersSucceeded, 0)).toBe(950);
    expect(res.timeline[0]!.p50).toBeGreaterThan(0);
  });

  it('carries histograms that decode to the same summary', () => {
    const h = decodeStepHistogram(res, 'order');
    expect(h.totalCount).toBe(1000 - 10);
    expect(summarize(h)).toEqual(res.steps.order.latencyMs);
    expect(summarize(decodeStepHistogram(res, 'flow'))).toEqual(res.steps.flow.latencyMs);
  });
});

describe('parseResults', () => {
  const res = sampleResults();

  it('accepts its own JSON', () => {
    const back = parseResults(JSON.parse(JSON.stringify(res)), 'results.json');
    expect(back).toEqual(res);
  });

  it('rejects an unknown schema version clearly', () => {
    expect(() => parseResults({ ...res, schemaVersion: 2 }, 'base.json')).toThrow(
      /base\.json: unsupported results schemaVersion 2 \(this version of order-load-gate reads 1\)/,
    );
    expect(() => parseResults({ hello: 1 }, 'x.json')).toThrow(/x\.json: not a results file/);
    expect(() => parseResults([1], 'x.json')).toThrow(/x\.json: not a results file/);
  });

  it('names the source and the wrong field', () => {
    const bad = JSON.parse(JSON.stringify(res));
    bad.steps.order.latencyMs.p95 = 'fast';
    try {
      parseResults(bad, 'baseline.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(GateError);
      expect((err as GateError).code).toBe('OLG_ERR_RESULTS');
      expect((err as Error).message).toMatch(
        /^baseline\.json: invalid results at steps\.order\.latencyMs\.p95: /,
      );
    }
    const noSteps = JSON.parse(JSON.stringify(res));
    delete noSteps.steps.flow;
    expect(() => parseResults(noSteps, 'b.json')).toThrow(/b\.json: invalid results at steps\.flow/);
    const badLedger = JSON.parse(JSON.stringify(res));
    badLedger.ledger[3].orderId = 7;
    expect(() => parseResults(badLedger, 'b.json')).toThrow(/at ledger\[3\]\.orderId/);
  });

  it('rejects a histogram that does not decode', () => {
    const bad = JSON.parse(JSON.stringify(res));
    bad.steps.cart.histogram = 'bm90IGEgaGlzdG9ncmFt';
    expect(() => parseResults(bad, 'b.json')).toThrow(/b\.json: invalid results at steps\.cart\.histogram/);
  });
});
