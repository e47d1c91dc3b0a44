import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/engine/recorder.js';
import type { StepName } from '../../src/engine/types.js';
import { buildResults } from '../../src/results/results.js';
import { LiveFeed } from '../../src/ui/live-feed.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

function requestAt(r: RunRecorder, step: StepName, latencyMs: number, atMs: number, ok = true): void {
  r.record({
    step,
    status: ok ? 200 : 500,
    latencyMs,
    ok,
    endedAt: T0 + atMs,
    ...(ok ? {} : { errorKind: 'http_5xx' as const }),
  });
}

describe('the live feed (one tick a second from the recorder)', () => {
  it('sends each completed second once, with per-step p50/p95, and the step table', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    const feed = new LiveFeed();
    r.setActiveUsers(10, T0 + 100);
    for (let i = 0; i < 10; i++) requestAt(r, 'login', 10 + i, 100 + i);
    for (let i = 0; i < 5; i++) requestAt(r, 'order', 100, 200 + i, i > 0);
    const first = feed.tick(r, T0 + 1050);
    expect(first.points.map((p) => p.t)).toEqual([0]);
    const p0 = first.points[0]!;
    expect(p0).toMatchObject({ users: 10, requests: 15, failures: 1 });
    expect(p0.steps?.login?.requests).toBe(10);
    expect(p0.steps?.login?.p50).toBeCloseTo(14, 0);
    expect(p0.steps?.order?.p95).toBeCloseTo(100, 0);
    expect(p0.steps?.cart).toBeUndefined();
    const login = first.steps.find((s) => s.step === 'login')!;
    expect(login).toMatchObject({ requests: 10, failures: 0 });
    expect(login.min).toBeCloseTo(10, 0);
    expect(login.max).toBeCloseTo(19, 0);
    expect(first.steps.find((s) => s.step === 'order')).toMatchObject({ requests: 5, failures: 1 });
    expect(first.failuresPerS).toBe(1);

    // A second with cart requests, then two ticks at once are caught up in order.
    for (let i = 0; i < 4; i++) requestAt(r, 'cart', 40, 1100 + i);
    requestAt(r, 'cart', 40, 2100);
    const second = feed.tick(r, T0 + 3020);
    expect(second.points.map((p) => p.t)).toEqual([1, 2]);
    expect(second.points[0]!.steps?.cart?.requests).toBe(4);
    expect(second.points[1]!.steps?.cart?.requests).toBe(1);
    // req/s since the previous tick: 5 cart requests over ~1.97 s.
    expect(second.steps.find((s) => s.step === 'cart')!.rps).toBeCloseTo(5 / 1.97, 1);
    expect(feed.tick(r, T0 + 3500).points).toEqual([]);
  });

  it('ends with a final tick from the results: the rest of the seconds and the whole run’s table', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    const feed = new LiveFeed();
    requestAt(r, 'products', 30, 500);
    feed.tick(r, T0 + 1001);
    requestAt(r, 'products', 60, 1500);
    requestAt(r, 'order', 80, 2500);
    const results = buildResults(r, {
      settings: {},
      startedAt: new Date(T0),
      endedAt: new Date(T0 + 3000),
      target: 'http://127.0.0.1:1',
    });
    const last = feed.final(results, r.stepTimeline());
    expect(last.final).toBe(true);
    expect(last.points.map((p) => p.t)).toEqual([1, 2]);
    expect(last.points[1]!.steps?.order?.p50).toBeCloseTo(80, 0);
    expect(last.steps.find((s) => s.step === 'products')).toMatchObject({ requests: 2, rps: 0.67 });
    expect(last.requests).toBe(3);
  });
});
