/**
 * One generator run in its own process (bundled by main.ts, the engine imported from lib/, run under
 * plain node, pinned to one core): order-load-gate's real engine (runLoad + createOrderFlow +
 * RunRecorder, users looping with no think time, the health monitor sampling once a second as in
 * `run`), autocannon with the same number of connections, or one of the floors (floors.ts). After `warmup` seconds it counts the requests completed during
 * `seconds`, with the process CPU time over that window; peak RSS is the process's VmHWM (else the
 * largest of the 100 ms samples). Prints one JSON line (GeneratorResult).
 *
 *   node .tmp/bench/generator.mjs '{"mode":"olg","url":"http://127.0.0.1:8080","users":1000,...}'
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { isMainThread, parentPort } from 'node:worker_threads';
import { autocannonRequests } from './contract.js';
import { startAllocationSampling, startCpuProfile, watchGc } from './diagnostics.js';
import type { FloorMode } from './floors.js';

export interface GeneratorArgs {
  /**
   * undici: a bare Client.dispatch() loop per connection over autocannon's requests (the floor under
   * an undici-based client); pool: pool.request() loops through one shared Pool (the naive way);
   * raw: a minimal net.Socket exchange (floors.ts).
   */
  mode: 'olg' | 'autocannon' | 'undici' | 'pool' | 'raw';
  url: string;
  users: number;
  warmup: number;
  seconds: number;
  acMode: 'flow' | 'get';
  /** Write V8's allocation sampling over the window to this file and print the top sites to stderr. */
  allocProfile?: string;
  /** Write a CPU profile of the window (.cpuprofile) to this file. */
  cpuProfile?: string;
  /** Write a heap snapshot at the end of the window to this file. */
  heapSnapshot?: string;
}

export interface GeneratorResult {
  mode: GeneratorArgs['mode'];
  users: number;
  requests: number;
  failures: number;
  wallMs: number;
  cpuUs: number;
  peakRssMb: number;
  /** order-load-gate: orders accepted in the window. */
  orders?: number;
  /** V8 heap at the end of the window (MB): used, and reserved. */
  heapUsedMb?: number;
  heapTotalMb?: number;
  /** GC in the window: time (ms) and minor/major collections. */
  gcMs?: number;
  gcMinor?: number;
  gcMajor?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function vmHwmMb(): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Counters {
  requests: number;
  failures: number;
  orders: number;
}

interface Mark extends Counters {
  at: number;
  cpu: NodeJS.CpuUsage;
}

/** Waits out the warm-up, then measures one window of the running load. */
async function window(
  args: GeneratorArgs,
  read: () => Counters,
): Promise<Omit<GeneratorResult, 'peakRssMb'>> {
  const mark = (): Mark => ({ ...read(), at: performance.now(), cpu: process.cpuUsage() });
  await sleep(args.warmup * 1000);
  const stopSampling = args.allocProfile ? await startAllocationSampling(args.allocProfile) : undefined;
  const stopProfile = args.cpuProfile ? await startCpuProfile(args.cpuProfile) : undefined;
  const gc = watchGc();
  const a = mark();
  await sleep(args.seconds * 1000);
  const b = mark();
  const gcStats = gc();
  await stopProfile?.();
  if (args.heapSnapshot) writeHeapSnapshot(args.heapSnapshot);
  if (stopSampling) process.stderr.write(`${await stopSampling(b.requests - a.requests)}\n`);
  const memory = process.memoryUsage();
  if (process.env.BENCH_MEMORY_DETAIL) {
    const { getHeapSpaceStatistics } = await import('node:v8');
    const mb = (n: number) => (n / 1048576).toFixed(1);
    const spaces = getHeapSpaceStatistics()
      .map((s) => `${s.space_name} ${mb(s.space_size)}/${mb(s.space_used_size)}`)
      .join(', ');
    process.stderr.write(
      `memory: rss ${mb(memory.rss)} heap ${mb(memory.heapTotal)}/${mb(memory.heapUsed)} external ${mb(memory.external)} arrayBuffers ${mb(memory.arrayBuffers)}; ${spaces}\n`,
    );
  }
  return {
    heapUsedMb: memory.heapUsed / 1048576,
    heapTotalMb: memory.heapTotal / 1048576,
    gcMs: gcStats.ms,
    gcMinor: gcStats.minor,
    gcMajor: gcStats.major,
    mode: args.mode,
    users: args.users,
    requests: b.requests - a.requests,
    failures: b.failures - a.failures,
    orders: b.orders - a.orders,
    wallMs: b.at - a.at,
    cpuUs: b.cpu.user - a.cpu.user + (b.cpu.system - a.cpu.system),
  };
}

// Each mode imports only what it runs: autocannon's modules (~25 MB RSS) are no part of
// order-load-gate's footprint, nor the engine's of autocannon's. ("eager": under ncc, in the one
// file as the product bundles its own lazy imports; evaluated only when imported.)
async function runOlg(args: GeneratorArgs): Promise<Omit<GeneratorResult, 'peakRssMb'>> {
  const [{ startHealthMonitor }, { RunRecorder }, { runLoad }, { defaultScenario }, { createOrderFlow }] =
    await Promise.all([
      import(/* webpackMode: "eager" */ '../../src/engine/health.js'),
      import(/* webpackMode: "eager" */ '../../src/engine/recorder.js'),
      import(/* webpackMode: "eager" */ '../../src/engine/runner.js'),
      import(/* webpackMode: "eager" */ '../../src/scenario/default-scenario.js'),
      import(/* webpackMode: "eager" */ '../../src/scenario/order-flow.js'),
    ]);
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

async function runAutocannon(args: GeneratorArgs): Promise<Omit<GeneratorResult, 'peakRssMb'>> {
  const { default: autocannon } = await import('autocannon');
  const counters: Counters = { requests: 0, failures: 0, orders: 0 };
  const instance = autocannon({
    url: args.url,
    connections: args.users,
    pipelining: 1,
    duration: args.warmup + args.seconds + 30,
    timeout: 30,
    requests: autocannonRequests(args.acMode),
  });
  instance.on('response', (_client: unknown, status: number) => {
    counters.requests++;
    if (status >= 400) counters.failures++;
  });
  instance.on('reqError', () => {
    counters.requests++;
    counters.failures++;
  });
  try {
    return await window(args, () => ({ ...counters }));
  } finally {
    const done = new Promise<void>((resolve) => instance.once('done', () => resolve()));
    instance.stop();
    await done;
  }
}

/** One of the floors (floors.ts): bare loops with autocannon's requests, no flow and no recorder. */
async function runFloor(args: GeneratorArgs, mode: FloorMode): Promise<Omit<GeneratorResult, 'peakRssMb'>> {
  const { startFloor } = await import(/* webpackMode: "eager" */ './floors.js');
  const counters: Counters = { requests: 0, failures: 0, orders: 0 };
  const floor = startFloor(mode, args.url, args.users, autocannonRequests(args.acMode), counters);
  try {
    return await window(args, () => ({ ...counters }));
  } finally {
    await floor.stop();
  }
}

const args = JSON.parse(process.argv[2] ?? '{}') as GeneratorArgs;
let sampledPeak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, 100);
const result =
  args.mode === 'olg'
    ? await runOlg(args)
    : args.mode === 'autocannon'
      ? await runAutocannon(args)
      : await runFloor(args, args.mode);
clearInterval(sampler);
const peakRssMb = vmHwmMb() ?? sampledPeak / 1048576;
const line = JSON.stringify({ ...result, peakRssMb } satisfies GeneratorResult);
// In the load worker (builds.ts's in-worker.mjs) the result goes to the first thread as a message.
if (isMainThread) process.stdout.write(`${line}\n`);
else parentPort?.postMessage(line);
process.exit(0);
