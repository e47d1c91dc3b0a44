import { setMaxListeners } from 'node:events';
import { now, sleep, sleepUntil } from './clock.js';
import { arrivalTimeMs, type LoadPlan, planDurationMs, targetUsersAt, userStartMs } from './plan.js';
import type { Shopper, ShopperFactory } from './types.js';

/**
 * Executes a load plan: starts and stops virtual users as the plan says, and for the open
 * model starts flows at their intended times. It never hides a problem of its own: starts
 * that could not happen (no free user) are counted as dropped, starts that happened more than
 * LATE_MS after their intended time are counted as late.
 */
export interface RunnerRecorder {
  setActiveUsers(n: number): void;
  countDropped(n?: number): void;
  countLate(n?: number): void;
}

export interface RunnerOptions {
  plan: LoadPlan;
  /** Orders per user; 0 = loop until the plan or the run time ends. Ignored by the open model (1). */
  iterations: number;
  runTimeMs: number;
  thinkTimeMs: [number, number];
  /** First account index of this run (shards run disjoint slices). */
  userOffset?: number;
  factory: ShopperFactory;
  recorder: RunnerRecorder;
  /** External stop (Ctrl-C, the UI's Stop button). */
  signal?: AbortSignal;
  /** How long in-flight iterations may finish after the end before they are aborted. */
  gracefulStopMs?: number;
  random?: () => number;
}

export type RunEnd = 'completed' | 'run_time' | 'stopped';

export interface RunnerOutcome {
  endedBy: RunEnd;
  usersStarted: number;
  /** Iterations aborted at the hard stop, after the graceful period. */
  abortedInFlight: number;
}

export const LATE_MS = 100;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** Without think time, a user yields to the event loop once every this many iterations. */
const YIELD_EVERY = 16;
const STAGE_TICK_MS = 50;

interface UserSlot {
  index: number;
  shopper: Shopper;
  /** Stop after the current iteration. */
  retire: boolean;
  done: Promise<void>;
}

export async function runLoad(options: RunnerOptions): Promise<RunnerOutcome> {
  return new LoadRun(options).execute();
}

class LoadRun {
  private readonly o: RunnerOptions;
  private readonly t0 = now();
  /** Soft stop: no new iterations. */
  private readonly soft = new AbortController();
  /** Hard stop: in-flight requests are aborted. */
  private readonly hard = new AbortController();
  private readonly active = new Map<number, UserSlot>();
  private readonly shoppers = new Map<number, Shopper>();
  private readonly freeIndexes: number[] = [];
  private nextIndex = 0;
  private usersStarted = 0;
  private inFlight = 0;
  private abortedInFlight = 0;
  private endedBy: RunEnd = 'completed';
  private readonly random: () => number;

  constructor(options: RunnerOptions) {
    this.o = options;
    this.random = options.random ?? Math.random;
    // Every user thinking waits on the soft stop (one listener each): hundreds are expected, and
    // Node's default of 10 printed a MaxListenersExceededWarning on every looping run of 200 users.
    setMaxListeners(0, this.soft.signal, this.hard.signal);
  }

  async execute(): Promise<RunnerOutcome> {
    const stopTimer = setTimeout(() => this.stop('run_time'), this.o.runTimeMs);
    const onExternal = () => this.stop('stopped');
    if (this.o.signal?.aborted) this.stop('stopped');
    this.o.signal?.addEventListener('abort', onExternal, { once: true });
    try {
      const plan = this.o.plan;
      if (plan.kind === 'spawn') await this.runSpawn(plan);
      else if (plan.kind === 'stages') await this.runStages(plan);
      else await this.runArrivals(plan);
      await this.drain();
    } finally {
      clearTimeout(stopTimer);
      this.o.signal?.removeEventListener('abort', onExternal);
      this.o.recorder.setActiveUsers(0);
    }
    return { endedBy: this.endedBy, usersStarted: this.usersStarted, abortedInFlight: this.abortedInFlight };
  }

  private stop(reason: RunEnd): void {
    if (this.soft.signal.aborted) return;
    this.endedBy = reason;
    this.soft.abort();
  }

  /** Waits for users to finish; after a stop, gives in-flight iterations a grace period, then aborts them. */
  private async drain(): Promise<void> {
    const all = Promise.all([...this.active.values()].map((u) => u.done)).then(() => this.waitInFlight());
    const stopped = new Promise<void>((resolve) => {
      if (this.soft.signal.aborted) resolve();
      else this.soft.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const finished = await Promise.race([all.then(() => true), stopped.then(() => false)]);
    if (finished) return;
    const grace = this.o.gracefulStopMs ?? 5_000;
    // The grace timer is cancelled when the iterations finish first: left running, it kept the
    // process alive for up to the whole grace (10 s) after every looping CLI run.
    const graceOver = new AbortController();
    const timedOut = await Promise.race([
      all.then(() => false),
      sleep(grace, graceOver.signal).then(() => !graceOver.signal.aborted),
    ]);
    graceOver.abort();
    if (timedOut) {
      this.abortedInFlight = this.inFlight;
      this.hard.abort();
      await all;
    }
  }

  private async waitInFlight(): Promise<void> {
    while (this.inFlight > 0) await sleep(5);
  }

  private shopperFor(index: number): Shopper {
    let shopper = this.shoppers.get(index);
    if (!shopper) {
      shopper = this.o.factory.create((this.o.userOffset ?? 0) + index);
      this.shoppers.set(index, shopper);
    }
    return shopper;
  }

  private takeIndex(): number {
    this.freeIndexes.sort((a, b) => b - a);
    return this.freeIndexes.pop() ?? this.nextIndex++;
  }

  private async iterate(shopper: Shopper, intendedStart?: number): Promise<void> {
    this.inFlight++;
    try {
      await shopper.iterate(this.hard.signal, intendedStart);
    } finally {
      this.inFlight--;
    }
  }

  private thinkTime(): number {
    const [lo, hi] = this.o.thinkTimeMs;
    return lo + (hi - lo) * this.random();
  }

  /** A closed-model user: its iterations, with think time between them, until done or stopped. */
  private startUser(intendedStart: number, fixedIndex?: number): UserSlot {
    const index = fixedIndex ?? this.takeIndex();
    const slot: UserSlot = { index, shopper: this.shopperFor(index), retire: false, done: Promise.resolve() };
    this.active.set(index, slot);
    this.usersStarted++;
    this.o.recorder.setActiveUsers(this.active.size);
    slot.done = (async () => {
      try {
        const limit = this.o.iterations;
        for (let k = 0; limit === 0 || k < limit; k++) {
          if (this.soft.signal.aborted || slot.retire) break;
          if (k > 0) {
            const think = this.thinkTime();
            // No think time: no timer and no abort listener per iteration, but a turn of the event
            // loop now and then, so that iterations needing no I/O cannot starve timers (the run time).
            if (think > 0) await sleep(think, this.soft.signal);
            else if (k % YIELD_EVERY === 0) await nextTurn();
            if (this.soft.signal.aborted || slot.retire) break;
          }
          // this.iterate() inlined: one async frame and promise fewer per iteration.
          this.inFlight++;
          try {
            await slot.shopper.iterate(this.hard.signal, k === 0 ? intendedStart : undefined);
          } finally {
            this.inFlight--;
          }
        }
      } finally {
        this.active.delete(index);
        if (fixedIndex === undefined) this.freeIndexes.push(index);
        this.o.recorder.setActiveUsers(this.active.size);
      }
    })();
    return slot;
  }

  private async runSpawn(plan: Extract<LoadPlan, { kind: 'spawn' }>): Promise<void> {
    for (let i = 0; i < plan.users; i++) {
      const intended = this.t0 + userStartMs(plan, i);
      // Users already due start at once: a timer per user would pace the spawn by the event loop's
      // turns (a busy loop then starts fewer users per second than the plan says).
      if (intended > now()) await sleepUntil(intended, this.soft.signal);
      if (this.soft.signal.aborted) return;
      if (now() - intended > LATE_MS) this.o.recorder.countLate();
      this.startUser(intended, i);
    }
  }

  private async runStages(plan: Extract<LoadPlan, { kind: 'stages' }>): Promise<void> {
    const end = planDurationMs(plan) ?? this.o.runTimeMs;
    while (!this.soft.signal.aborted) {
      const t = now() - this.t0;
      if (t >= end) {
        this.stop('completed');
        return;
      }
      const target = targetUsersAt(plan, t);
      const running = [...this.active.values()].filter((u) => !u.retire);
      if (running.length < target) {
        for (let n = running.length; n < target; n++) this.startUser(now());
      } else if (running.length > target) {
        // Retire the most recently started users first, as Locust does.
        running
          .sort((a, b) => b.index - a.index)
          .slice(0, running.length - target)
          .forEach((u) => {
            u.retire = true;
          });
      }
      await sleep(STAGE_TICK_MS, this.soft.signal);
    }
  }

  private async runArrivals(plan: Extract<LoadPlan, { kind: 'arrival' }>): Promise<void> {
    const idle: number[] = [];
    let created = 0;
    const end = Math.min(planDurationMs(plan) ?? this.o.runTimeMs, this.o.runTimeMs);
    for (let n = 0; !this.soft.signal.aborted; n++) {
      const at = arrivalTimeMs(plan, n);
      if (at === undefined || at >= end) {
        this.stop('completed');
        return;
      }
      const intended = this.t0 + at;
      if (intended > now()) await sleepUntil(intended, this.soft.signal);
      if (this.soft.signal.aborted) return;
      if (now() - intended > LATE_MS) this.o.recorder.countLate();
      let index = idle.pop();
      if (index === undefined && created < plan.maxUsers) index = created++;
      if (index === undefined) {
        this.o.recorder.countDropped();
        continue;
      }
      const userIndex = index;
      const shopper = this.shopperFor(userIndex);
      this.usersStarted = Math.max(this.usersStarted, created);
      this.o.recorder.setActiveUsers(created - idle.length);
      void this.iterate(shopper, intended).finally(() => {
        idle.push(userIndex);
        this.o.recorder.setActiveUsers(created - idle.length);
      });
    }
  }
}
