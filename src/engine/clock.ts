import { performance } from 'node:perf_hooks';

/** The runner's monotonic clock (performance.now() milliseconds) and an abortable sleep. */
export const now = (): number => performance.now();

export function sleepUntil(targetMs: number, signal?: AbortSignal): Promise<void> {
  return sleep(targetMs - now(), signal);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
