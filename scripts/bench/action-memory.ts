/**
 * The action's memory in a real run: dist/index.js under Node 24 (the npm package `node`), as the
 * runner starts it, against the reference shop (started by the action's start-command, PGlite,
 * seeded through its admin route), each user ordering once. Samples every 100 ms the RSS of the
 * action's process (its load worker included) and, for a layout that starts one, of a child load
 * process (the shop, another process group, is not counted); prints the peak of their sum, each
 * one's peak (VmHWM) and the outcome.
 *
 *   npm run bundle && node --import tsx scripts/bench/action-memory.ts [--users 1000] [--spawn-rate 100]
 *     [--iterations 1 | --iterations 0 --run-time 30s]
 *
 * OLG_MAX_YOUNG_GENERATION_MB / OLG_MAX_OLD_SPACE_MB pass through to the action; --inline runs the
 * action's own bundle (dist/action/index.js) alone: one process, no V8 limits; --entry FILE runs
 * another build's entry (e.g. a copy of an older dist/index.js: before/after on one machine).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort } from '../../src/bring-up/free-port.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
const { values: opts } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    'spawn-rate': { type: 'string', default: '100' },
    iterations: { type: 'string', default: '1' },
    'run-time': { type: 'string', default: '' },
    inline: { type: 'boolean', default: false },
    entry: { type: 'string' },
  },
});

function status(pid: number): { rss: number; hwm: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** The load process: the first process's child running the same script. */
function loadProcessOf(pid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
    return children.map(Number).find((c) => {
      try {
        return readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('index.js');
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'olg-action-memory-'));
const port = await freePort();
const admin = 'action-memory-admin';
const files = {
  output: join(dir, 'output'),
  summary: join(dir, 'summary.md'),
  event: join(dir, 'event.json'),
};
writeFileSync(files.output, '');
writeFileSync(files.summary, '');
writeFileSync(
  files.event,
  JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/shop' } }),
);
const inputs: Record<string, string> = {
  'target-url': `http://127.0.0.1:${port}`,
  'start-command': `"${process.execPath}" "${join(root, 'lib', 'cli.js')}" shop --port ${port} --processing-delay-ms 5`,
  'ready-path': '/health',
  seed: 'reference',
  'admin-token': admin,
  users: opts.users,
  'spawn-rate': opts['spawn-rate'],
  iterations: opts.iterations,
  'run-time': opts['run-time'],
  baseline: 'none',
  comment: 'never',
  'github-token': 'unused',
  'report-dir': join(dir, 'report'),
};
const env: NodeJS.ProcessEnv = {
  ...process.env,
  GITHUB_ACTIONS: 'true',
  GITHUB_OUTPUT: files.output,
  GITHUB_STEP_SUMMARY: files.summary,
  GITHUB_EVENT_PATH: files.event,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
  RUNNER_TEMP: dir,
  ORDER_LOAD_GATE_ADMIN_TOKEN: admin,
};
for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

const started = performance.now();
const entry = opts.entry
  ? resolve(opts.entry)
  : join(root, 'dist', ...(opts.inline ? ['action', 'index.js'] : ['index.js']));
const action = spawn(node24, [entry], {
  cwd: dir,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let log = '';
action.stdout.on('data', (d: Buffer) => {
  log += d.toString();
});
action.stderr.on('data', (d: Buffer) => {
  log += d.toString();
});
const peak = { sum: 0, first: 0, load: 0 };
let loadPid: number | undefined;
const sample = setInterval(() => {
  const first = status(action.pid!);
  loadPid ??= loadProcessOf(action.pid!);
  const load = loadPid ? status(loadPid) : { rss: 0, hwm: 0 };
  peak.sum = Math.max(peak.sum, first.rss + load.rss);
  peak.first = Math.max(peak.first, first.hwm);
  peak.load = Math.max(peak.load, load.hwm);
}, 100);
// A bound on the whole run: killed (and reported) after 10 minutes.
const bound = setTimeout(() => action.kill('SIGTERM'), 600_000);
const code = await new Promise<number | null>((r) => action.once('exit', r));
clearInterval(sample);
clearTimeout(bound);
const result = /^result<<(.+)\n(.*)\n/m.exec(readFileSync(files.output, 'utf8'))?.[2] ?? '(none)';
const rps = /^rps<<(.+)\n(.*)\n/m.exec(readFileSync(files.output, 'utf8'))?.[2] ?? '?';
process.stdout.write(
  `action (${entry}, ${node24}), ${opts.users} users x ${opts.iterations === '0' ? `orders for ${opts['run-time']}` : `${opts.iterations} orders`}, spawn-rate ${opts['spawn-rate']}: exit ${code}, result ${result}, ${rps} req/s, ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s\n` +
    `peak RSS: first process + load process ${peak.sum.toFixed(0)} MB (sampled every 100 ms); ` +
    `first process ${peak.first.toFixed(0)} MB, load process ${loadPid ? `${peak.load.toFixed(0)} MB` : 'none (one process: the action, its load worker included)'} (VmHWM)\n`,
);
if (code !== 0) process.stdout.write(`${log.slice(-3000)}\n`);
rmSync(dir, { recursive: true, force: true });
