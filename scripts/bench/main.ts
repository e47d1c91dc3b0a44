/**
 * `npm run bench`: requests/s of one order-load-gate process (the real engine: runLoad +
 * createOrderFlow + RunRecorder, users looping with no think time) next to autocannon on the same
 * machine, against the same fast local server, with CPU µs per request and peak RSS.
 *
 * - Target: nginx (one worker) answering the reference contract with canned JSON, else a node:http
 *   server (scripts/bench/server.ts). Pinned to CPU 1; every generator to CPU 0 (taskset), so each
 *   generator gets exactly one core.
 * - Each generator runs in its own process, as plain `node`: the engine as compiled to lib/ by
 *   `npm run build` (what the CLI runs), the generator's own code bundled by esbuild (tsx would add
 *   its loader thread, ~45 MB RSS, and transpiling to what is measured).
 * - Rounds are interleaved (the first generator rotates) because the machine is shared; the table
 *   shows medians, the ratio is the median of the per-round ratios. "by CPU" is the ratio of CPU µs
 *   per request (autocannon's over ours): the req/s ratio when both get the same CPU, the steadier
 *   figure when other work steals time from the generator core ("busy" below 100%).
 *
 *   npm run bench -- [--users 100,1000] [--seconds 5] [--warmup 1] [--rounds 3]
 *     [--server auto|nginx|node] [--ac-mode flow|get] [--node PATH] [--floor]
 *     [--compare-lib DIR] [--profile] [--cli]
 *
 * --node PATH: the generators run on the Node that runs this script (`npm run bench`: the one
 * running npm, as for the tests) unless told, e.g. node_modules/.bin/node (the action's Node 24).
 * --floor adds three generators with autocannon's requests and no flow or recorder: pool.request()
 * loops through one shared undici Pool (the naive way), a bare undici Client.dispatch() loop per
 * connection (the floor under any undici-based client), and a minimal HTTP/1.1 exchange on
 * net.Socket (floors.ts: what a lean transport of our own would cost). About 3.5 minutes.
 * --compare-lib DIR adds order-load-gate once more, from another build of the engine (a lib/ made by
 * `tsc -p tsconfig.build.json --outDir DIR` in another tree): before/after figures from one run.
 * --cli adds the whole CLI once, at the largest --users level: `order-load-gate run` looping for the
 * warm-up + measured seconds, its requests/s and peak RSS (cli-run.ts).
 * --profile writes a CPU profile of each order-load-gate window to .tmp/bench/prof (summarize:
 * npx tsx scripts/bench/profile-top.ts FILE).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { type CliRun, runCli } from './cli-run.js';
import type { GeneratorArgs, GeneratorResult } from './generator.js';
import { FLOOR_MODES, formatRound, formatTable, type Round, summarize, verdict } from './report.js';
import { hasTaskset, pinned, startTarget } from './target.js';

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const workDir = join(root, '.tmp', 'bench');
const SERVER_CPU = 1;
const GENERATOR_CPU = 0;

const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '100,1000' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '3' },
    server: { type: 'string', default: 'auto' },
    'ac-mode': { type: 'string', default: 'flow' },
    profile: { type: 'boolean', default: false },
    floor: { type: 'boolean', default: false },
    node: { type: 'string', default: process.execPath },
    'compare-lib': { type: 'string' },
    cli: { type: 'boolean', default: false },
  },
});

function autocannonVersion(): string {
  const file = createRequire(import.meta.url).resolve('autocannon/package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/**
 * Bundles the generator and the node server (esbuild) into .tmp/bench, with every import of
 * src/** left external and pointed at lib/**: the engine runs as tsc compiled it (`npm run build`),
 * exactly as the CLI runs it. (Bundled into one file the engine behaves differently: with the
 * default flags its GC took 3x longer at 100 users, a V8 heuristic tripped by the bundle's layout.)
 */
async function bundle(lib: string, suffix = ''): Promise<{ generator: string; server: string }> {
  if (!existsSync(join(lib, 'engine', 'runner.js'))) {
    throw new Error(`${lib} holds no build of the engine: run \`npm run build\` first`);
  }
  const productFromLib: Plugin = {
    name: 'product-from-lib',
    setup(b) {
      b.onResolve({ filter: /\/src\// }, (args) => {
        const source = resolve(args.resolveDir, args.path);
        const inLib = join(lib, relative(join(root, 'src'), source));
        return { path: relative(workDir, inLib).split(sep).join('/'), external: true };
      });
    },
  };
  await build({
    entryPoints: { [`generator${suffix}`]: join(here, 'generator.ts'), server: join(here, 'server.ts') },
    outdir: workDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // (the generator imports each mode's modules on demand: chunks keep them apart)
    splitting: true,
    target: 'node20',
    packages: 'external',
    plugins: [productFromLib],
    sourcemap: true,
    logLevel: 'warning',
  });
  return { generator: join(workDir, `generator${suffix}.mjs`), server: join(workDir, 'server.mjs') };
}

/** Runs one generator process; `quiet` silences Node's warnings (an older engine's, with --compare-lib). */
async function generate(script: string, args: GeneratorArgs, quiet = false): Promise<GeneratorResult> {
  const [cmd, rest] = pinned(GENERATOR_CPU, [opts.node, script, JSON.stringify(args)]);
  const env = quiet ? { ...process.env, NODE_NO_WARNINGS: '1' } : process.env;
  const child = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'inherit'], cwd: root, env });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = text.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) {
    throw new Error(`${args.mode} generator (${args.users} users) exited ${code}: ${text.slice(-500)}`);
  }
  return JSON.parse(last) as GeneratorResult;
}

async function main(): Promise<void> {
  const levels = opts.users.split(',').map(Number);
  const seconds = Number(opts.seconds);
  const warmup = Number(opts.warmup);
  const rounds = Number(opts.rounds);
  const acMode = opts['ac-mode'] === 'get' ? 'get' : 'flow';
  const server = opts.server as 'auto' | 'nginx' | 'node';
  if (levels.some((n) => !(n >= 1)) || !(seconds > 0) || !(warmup >= 0) || !(rounds >= 1)) {
    throw new Error('bad --users, --seconds, --warmup or --rounds');
  }
  mkdirSync(join(workDir, 'prof'), { recursive: true });
  const scripts = await bundle(join(root, 'lib'));
  const before = opts['compare-lib'] ? (await bundle(resolve(opts['compare-lib']), '-before')).generator : '';
  const target = await startTarget(server, workDir, scripts.server, SERVER_CPU);
  const stop = () => target.stop();
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const version = execFileSync(opts.node, ['--version']).toString().trim();
  out(`generators: node ${version} (${opts.node}); autocannon ${autocannonVersion()}`);
  out(
    `target: ${target.kind} at ${target.url}; pinning: ${hasTaskset ? `target CPU ${SERVER_CPU}, each generator CPU ${GENERATOR_CPU}` : 'none (taskset missing)'}`,
  );
  out(
    `rounds: ${rounds} x users ${levels.join(',')} x (order-load-gate, autocannon), ${warmup} s warm-up + ${seconds} s measured each; autocannon requests: ${acMode === 'flow' ? 'POST cart, POST cart, POST order (rotating)' : 'GET products'}`,
  );
  const rounds_: Round[] = [];
  let cliRun: CliRun | undefined;
  const started = performance.now();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const users of levels) {
        const base = { url: target.url, users, warmup, seconds, acMode } as const;
        const run = (mode: GeneratorArgs['mode'] | 'before') =>
          generate(
            mode === 'before' ? before : scripts.generator,
            {
              ...base,
              mode: mode === 'before' ? 'olg' : mode,
              ...(opts.profile && mode === 'olg'
                ? { cpuProfile: join(workDir, 'prof', `olg-${users}-${r + 1}.cpuprofile`) }
                : {}),
            },
            mode === 'before',
          );
        // Rotate who goes first, so that a busy stretch of the shared machine hits each alike.
        const modes: (GeneratorArgs['mode'] | 'before')[] = [
          'olg',
          'autocannon',
          ...(before ? (['before'] as const) : []),
          ...(opts.floor ? FLOOR_MODES : []),
        ];
        const shift = (r + levels.indexOf(users)) % modes.length;
        const results = new Map<GeneratorArgs['mode'] | 'before', GeneratorResult>();
        for (const mode of [...modes.slice(shift), ...modes.slice(0, shift)])
          results.set(mode, await run(mode));
        const round: Round = { users, olg: results.get('olg')!, ac: results.get('autocannon')! };
        round.floors = Object.fromEntries(
          (['before', ...FLOOR_MODES] as const).flatMap((m) =>
            results.has(m) ? [[m, results.get(m)!]] : [],
          ),
        );
        rounds_.push(round);
        out(formatRound(round, rounds_.length));
      }
    }
    if (opts.cli) {
      const users = Math.max(...levels);
      cliRun = await runCli(
        opts.node,
        join(root, 'lib', 'cli.js'),
        target.url,
        users,
        warmup + seconds,
        GENERATOR_CPU,
      );
    }
  } finally {
    stop();
  }
  const rows = summarize(rounds_);
  out('');
  out(formatTable(rows));
  out('');
  const v = verdict(rows);
  for (const line of v.lines) out(line);
  if (cliRun) {
    out(
      `CLI   order-load-gate run, ${cliRun.users} users looping ${cliRun.seconds} s (--integrity off): ` +
        `${cliRun.rps.toFixed(0)} req/s, peak RSS ${cliRun.peakRssMb.toFixed(0)} MB (the whole process, results file included)`,
    );
  }
  out(
    `(${((performance.now() - started) / 1000).toFixed(0)} s; medians over ${rounds} rounds; o = order-load-gate, a = autocannon)`,
  );
}

await main();
