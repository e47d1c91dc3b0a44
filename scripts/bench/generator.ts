/**
 * One generator run in its own process, pinned to one core (bundled by esbuild in main.ts, the engine
 * imported from lib/): order-load-gate's engine (olg-run.ts), autocannon with the same number of
 * connections, or one of the floors (floors.ts). Prints one JSON line (generator-core.ts).
 * The bundled engine the action runs is engine-generator.ts, built by ncc without the peers.
 *
 *   node .tmp/bench/generator.mjs '{"mode":"olg","url":"http://127.0.0.1:8080","users":1000,...}'
 */
import { autocannonRequests } from './contract.js';
import type { FloorMode } from './floors.js';
import { type Counters, type GeneratorArgs, type Measured, runGenerator, window } from './generator-core.js';
import { runOlg } from './olg-run.js';

export type { GeneratorArgs, GeneratorResult } from './generator-core.js';

// Each peer imports its modules on demand: autocannon's (~25 MB RSS) are no part of the engine's
// footprint when the same script runs order-load-gate.
async function runAutocannon(args: GeneratorArgs): Promise<Measured> {
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
async function runFloor(args: GeneratorArgs, mode: FloorMode): Promise<Measured> {
  const { startFloor } = await import('./floors.js');
  const counters: Counters = { requests: 0, failures: 0, orders: 0 };
  const floor = startFloor(mode, args.url, args.users, autocannonRequests(args.acMode), counters);
  try {
    return await window(args, () => ({ ...counters }));
  } finally {
    await floor.stop();
  }
}

await runGenerator((args) =>
  args.mode === 'olg'
    ? runOlg(args)
    : args.mode === 'autocannon'
      ? runAutocannon(args)
      : runFloor(args, args.mode),
);
