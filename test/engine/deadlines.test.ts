import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/engine/clock.js';
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
  it('expires members past their deadline, never before it, and leaves the others alone', async () => {
    const sweeper = new DeadlineSweeper(40); // sweeps every 10 ms
    const now = performance.now();
    const soon = member(now + 30);
    const later = member(now + 10_000);
    const idle = member(0);
    for (const m of [soon, later, idle]) sweeper.add(m);
    await sleep(15);
    expect(soon.expired).toBe(0);
    await sleep(60);
    expect(soon.expired).toBe(1);
    expect(later.expired).toBe(0);
    expect(idle.expired).toBe(0);
    for (const m of [soon, later, idle]) sweeper.delete(m);
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
