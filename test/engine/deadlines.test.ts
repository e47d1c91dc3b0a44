import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeadlineSweeper, type HasDeadline } from '../../src/engine/deadlines.js';

function member(deadline: number): HasDeadline & { expired: number } {
  const m = {
    deadline,
    expired: 0,
    expire() {
      m.expired++;
      m.deadline = 0; // as a connection does when it fails its request
    },
  };
  return m;
}

describe('DeadlineSweeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // The sweeper's timer and its clock (performance.now) are both faked: no race with a busy machine.
  it('expires members past their deadline, never before it, and leaves the others alone', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    const sweeper = new DeadlineSweeper(40); // sweeps every 10 ms
    const now = performance.now();
    const soon = member(now + 30);
    const later = member(now + 10_000);
    const idle = member(0);
    for (const m of [soon, later, idle]) sweeper.add(m);
    vi.advanceTimersByTime(29); // sweeps at 10 and 20 ms: before the deadline
    expect(soon.expired).toBe(0);
    vi.advanceTimersByTime(1); // the sweep at 30 ms: at the deadline
    expect(soon.expired).toBe(1);
    vi.advanceTimersByTime(100);
    expect(soon.expired).toBe(1); // once (its deadline is cleared)
    expect(later.expired).toBe(0);
    expect(idle.expired).toBe(0);
    for (const m of [soon, later, idle]) sweeper.delete(m);
  });

  it('sweeps a quarter of the timeout, between 10 ms and 1 s', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] });
    for (const [timeoutMs, intervalMs] of [
      [40, 10],
      [8, 10],
      [400, 100],
      [60_000, 1000],
    ] as const) {
      const sweeper = new DeadlineSweeper(timeoutMs);
      const m = member(performance.now() + 1);
      sweeper.add(m);
      vi.advanceTimersByTime(intervalMs - 1);
      expect([timeoutMs, m.expired]).toEqual([timeoutMs, 0]);
      vi.advanceTimersByTime(1);
      expect([timeoutMs, m.expired]).toEqual([timeoutMs, 1]);
      sweeper.delete(m);
    }
  });

  it('keeps no timer once its last member is gone', () => {
    const sweeper = new DeadlineSweeper(1000);
    const timer = () => (sweeper as unknown as { timer: NodeJS.Timeout | null }).timer;
    const a = member(0);
    const b = member(0);
    sweeper.add(a);
    sweeper.add(b);
    expect(timer()).not.toBeNull();
    sweeper.delete(a);
    expect(timer()).not.toBeNull();
    sweeper.delete(b);
    expect(timer()).toBeNull();
  });
});
