/**
 * The flash sale's barrier: "at the same moment" made real. Every buyer logs in and fills the cart
 * first, then waits here; when the last expected buyer has arrived (or given up: a failed login or
 * cart leaves the barrier), every order is released in the same event-loop turn.
 */
import type { BarrierTicket, OrderBarrier } from '../scenario/order-attempt.js';

export interface CountingBarrier extends OrderBarrier {
  /** Resolves when the orders are released. */
  readonly released: Promise<void>;
  readonly arrived: number;
  readonly left: number;
  /** Wall-clock time of the release (ms since epoch), once released. */
  readonly releasedAt: number | undefined;
}

/** One listener per signal, however many buyers wait on it (a run's stop signal is shared). */
const aborts = new WeakMap<AbortSignal, Promise<void>>();
function abortOf(signal: AbortSignal): Promise<void> {
  let aborted = aborts.get(signal);
  if (!aborted) {
    aborted = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    aborts.set(signal, aborted);
  }
  return aborted;
}

export function createOrderBarrier(participants: number): CountingBarrier {
  let arrived = 0;
  let left = 0;
  let releasedAt: number | undefined;
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const check = (): void => {
    if (releasedAt === undefined && arrived + left >= participants) {
      releasedAt = Date.now();
      release();
    }
  };
  if (participants <= 0) check();
  return {
    released,
    get arrived() {
      return arrived;
    },
    get left() {
      return left;
    },
    get releasedAt() {
      return releasedAt;
    },
    ticket(): BarrierTicket {
      let used = false;
      return {
        arrive(signal) {
          if (!used) {
            used = true;
            arrived++;
            check();
          }
          if (releasedAt !== undefined || signal.aborted) return Promise.resolve();
          return Promise.race([released, abortOf(signal)]);
        },
        leave() {
          if (used) return;
          used = true;
          left++;
          check();
        },
      };
    },
  };
}
