import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { RunResults } from '../../src/results/results.js';
import type { Running } from '../servers/http-kit.js';
import { type ReferenceFake, startReferenceFake } from '../servers/reference-shop-fake.js';
import { startSerialSlowProxy } from '../servers/serial-slow-proxy.js';
import { captureIo } from '../support/capture.js';

/** The open model: flows start on schedule however slow the target is; latency counts the wait. */
describe('run --arrival-rate', () => {
  let shop: ReferenceFake;
  let slow: Running;
  let dir: string;

  beforeAll(async () => {
    shop = await startReferenceFake({ products: 5, stock: 100_000 });
    // 20 ms per request, one at a time: 4 requests a flow = 12.5 flows/s at most.
    slow = await startSerialSlowProxy(shop.url, 20);
    dir = await mkdtemp(join(tmpdir(), 'olg-arrival-'));
  });
  afterAll(async () => {
    await slow?.close();
    await shop?.close();
  });

  async function run(target: string, extra: string[]): Promise<RunResults> {
    const out = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
    const code = await runCli(
      ['run', '--target', target, '--out', out, '--progress', 'off', ...extra],
      captureIo(),
    );
    expect(code).toBe(0);
    return JSON.parse(await readFile(out, 'utf8')) as RunResults;
  }

  it('against an overloaded server, reports latencies that include the time spent queueing', async () => {
    // 25 flows/s for 2 s = 50 flows, twice what the server can take: the queue grows to ~2 s.
    const r = await run(slow.url, ['--arrival-rate', '25/s', '--run-time', '2s', '--max-users', '200']);
    expect(r.iterations.completed + r.iterations.dropped).toBe(50);
    expect(r.iterations.dropped).toBe(0);
    expect(r.orders.succeeded).toBe(50);
    // A closed model would see ~80 ms flows here (it slows down with the server); the open model
    // sees the backlog: the last flows waited for about everything before them.
    expect(r.steps.flow.latencyMs.max).toBeGreaterThan(1500);
    expect(r.steps.flow.latencyMs.p50).toBeGreaterThan(500);
    expect(r.steps.flow.latencyMs.max).toBeGreaterThanOrEqual(r.steps.order.latencyMs.max);
  });

  it('measures from the intended start: a stalled generator shows up as late starts and latency', async () => {
    // Block this process's event loop for 500 ms at 300 ms into the run: flows due meanwhile start
    // late, and their latency still counts from when they were due.
    setTimeout(() => {
      const until = performance.now() + 500;
      while (performance.now() < until) {
        /* the generator is stuck */
      }
    }, 300);
    const r = await run(shop.url, ['--arrival-rate', '20/s', '--run-time', '1500ms', '--max-users', '100']);
    expect(r.iterations.late).toBeGreaterThan(3);
    expect(r.steps.flow.latencyMs.max).toBeGreaterThanOrEqual(400);
    expect(r.iterations.completed).toBe(30);
  });

  it('counts flows that find no free user as dropped', async () => {
    const r = await run(slow.url, ['--arrival-rate', '40/s', '--run-time', '1s', '--max-users', '5']);
    // 5 users on a server that takes 12.5 flows/s at most cannot take 40 flows in 1 s.
    expect(r.iterations.dropped).toBeGreaterThanOrEqual(10);
    expect(r.iterations.completed).toBeLessThanOrEqual(30);
    expect(r.iterations.completed + r.iterations.dropped).toBe(40);
  });
});
