import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleDistReason } from '../../scripts/dist-stamp.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Node 24, from the npm package `node`: the runtime GitHub uses for `runs.using: node24`. */
export const NODE24 = join(ROOT, 'node_modules', 'node', 'bin', 'node');

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/** Parses the GITHUB_OUTPUT file (`name<<delimiter` heredocs, as @actions/core writes them). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join('\n');
  }
  return out;
}

let distChecked: string | undefined | null = null;

/**
 * Throws, naming `npm run bundle`, when dist/ was not built from the sources as they are now:
 * a test of the bundle must not pass (or fail) on yesterday's code. Checked once per test file.
 */
export function assertFreshDist(): void {
  if (distChecked === null) distChecked = staleDistReason(ROOT);
  if (distChecked !== undefined) throw new Error(distChecked);
}

/**
 * Runs dist/index.js exactly as the runner does: Node 24, INPUT_* variables, the GITHUB_* files
 * and variables, and GITHUB_API_URL pointing at a fake GitHub.
 */
export async function runAction(options: {
  inputs: Record<string, string>;
  event: { name: string; payload: unknown };
  env: Record<string, string>;
  cwd: string;
  timeoutMs?: number;
  /** The bundle to run (default dist/index.js of this checkout). */
  entry?: string;
}): Promise<ActionRun> {
  assertFreshDist();
  const dir = await mkdtemp(join(tmpdir(), 'olg-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary.md');
  const eventFile = join(dir, 'event.json');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  await writeFile(eventFile, JSON.stringify(options.event.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.event.name,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    RUNNER_TEMP: dir,
    ...options.env,
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(NODE24, [options.entry ?? join(ROOT, 'dist', 'index.js')], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
  };
}
