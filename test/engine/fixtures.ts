/** Shared results fixtures for the engine and report tests. */
import { RunRecorder } from '../../src/engine/recorder.js';
import type { IterationOutcome } from '../../src/engine/types.js';
import { buildResults, type RunResults } from '../../src/results/results.js';

export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/** 1000 iterations over 10 s: 950 ok, 10 cart failures, 20 out of stock, 20 order failures. */
export function sampleResults(overrides: Partial<Parameters<typeof buildResults>[1]> = {}): RunResults {
  const r = new RunRecorder({ startedAtMs: T0 });
  for (let i = 0; i < 1000; i++) {
    const at = T0 + i * 10;
    let outcome: IterationOutcome = 'order_succeeded';
    if (i % 100 === 1) outcome = 'cart_failed';
    else if (i % 50 === 2) outcome = 'out_of_stock';
    else if (i % 50 === 3) outcome = 'order_failed';
    r.record({ step: 'login', status: 200, latencyMs: 20, ok: true, endedAt: at });
    r.record({ step: 'products', status: 200, latencyMs: 30, ok: true, endedAt: at });
    if (outcome === 'cart_failed') {
      r.record({
        step: 'cart',
        status: 500,
        latencyMs: 40,
        ok: false,
        errorKind: 'http_5xx',
        errorDetail: 'db',
        endedAt: at,
      });
    } else {
      r.record({ step: 'cart', status: 201, latencyMs: 40, ok: true, endedAt: at });
      const failed = outcome !== 'order_succeeded';
      r.record({
        step: 'order',
        status: outcome === 'out_of_stock' ? 409 : failed ? 503 : 201,
        latencyMs: 100 + (i % 100),
        ok: !failed,
        ...(failed
          ? { errorKind: outcome === 'out_of_stock' ? ('out_of_stock' as const) : ('http_5xx' as const) }
          : {}),
        endedAt: at,
      });
    }
    r.recordIteration({
      userIndex: i,
      outcome,
      latencyMs: 200 + (i % 100),
      endedAt: at,
      ...(outcome === 'order_succeeded' ? { order: { orderId: `o${i}`, userIndex: i, items: [] } } : {}),
    });
  }
  r.countDropped(3);
  r.countLate(2);
  r.addWarning('generator busy');
  return buildResults(r, {
    settings: { users: 1000 },
    startedAt: new Date(T0),
    endedAt: new Date(T0 + 10_000),
    target: 'http://localhost:3000',
    toolVersion: '9.9.9',
    ...overrides,
  });
}
