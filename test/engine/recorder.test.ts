import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/engine/recorder.js';
import type { IterationOutcome, RequestRecord, StepName } from '../../src/engine/types.js';

const T0 = 1_700_000_000_000;

function req(
  step: StepName,
  latencyMs: number,
  at: number,
  extra: Partial<RequestRecord> = {},
): RequestRecord {
  return { step, status: 200, latencyMs, ok: true, endedAt: T0 + at, ...extra };
}

/** The origin's results block: 1000 attempts, 950 succeeded, 10 cart failures, 40 others. */
function originRecorder(keepLedger?: boolean): RunRecorder {
  const r = new RunRecorder({ startedAtMs: T0, ...(keepLedger === undefined ? {} : { keepLedger }) });
  for (let i = 0; i < 1000; i++) {
    let outcome: IterationOutcome = 'order_succeeded';
    if (i < 10) outcome = 'cart_failed';
    else if (i < 30) outcome = 'out_of_stock';
    else if (i < 45) outcome = 'order_failed';
    else if (i < 50) outcome = 'login_failed';
    r.recordIteration({
      userIndex: i,
      outcome,
      latencyMs: 100 + i,
      endedAt: T0 + i * 10,
      ...(outcome === 'order_succeeded'
        ? { order: { orderId: `o${i}`, userIndex: i, items: [{ productId: 'p1', quantity: 1 }] } }
        : {}),
    });
  }
  return r;
}

describe('RunRecorder', () => {
  it('accounts outcomes like the origin results block', () => {
    const o = originRecorder().outcomes();
    // 1000 flows; the 10 cart failures and 5 login failures sent no order: 985 order attempts.
    expect(o).toEqual({
      flows: 1000,
      attempted: 985,
      succeeded: 950,
      failed: 35,
      outOfStock: 20,
      soldOut: 0,
      cartFailed: 10,
      loginFailed: 5,
      productsFailed: 0,
      orderFailed: 15,
    });
  });

  it('keeps the ledger of accepted orders', () => {
    const ledger = originRecorder().ledger();
    expect(ledger).toHaveLength(950);
    expect(ledger[0]).toEqual({ orderId: 'o50', userIndex: 50, items: [{ productId: 'p1', quantity: 1 }] });
  });

  it('keeps no ledger when told nothing will reconcile it, and counts the same', () => {
    const r = originRecorder(false);
    expect(r.ledger()).toEqual([]);
    expect(r.outcomes()).toEqual(originRecorder().outcomes());
  });

  it('records the flow histogram and failed outcomes as flow errors', () => {
    const flow = originRecorder().step('flow');
    expect(flow.count).toBe(1000);
    expect(flow.failures).toBe(50);
    expect(Object.fromEntries(flow.errors)).toEqual({
      cart_failed: 10,
      out_of_stock: 20,
      order_failed: 15,
      login_failed: 5,
    });
    expect(flow.histogram.totalCount).toBe(1000);
    expect(flow.histogram.maxValue).toBeCloseTo(1_099_000, -3);
  });

  it('keeps a line per named step in flow order, counted in its phase too, and names it in error samples', () => {
    const r = new RunRecorder({ startedAtMs: Date.now() });
    r.declareSteps([
      { name: 'add to cart', step: 'cart' },
      { name: 'address', step: 'cart' },
      { name: 'confirm', step: 'order' },
    ]);
    r.record({ step: 'cart', name: 'address', status: 200, latencyMs: 3, ok: true });
    r.record({ step: 'cart', name: 'add to cart', status: 201, latencyMs: 2, ok: true });
    r.record({
      step: 'cart',
      name: 'address',
      status: 200,
      latencyMs: 4,
      ok: false,
      errorKind: 'http_5xx',
      errorDetail: 'x',
    });
    expect(r.namedSteps().map((n) => [n.name, n.step, n.stats.count, n.stats.failures])).toEqual([
      ['add to cart', 'cart', 1, 0],
      ['address', 'cart', 2, 1],
      ['confirm', 'order', 0, 0],
    ]);
    expect(r.step('cart').count).toBe(3);
    expect(Object.fromEntries(r.namedSteps()[1]!.stats.errors)).toEqual({ http_5xx: 1 });
    expect(r.errorSamples()).toEqual([
      { step: 'cart', name: 'address', kind: 'http_5xx', status: 200, detail: 'x', count: 1 },
    ]);
  });

  it('counts requests per step, failures by kind and status codes', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    r.record(req('login', 10, 0));
    r.record(req('login', 12, 0));
    r.record(req('cart', 30, 0, { status: 201 }));
    r.record(req('order', 40, 0, { status: 503, ok: false, errorKind: 'http_5xx', errorDetail: 'busy' }));
    r.record(req('order', 50, 0, { status: 0, ok: false, errorKind: 'timeout' }));
    r.record(req('order', 60, 0, { status: 409, ok: false }));
    expect(r.totalRequests).toBe(6);
    expect(r.totalFailures).toBe(3);
    expect(r.step('login').count).toBe(2);
    expect(r.step('products').count).toBe(0);
    const order = r.step('order');
    expect(order.count).toBe(3);
    expect(order.failures).toBe(3);
    expect(Object.fromEntries(order.errors)).toEqual({ http_5xx: 1, timeout: 1, other: 1 });
    expect(Object.fromEntries(order.statusCodes)).toEqual({ 0: 1, 409: 1, 503: 1 });
    expect(Object.fromEntries(r.step('cart').statusCodes)).toEqual({ 201: 1 });
    expect(order.histogram.totalCount).toBe(3);
  });

  it('keeps at most 5 distinct error samples per step and kind, counted, details cut to 200 chars', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    for (let i = 0; i < 20; i++) {
      r.record(
        req('order', 5, 0, { status: 500, ok: false, errorKind: 'http_5xx', errorDetail: `boom ${i % 7}` }),
      );
    }
    for (let i = 0; i < 3; i++) {
      r.record(
        req('cart', 5, 0, { status: 0, ok: false, errorKind: 'timeout', errorDetail: 'x'.repeat(500) }),
      );
    }
    const samples = r.errorSamples();
    const order = samples.filter((s) => s.step === 'order');
    expect(order).toHaveLength(5);
    expect(order.map((s) => s.detail).sort()).toEqual(['boom 0', 'boom 1', 'boom 2', 'boom 3', 'boom 4']);
    expect(order.find((s) => s.detail === 'boom 0')!.count).toBe(3); // i = 0, 7, 14
    const cart = samples.filter((s) => s.step === 'cart');
    expect(cart).toEqual([{ step: 'cart', kind: 'timeout', status: 0, detail: 'x'.repeat(200), count: 3 }]);
    expect(samples[0]!.count).toBe(3);
  });

  it('builds a per-second timeline with users, requests, failures, orders and percentiles', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    r.setActiveUsers(5, T0 + 100);
    r.setActiveUsers(7, T0 + 900);
    for (let i = 1; i <= 100; i++) r.record(req('products', i, 500));
    r.record(req('cart', 1, 999, { ok: false, status: 500, errorKind: 'http_5xx' }));
    r.recordIteration({ userIndex: 0, outcome: 'order_succeeded', latencyMs: 5, endedAt: T0 + 999 });
    for (let i = 0; i < 10; i++) r.record(req('order', 500, 2500));
    r.recordIteration({ userIndex: 0, outcome: 'order_failed', latencyMs: 5, endedAt: T0 + 2600 });
    r.setActiveUsers(3, T0 + 3100);
    const tl = r.timeline(T0 + 4500);
    expect(tl.map((p) => p.t)).toEqual([0, 1, 2, 3, 4]);
    expect(tl.map((p) => p.users)).toEqual([7, 7, 7, 3, 3]);
    expect(tl.map((p) => p.requests)).toEqual([101, 0, 10, 0, 0]);
    expect(tl.map((p) => p.failures)).toEqual([1, 0, 0, 0, 0]);
    expect(tl.map((p) => p.ordersSucceeded)).toEqual([1, 0, 0, 0, 0]);
    expect(tl[0]!.p50).toBeCloseTo(50, 0);
    expect(tl[0]!.p95).toBeCloseTo(95, 0);
    expect(tl[1]!.p95).toBe(0);
    expect(tl[2]!.p50).toBeCloseTo(500, -1);
    expect(r.peakUsers).toBe(7);
    expect(r.activeUsers).toBe(3);
  });

  it('keeps per-second percentiles apart across many seconds (ring reuse)', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < 20; i++) r.record(req('products', (s + 1) * 10, s * 1000 + 500));
    }
    // A request reported one second late still lands in its own second.
    r.record(req('products', 1000, 8500));
    const tl = r.timeline();
    expect(tl).toHaveLength(10);
    for (let s = 0; s < 8; s++) expect(tl[s]!.p50).toBeCloseTo((s + 1) * 10, 0);
    expect(tl[8]!.requests).toBe(21);
    expect(tl[8]!.p95).toBeCloseTo(90, 0);
    expect(tl[9]!.p50).toBeCloseTo(100, 0);
    // Far too late for its slot: counted, not in the (reused) per-second histogram.
    r.record(req('products', 5000, 1500));
    expect(r.timeline()[1]!.requests).toBe(21);
    expect(r.timeline()[1]!.p50).toBeCloseTo(20, 0);
  });

  it('clamps records from before the start into second 0', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    r.record(req('login', 1, -5000));
    expect(r.timeline()).toHaveLength(1);
    expect(r.timeline()[0]!.requests).toBe(1);
  });

  it('reports a live snapshot over the last completed second', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    r.setActiveUsers(42, T0 + 10);
    for (let i = 1; i <= 100; i++) r.record(req('products', i, 1200));
    r.record(req('order', 1, 2100, { ok: false, status: 500, errorKind: 'http_5xx' }));
    r.recordIteration({ userIndex: 1, outcome: 'order_succeeded', latencyMs: 3, endedAt: T0 + 1500 });
    r.recordIteration({ userIndex: 2, outcome: 'out_of_stock', latencyMs: 3, endedAt: T0 + 1500 });
    const s = r.snapshot(T0 + 2500);
    expect(s).toMatchObject({
      elapsedMs: 2500,
      users: 42,
      requests: 101,
      failures: 1,
      rps: 100,
      orders: { attempted: 2, succeeded: 1, failed: 1 },
    });
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p95).toBeCloseTo(95, 0);
    expect(r.snapshot(T0 + 500)).toMatchObject({ rps: 0, p50: 0, p95: 0 });
  });

  it('counts dropped and late iterations and deduplicates warnings', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    r.countDropped();
    r.countDropped(4);
    r.countLate();
    r.countLate(2);
    r.addWarning('generator CPU saturated');
    r.addWarning('generator CPU saturated');
    r.addWarning('event loop delay 300 ms');
    expect(r.dropped).toBe(5);
    expect(r.late).toBe(3);
    expect(r.warnings()).toEqual(['generator CPU saturated', 'event loop delay 300 ms']);
  });
});
