/**
 * order-load-gate's generator: the real engine (runLoad + createOrderFlow + RunRecorder, users looping
 * with no think time, the health monitor sampling once a second as in `run`) against the bench target.
 */
import { startHealthMonitor } from '../../src/engine/health.js';
import { RunRecorder } from '../../src/engine/recorder.js';
import { runLoad } from '../../src/engine/runner.js';
import { defaultScenario } from '../../src/scenario/default-scenario.js';
import { createOrderFlow } from '../../src/scenario/order-flow.js';
import { type GeneratorArgs, type Measured, window } from './generator-core.js';

/** order-load-gate's real engine, as `run` drives it (see engine-generator.ts). */
export async function runOlg(args: GeneratorArgs): Promise<Measured> {
  // As `run --integrity off` keeps it (nginx has no inventory to check): no ledger of accepted orders
  // (with one, add about 70 bytes per accepted order).
  const recorder = new RunRecorder({ startedAtMs: Date.now(), keepLedger: false });
  const flow = createOrderFlow({
    target: args.url,
    scenario: defaultScenario(),
    recorder,
    password: 'loadtest123',
    userPrefix: 'load_test_user_',
    timeoutMs: 30_000,
  });
  const health = startHealthMonitor(() => {});
  const tick = setInterval(() => {
    health.sample();
    recorder.snapshot();
  }, 1000);
  const stop = new AbortController();
  const run = runLoad({
    plan: { kind: 'spawn', users: args.users, spawnRate: args.users * 10 },
    iterations: 0,
    runTimeMs: (args.warmup + args.seconds + 30) * 1000,
    thinkTimeMs: [0, 0],
    factory: flow,
    recorder,
    signal: stop.signal,
    gracefulStopMs: 1000,
  });
  try {
    return await window(args, () => {
      const s = recorder.snapshot();
      return { requests: s.requests, failures: s.failures, orders: s.orders.succeeded };
    });
  } finally {
    stop.abort();
    await run;
    clearInterval(tick);
    health.stop();
    await flow.close();
  }
}
