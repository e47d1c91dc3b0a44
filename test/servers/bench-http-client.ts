/**
 * Throughput of the load's HTTP client against a trivial local node:http server, next to a shared
 * undici Pool, a Client per user driven through request(), and autocannon. The server runs pinned to
 * CPU 1 and each client variant in its own process pinned to CPU 0 ("one core"), when taskset exists.
 * Each figure is the median of the per-second counts (first second left out), and the table shows
 * the median and the best over the rounds (the best is the least disturbed by other work on the
 * machine). Traffic goes to 127.0.0.1 only; every phase is bounded in time.
 *
 *   node --import tsx test/servers/bench-http-client.ts [seconds=6] [concurrency=100,1000] [rounds=3]
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Client, Pool } from 'undici';
import { createHttpTarget } from '../../src/engine/http-client.js';

const VARIANTS = [
  'autocannon',
  'shared Pool request()',
  'Client/user request()',
  'Client/user (ours)',
] as const;
type Variant = (typeof VARIANTS)[number];
const PATH = '/api/products?in_stock=true';

const SERVER = `
const http = require('node:http');
const body = JSON.stringify([{ id: 1, name: 'a', price: 10, stock: 5 }]);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', 4096, () => process.stdout.write(String(server.address().port) + '\\n'));
`;

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

function pinned(cpu: number, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', String(cpu), ...args]] : [args[0]!, args.slice(1)];
}

async function output(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  await once(child, 'exit');
  return out;
}

/** Median of the per-second counts, the first second (connecting, JIT warm-up) left out. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function loops(
  concurrency: number,
  seconds: number,
  send: (i: number) => Promise<void>,
): Promise<number> {
  const perSecond = new Array<number>(seconds).fill(0);
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, i) => {
      while (performance.now() < end) {
        await send(i);
        const second = Math.floor((performance.now() - start) / 1000);
        if (second < seconds) perSecond[second]!++;
      }
    }),
  );
  return median(perSecond.slice(1));
}

/** Child mode: one variant, one concurrency; prints req/s. */
async function runVariant(variant: Variant, url: string, c: number, seconds: number): Promise<number> {
  if (variant === 'shared Pool request()') {
    const pool = new Pool(url, { connections: c, pipelining: 1 });
    const rps = await loops(c, seconds, async () => {
      JSON.parse(await (await pool.request({ method: 'GET', path: PATH })).body.text());
    });
    await pool.close();
    return rps;
  }
  if (variant === 'Client/user request()') {
    const clients = Array.from({ length: c }, () => new Client(url, { pipelining: 1 }));
    const rps = await loops(c, seconds, async (i) => {
      JSON.parse(await (await clients[i]!.request({ method: 'GET', path: PATH })).body.text());
    });
    await Promise.all(clients.map((client) => client.close()));
    return rps;
  }
  const target = createHttpTarget(url, { timeoutMs: 10_000 });
  const conns = Array.from({ length: c }, () => target.connect());
  const rps = await loops(c, seconds, async (i) => {
    (await conns[i]!.send({ method: 'GET', path: PATH })).json();
  });
  await target.close();
  return rps;
}

async function measure(variant: Variant, url: string, c: number, seconds: number): Promise<number> {
  if (variant === 'autocannon') {
    const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
    const args = [process.execPath, bin, '-c', String(c), '-d', String(seconds), '-j', `${url}${PATH}`];
    const [cmd, rest] = pinned(0, args);
    const out = await output(spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'ignore'] }));
    // autocannon samples once a second: its median sample compares with ours.
    return (JSON.parse(out) as { requests: { p50: number } }).requests.p50;
  }
  const self = fileURLToPath(import.meta.url);
  const args = [
    process.execPath,
    '--import',
    'tsx',
    self,
    '--child',
    variant,
    url,
    String(c),
    String(seconds),
  ];
  const [cmd, rest] = pinned(0, args);
  return Number(await output(spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'inherit'] })));
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 6);
  const levels = (process.argv[3] ?? '100,1000').split(',').map(Number);
  const rounds = Number(process.argv[4] ?? 3);
  const [cmd, rest] = pinned(1, [process.execPath, '-e', SERVER]);
  const server = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(server.stdout!, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}`;
  const results = new Map<string, number[]>();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const c of levels) {
        for (const variant of VARIANTS) {
          const rps = await measure(variant, url, c, seconds);
          const key = `${c}\t${variant}`;
          results.set(key, [...(results.get(key) ?? []), rps]);
        }
      }
    }
  } finally {
    server.kill();
  }
  process.stdout.write(`pinned: ${hasTaskset ? 'client CPU 0, server CPU 1' : 'no (taskset missing)'}\n`);
  for (const [key, values] of results) {
    const [c, variant] = key.split('\t');
    const all = values.map((v) => v.toFixed(0)).join(' ');
    process.stdout.write(
      `c=${c}\t${variant!.padEnd(24)} median ${median(values).toFixed(0)}, best ${Math.max(...values).toFixed(0)} req/s\t(${all})\n`,
    );
  }
}

if (process.argv[2] === '--child') {
  const [, , , variant, url, c, seconds] = process.argv;
  const rps = await runVariant(variant as Variant, url!, Number(c), Number(seconds));
  process.stdout.write(String(rps));
} else {
  await main();
}
