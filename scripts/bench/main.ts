/**
 * `npm run bench`: requests/s of one order-load-gate process (the real engine: runLoad +
 * createOrderFlow + RunRecorder, users looping with no think time) next to autocannon on the same
 * machine, against the same fast local server, with CPU µs per request and peak RSS.
 *
 * - Target: nginx (one worker) answering the reference contract with canned JSON, else a node:http
 *   server (scripts/bench/server.ts). Pinned to CPU 1; every generator to CPU 0 (taskset), so each
 *   generator gets exactly one core.
 * - Each generator runs in its own process. By default order-load-gate is the engine as the action
 *   runs it: built by ncc like dist/index.js (builds.ts) and run under Node 24 (the npm package
 *   `node`), autocannon under the same Node. A second line runs the engine as compiled to lib/ by
 *   `npm run build` (what the CLI runs) and autocannon again, both on the Node running npm (Node 20
 *   here); their generator code bundled by esbuild (tsx would add its loader thread, ~45 MB RSS).
 * - Rounds are interleaved (the first generator rotates) because the machine is shared; the table
 *   shows medians, the ratio is the median of the per-round ratios. "by CPU" is the ratio of CPU µs
 *   per request (autocannon's over ours): the req/s ratio when both get the same CPU, the steadier
 *   figure when other work steals time from the generator core ("busy" below 100%).
 *
 *   npm run bench -- [--users 100,1000] [--seconds 5] [--warmup 1] [--rounds 3]
 *     [--server auto|nginx|node] [--ac-mode flow|get] [--engine bundle|lib] [--node PATH]
 *     [--lib-node PATH] [--lib-line on|off] [--layout worker|child] [--floor] [--compare-lib DIR] [--profile] [--cli]
 *
 * --engine lib measures lib/ as the main line (and drops the second). --node PATH: the Node of the
 * main line (default node_modules/node/bin/node, the action's Node 24); --lib-node PATH: the second
 * line's (default the Node running this script).
 * --layout child runs the bundled engine alone in its process, started with the same limits as V8
 * flags (--max-semi-space-size, --max-old-space-size), instead of in a worker thread as the action does.
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
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadWorkerLimits, resourceLimits } from '../../src/action/load-worker-limits.js';
import { LOAD_V8_FLAGS } from '../../src/engine/gc-flags.js';
import { buildLibGenerator, buildNccGenerator } from './builds.js';
import { type CliRun, runCli } from './cli-run.js';
import type { GeneratorArgs, GeneratorResult } from './generator.js';
import {
  EXTRA_MODES,
  type ExtraMode,
  FLOOR_MODES,
  formatRound,
  formatTable,
  type Round,
  summarize,
  verdict,
} from './report.js';
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
    engine: { type: 'string', default: 'bundle' },
    node: { type: 'string', default: join(root, 'node_modules', 'node', 'bin', 'node') },
    'lib-node': { type: 'string', default: process.execPath },
    'lib-line': { type: 'string', default: 'on' },
    'compare-lib': { type: 'string' },
    cli: { type: 'boolean', default: false },
    layout: { type: 'string', default: 'worker' },
  },
});

function autocannonVersion(): string {
  const file = createRequire(import.meta.url).resolve('autocannon/package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

interface Launch {
  script: string;
  node: string;
  /** Node/V8 flags before the script. */
  flags?: readonly string[];
  /** Silences Node's warnings (an older engine's, with --compare-lib). */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The worker's limits (and the load's V8 flags) as flags of a generator alone in its process (--layout child). */
function v8Flags(limits: ReturnType<typeof resourceLimits>): string[] {
  // V8's young generation is three semi-spaces (two and the new large-object space's share).
  const semi = Math.max(1, Math.round(limits.maxYoungGenerationSizeMb / 3));
  return [
    `--max-semi-space-size=${semi}`,
    `--max-old-space-size=${limits.maxOldGenerationSizeMb}`,
    ...LOAD_V8_FLAGS,
  ];
}

/** Runs one generator process, pinned to the generator core. */
async function generate(launch: Launch, args: GeneratorArgs): Promise<GeneratorResult> {
  const { script, node, flags = [], quiet = false } = launch;
  const base = launch.env ?? process.env;
  const [cmd, rest] = pinned(GENERATOR_CPU, [node, ...flags, script, JSON.stringify(args)]);
  const env = quiet ? { ...base, NODE_NO_WARNINGS: '1' } : base;
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
  const engine = opts.engine === 'lib' ? 'lib' : 'bundle';
  const builds = { root, workDir, here };
  const scripts = await buildLibGenerator(builds, join(root, 'lib'));
  // The action runs in a worker with these limits (OLG_MAX_YOUNG_GENERATION_MB / OLG_MAX_OLD_SPACE_MB).
  const limits = resourceLimits(loadWorkerLimits());
  const ncc = engine === 'bundle' ? buildNccGenerator(builds) : undefined;
  const layout = opts.layout === 'child' ? 'child' : 'worker';
  const childFlags = v8Flags(limits);
  // The CLI sets the load's V8 flags when it starts (src/cli.ts): given on the command line here.
  const olg: Launch = !ncc
    ? { script: scripts.generator, node: opts.node, flags: LOAD_V8_FLAGS }
    : layout === 'child'
      ? { script: ncc.script, node: opts.node, flags: childFlags }
      : {
          script: ncc.inWorker,
          node: opts.node,
          env: { ...process.env, BENCH_RESOURCE_LIMITS: JSON.stringify(limits) },
        };
  // autocannon and the floors: the esbuild build (the ncc one holds the engine alone).
  const peers = scripts.generator;
  const launches: Partial<Record<ExtraMode, Launch>> = {};
  if (opts['compare-lib']) {
    const generator = (await buildLibGenerator(builds, resolve(opts['compare-lib']), '-before')).generator;
    launches.before = { script: generator, node: opts.node, quiet: true };
  }
  if (engine === 'bundle' && opts['lib-line'] !== 'off') {
    launches.lib = { script: scripts.generator, node: opts['lib-node'], flags: LOAD_V8_FLAGS };
    launches.aclib = { script: scripts.generator, node: opts['lib-node'] };
  }
  const target = await startTarget(server, workDir, scripts.server, SERVER_CPU);
  const stop = () => target.stop();
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  const nodeVersion = (node: string) => execFileSync(node, ['--version']).toString().trim();
  out(
    `order-load-gate: ${engine === 'bundle' ? `the ncc bundle (as dist/index.js), ${layout === 'child' ? `alone in its process with ${childFlags.join(' ')}` : `as in the action's load worker, ${LOAD_V8_FLAGS.join(' ')}`} (young generation ${limits.maxYoungGenerationSizeMb} MB, old space ${limits.maxOldGenerationSizeMb} MB)` : 'lib/ (tsc)'} on node ${nodeVersion(opts.node)} (${opts.node}); ` +
      `autocannon ${autocannonVersion()} on the same node`,
  );
  if (launches.lib)
    out(`second line: lib/ and autocannon on node ${nodeVersion(opts['lib-node'])} (${opts['lib-node']})`);
  out(
    `target: ${target.kind} at ${target.url}; pinning: ${hasTaskset ? `target CPU ${SERVER_CPU}, each generator CPU ${GENERATOR_CPU}` : 'none (taskset missing)'}`,
  );
  out(
    `rounds: ${rounds} x users ${levels.join(',')} x (order-load-gate, autocannon${launches.lib ? ', both on lib node' : ''}), ${warmup} s warm-up + ${seconds} s measured each; autocannon requests: ${acMode === 'flow' ? 'POST cart, POST cart, POST order (rotating)' : 'GET products'}`,
  );
  const rounds_: Round[] = [];
  let cliRun: CliRun | undefined;
  const started = performance.now();
  try {
    for (let r = 0; r < rounds; r++) {
      for (const users of levels) {
        const base = { url: target.url, users, warmup, seconds, acMode } as const;
        type Mode = GeneratorArgs['mode'] | 'before' | 'lib' | 'aclib';
        const run = (mode: Mode) => {
          const launch =
            mode === 'olg' ? olg : (launches[mode as ExtraMode] ?? { script: peers, node: opts.node });
          const generatorMode: GeneratorArgs['mode'] =
            mode === 'before' || mode === 'lib' ? 'olg' : mode === 'aclib' ? 'autocannon' : mode;
          return generate(launch, {
            ...base,
            mode: generatorMode,
            ...(opts.profile && mode === 'olg'
              ? { cpuProfile: join(workDir, 'prof', `olg-${users}-${r + 1}.cpuprofile`) }
              : {}),
          });
        };
        // Rotate who goes first, so that a busy stretch of the shared machine hits each alike.
        const modes: Mode[] = [
          'olg',
          'autocannon',
          ...(Object.keys(launches) as ExtraMode[]),
          ...(opts.floor ? FLOOR_MODES : []),
        ];
        const shift = (r + levels.indexOf(users)) % modes.length;
        const results = new Map<Mode, GeneratorResult>();
        for (const mode of [...modes.slice(shift), ...modes.slice(0, shift)])
          results.set(mode, await run(mode));
        const round: Round = { users, olg: results.get('olg')!, ac: results.get('autocannon')! };
        round.floors = Object.fromEntries(
          EXTRA_MODES.flatMap((m) => (results.has(m) ? [[m, results.get(m)!]] : [])),
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
