import { describe, expect, it } from 'vitest';
import { createOrderBarrier } from '../../src/reconcile/barrier.js';

describe('the flash sale barrier', () => {
  it('holds every buyer until the last has arrived or left, then releases them all at once', async () => {
    const barrier = createOrderBarrier(3);
    const signal = new AbortController().signal;
    const released: number[] = [];
    const a = barrier.ticket();
    const b = barrier.ticket();
    const c = barrier.ticket();
    const waits = [
      a.arrive(signal).then(() => released.push(1)),
      b.arrive(signal).then(() => released.push(2)),
    ];
    await new Promise((r) => setTimeout(r, 20));
    expect(released).toEqual([]);
    c.leave(); // a failed login: the buyer will not order
    await Promise.all(waits);
    expect(released.sort()).toEqual([1, 2]);
    expect(barrier).toMatchObject({ arrived: 2, left: 1 });
    expect(barrier.releasedAt).toBeTypeOf('number');
    // leave() after arrive() changes nothing; a late ticket passes at once
    a.leave();
    expect(barrier.left).toBe(1);
    await barrier.ticket().arrive(signal);
  });

  it('lets waiting buyers go when the run is stopped', async () => {
    const barrier = createOrderBarrier(2);
    const stop = new AbortController();
    const wait = barrier.ticket().arrive(stop.signal);
    stop.abort();
    await wait;
    expect(barrier.releasedAt).toBeUndefined();
  });
});
