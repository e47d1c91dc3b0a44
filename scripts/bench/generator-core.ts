/**
 * What every generator process shares (generator.ts, engine-generator.ts): its arguments and result,
 * the measured window (after `warmup` seconds it counts the requests completed during `seconds`, with
 * the process CPU time over that window), and the run itself: peak RSS is the process's VmHWM (else
 * the largest of the 100 ms samples), and the result is one JSON line (GeneratorResult) on stdout, or
 * a message to the first thread when the generator runs in a worker.
 */
import { readFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { isMainThread, parentPort } from 'node:worker_threads';
import { startAllocationSampling, startCpuProfile, watchGc } from './diagnostics.js';

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
export async function window(args: GeneratorArgs, read: () => Counters): Promise<Measured> {
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

export type Measured = Omit<GeneratorResult, 'peakRssMb'>;

/** Runs one generator with the arguments in argv[2], prints (or posts) its result and exits. */
export async function runGenerator(run: (args: GeneratorArgs) => Promise<Measured>): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as GeneratorArgs;
  let sampledPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
  }, 100);
  const result = await run(args);
  clearInterval(sampler);
  const peakRssMb = vmHwmMb() ?? sampledPeak / 1048576;
  const line = JSON.stringify({ ...result, peakRssMb } satisfies GeneratorResult);
  // In the load worker (builds.ts's in-worker.mjs) the result goes to the first thread as a message.
  if (isMainThread) process.stdout.write(`${line}\n`);
  else parentPort?.postMessage(line);
  process.exit(0);
}
