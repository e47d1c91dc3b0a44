/** Results and baselines for the comparison and markdown tests, built through the real recorder. */
import type { BaselineEntry, BaselineFile } from '../../src/compare/baseline-file.js';
import { appendEntry, emptyBaseline } from '../../src/compare/baseline-file.js';
import { RunRecorder } from '../../src/engine/recorder.js';
import { buildResults, type RunResults } from '../../src/results/results.js';
import { T0 } from '../engine/fixtures.js';

export interface RunShape {
  /** Latency of every order request (ms). */
  orderMs: number;
  /** Iterations (default 100). */
  n?: number;
  /** The first `failedOrders` orders fail with a 503. */
  failedOrders?: number;
  /** Run duration (default 10 s): sets the throughput. */
  durationMs?: number;
  /** Latency of login, products and cart (default 20, 30, 40 ms). */
  loginMs?: number;
}

/** n iterations of login, products, cart and order with fixed latencies. */
export function makeRun(shape: RunShape): RunResults {
  const n = shape.n ?? 100;
  const r = new RunRecorder({ startedAtMs: T0 });
  const loginMs = shape.loginMs ?? 20;
  for (let i = 0; i < n; i++) {
    const at = T0 + i * 10;
    r.record({ step: 'login', status: 200, latencyMs: loginMs, ok: true, endedAt: at });
    r.record({ step: 'products', status: 200, latencyMs: 30, ok: true, endedAt: at });
    r.record({ step: 'cart', status: 201, latencyMs: 40, ok: true, endedAt: at });
    const failed = i < (shape.failedOrders ?? 0);
    r.record({
      step: 'order',
      status: failed ? 503 : 201,
      latencyMs: shape.orderMs,
      ok: !failed,
      ...(failed ? { errorKind: 'http_5xx' as const, errorDetail: 'service unavailable' } : {}),
      endedAt: at,
    });
    r.recordIteration({
      userIndex: i,
      outcome: failed ? 'order_failed' : 'order_succeeded',
      latencyMs: loginMs + 70 + shape.orderMs,
      endedAt: at,
      ...(failed ? {} : { order: { orderId: `o${i}`, userIndex: i, items: [] } }),
    });
  }
  return buildResults(r, {
    settings: { users: n },
    startedAt: new Date(T0),
    endedAt: new Date(T0 + (shape.durationMs ?? 10_000)),
    target: 'http://localhost:3000',
    toolVersion: '9.9.9',
  });
}

export function sha(i: number): string {
  return i.toString(16).padStart(2, '0').repeat(20);
}

export function entryOf(results: RunResults, i: number): BaselineEntry {
  return {
    recordedAt: new Date(T0 + i * 86_400_000).toISOString(),
    sha: sha(i + 1),
    ref: 'refs/heads/main',
    runUrl: `https://github.com/acme/shop/actions/runs/${1000 + i}`,
    results,
  };
}

/** A baseline file whose entries are these runs, oldest first. */
export function baselineOf(runs: readonly RunResults[], key = 'users-100'): BaselineFile {
  return runs.reduce((file, run, i) => appendEntry(file, entryOf(run, i)), emptyBaseline(key));
}

/** Order latencies of a noisy history: median ~100.5 ms, one outlier at 150 ms. */
export const NOISY_ORDER_MS = [100, 104, 96, 110, 92, 101, 99, 150, 97, 103];
