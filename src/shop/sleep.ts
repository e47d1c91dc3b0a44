/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * An injected delay of `ms` on average, in whole milliseconds (timers have no finer grain): 1.5
 * waits 1 ms or 2 ms, each half of the time; 2 always waits 2 ms.
 */
export function injectedDelayMs(ms: number, random: () => number = Math.random): number {
  const whole = Math.floor(ms);
  return random() < ms - whole ? whole + 1 : whole;
}
