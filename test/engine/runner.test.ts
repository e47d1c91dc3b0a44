import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { now, sleep } from '../../src/engine/clock.js';
import type { LoadPlan } from '../../src/engine/plan.js';
import { runLoad } from '../../src/engine/runner.js';
import type { Shopper, ShopperFactory } from '../../src/engine/types.js';

/** A synthetic shopper that takes `workMs` per iteration and logs when it ran. */
function syntheticFactory(workMs: number) {
  const calls: { userIndex: number; at: number; intended?: number; aborted: boolean }[] = [];
  const created: number[] = [];
  const factory: ShopperFactory = {
    create(userIndex: number): Shopper {
      created.push(userIndex);
      return {
        userIndex,
        async iterate(signal, intendedStartMs) {
          const call = { userIndex, at: now(), intended: intendedStartMs, aborted: false };
          calls.push(call);
          await sleep(workMs, signal);
          call.aborted = signal.aborted;
          return 'order_succeeded';
        },
      };
    },
    async close() {},
  };
  return { factory, calls, created };
}

function counters() {
  const c = { dropped: 0, late: 0, users: [] as number[] };
  return {
    c,
    recorder: {
      setActiveUsers: (n: number) => c.users.push(n),
      countDropped: (n = 1) => {
        c.dropped += n;
      },
      countLate: (n = 1) => {
        c.late += n;
      },
    },
  };
}

describe('runLoad', () => {
  it('starts every user of a spawn plan at its planned time, each with its own account, K iterations each', async () => {
    const { factory, calls, created } = syntheticFactory(5);
    const { c, recorder } = counters();
    const plan: LoadPlan = { kind: 'spawn', users: 40, spawnRate: 100 };
    const t0 = now();
    const out = await runLoad({
      plan,
      iterations: 2,
      runTimeMs: 10_000,
      thinkTimeMs: [0, 0],
      factory,
      recorder,
    });
    expect(out.endedBy).toBe('completed');
    expect(out.usersStarted).toBe(40);
    expect(calls).toHaveLength(80);
    expect(new Set(created)).toEqual(new Set(Array.from({ length: 40 }, (_, i) => i)));
    // user i's first iteration is intended at i/100 s: measured from its intended start
    const firsts = calls.filter((x) => x.intended !== undefined).sort((a, b) => a.userIndex - b.userIndex);
    expect(firsts).toHaveLength(40);
    firsts.forEach((f, i) => {
      expect(f.intended! - t0).toBeGreaterThanOrEqual(i * 10 - 1);
      expect(f.intended! - t0).toBeLessThanOrEqual(i * 10 + 5);
    });
    expect(c.users.at(-1)).toBe(0);
    expect(Math.max(...c.users)).toBeLessThanOrEqual(40);
  });

  it('honours the user offset so shards use disjoint accounts', async () => {
    const { factory, created } = syntheticFactory(1);
    const { recorder } = counters();
    await runLoad({
      plan: { kind: 'spawn', users: 5, spawnRate: 1000 },
      iterations: 1,
      runTimeMs: 5_000,
      thinkTimeMs: [0, 0],
      userOffset: 100,
      factory,
      recorder,
    });
    expect(created.sort((a, b) => a - b)).toEqual([100, 101, 102, 103, 104]);
  });

  it('stops at the run time, lets in-flight iterations finish within the grace period, then aborts them', async () => {
    const { factory, calls } = syntheticFactory(2_000);
    const { recorder } = counters();
    const out = await runLoad({
      plan: { kind: 'spawn', users: 3, spawnRate: 1000 },
      iterations: 0,
      runTimeMs: 200,
      thinkTimeMs: [0, 0],
      gracefulStopMs: 100,
      factory,
      recorder,
    });
    expect(out.endedBy).toBe('run_time');
    expect(out.abortedInFlight).toBe(3);
    expect(calls.every((x) => x.aborted)).toBe(true);
  });

  it('leaves no timer behind when the iterations finish within the grace period', async () => {
    // A process that only runs a load with a 60 s grace: it must exit as soon as the load is done
    // (a grace timer left running kept every looping CLI run alive for up to 10 s).
    const script = `
      import { runLoad } from ${JSON.stringify(pathToFileURL(resolve('src/engine/runner.ts')).href)};
      const started = performance.now();
      const out = await runLoad({
        plan: { kind: 'spawn', users: 3, spawnRate: 1000 },
        iterations: 0, runTimeMs: 100, thinkTimeMs: [0, 0], gracefulStopMs: 60000,
        factory: { create: (userIndex) => ({ userIndex, iterate: () => new Promise((r) => setTimeout(() => r('order_succeeded'), 20)) }), close: async () => {} },
        recorder: { setActiveUsers() {}, countDropped() {}, countLate() {} },
      });
      process.on('exit', () => console.log(JSON.stringify({ endedBy: out.endedBy, ms: performance.now() - started })));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    const killer = setTimeout(() => child.kill(), 30_000); // (a lingering process fails the test)
    const code = await new Promise((r) => child.once('exit', r));
    clearTimeout(killer);
    expect(code).toBe(0);
    const result = JSON.parse(text.trim()) as { endedBy: string; ms: number };
    expect(result.endedBy).toBe('run_time');
    expect(result.ms).toBeLessThan(30_000);
  }, 60_000);

  it('stops on the external signal', async () => {
    const { factory } = syntheticFactory(10);
    const { recorder } = counters();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const out = await runLoad({
      plan: { kind: 'spawn', users: 1000, spawnRate: 50 },
      iterations: 1,
      runTimeMs: 60_000,
      thinkTimeMs: [0, 0],
      factory,
      recorder,
      signal: controller.signal,
    });
    expect(out.endedBy).toBe('stopped');
    expect(out.usersStarted).toBeLessThan(20);
  });

  it('counts open-model starts that find no free user as dropped instead of hiding them', async () => {
    const { factory, calls } = syntheticFactory(300);
    const { c, recorder } = counters();
    // 100 arrivals/s for 0.5 s = 50 intended starts; 3 users busy 300 ms each can take only a few.
    const out = await runLoad({
      plan: { kind: 'arrival', rate: 100, maxUsers: 3, durationMs: 500 },
      iterations: 1,
      runTimeMs: 5_000,
      thinkTimeMs: [0, 0],
      factory,
      recorder,
    });
    expect(out.endedBy).toBe('completed');
    expect(calls.length + c.dropped).toBe(50);
    expect(c.dropped).toBeGreaterThan(30);
    expect(calls.every((x) => x.intended !== undefined)).toBe(true);
  });

  it('follows a stage shape: users rise to the target and are retired as it falls', async () => {
    const { factory } = syntheticFactory(20);
    const { c, recorder } = counters();
    const out = await runLoad({
      plan: {
        kind: 'stages',
        stages: [
          { atMs: 300, target: 10 },
          { atMs: 600, target: 10 },
          { atMs: 900, target: 2 },
        ],
      },
      iterations: 0,
      runTimeMs: 5_000,
      thinkTimeMs: [0, 0],
      factory,
      recorder,
    });
    expect(out.endedBy).toBe('completed');
    expect(Math.max(...c.users)).toBe(10);
    expect(out.usersStarted).toBeGreaterThanOrEqual(10);
  });
});
