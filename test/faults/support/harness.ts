/**
 * The fault matrix's harness: real processes on 127.0.0.1 only, every one bounded by a kill timer.
 *
 * BUILT_ROOT (env OLG_BUILT_ROOT, default this checkout) is the build under test: its lib/cli.js
 * and dist/index.js. Pointing it at a build of an older commit measures that commit with the same
 * cases ("before"). FAULT_LOG=<file> appends one JSON line per case with what was observed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../../src/bring-up/free-port.js';
import { ROOT } from '../../support/run-action.js';

export const BUILT_ROOT = process.env.OLG_BUILT_ROOT ?? ROOT;
export const CLI = join(BUILT_ROOT, 'lib', 'cli.js');
export const DIST = join(BUILT_ROOT, 'dist', 'index.js');
const TARGET_SCRIPT = join(ROOT, 'test', 'faults', 'support', 'fault-target.ts');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

export type FaultMode = 'shop' | 'never-ready' | 'trickle' | 'huge' | 'echo';

/** The shell command that starts a fault target in the foreground (for start-command). */
export function faultTargetCommand(mode: FaultMode, port: number): string {
  return `"${process.execPath}" --import "${TSX}" "${TARGET_SCRIPT}" ${mode} ${port}`;
}

export interface FaultTarget {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startFaultTarget(
  mode: FaultMode,
  env: Record<string, string> = {},
): Promise<FaultTarget> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', TSX, TARGET_SCRIPT, mode, String(port)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const kill = setTimeout(() => child.kill('SIGKILL'), 120_000);
  kill.unref();
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes('listening ')) resolve();
    });
    child.once('close', () => reject(new Error(`fault target ${mode} ended before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    async stop() {
      clearTimeout(kill);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await closed;
    },
  };
}

export interface ProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Whether the harness had to kill it (it did not end by itself within the bound). */
  killed: boolean;
  elapsedMs: number;
}

/** Runs the CLI of the build under test; kills it after `timeoutMs` (then `killed` is true). */
export async function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    timeoutMs?: number;
    during?: (child: ChildProcess) => void;
    /** The node binary (default: the one running the tests). */
    node?: string;
  } = {},
): Promise<ProcessRun> {
  const started = Date.now();
  const child = spawn(options.node ?? process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
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
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.timeoutMs ?? 90_000);
  options.during?.(child);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, stdout, stderr, killed, elapsedMs: Date.now() - started };
}

/** Appends what a case observed to FAULT_LOG (when set): the before/after table is made of these. */
export function observe(name: string, observed: Record<string, unknown>): void {
  const file = process.env.FAULT_LOG;
  if (file) appendFileSync(file, `${JSON.stringify({ case: name, built: BUILT_ROOT, ...observed })}\n`);
}

/** Whether a process with this pid still runs. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export { freePort };

/** Whether a text holds an escape (ESC) or a right-to-left override (U+202E) character. */
export function hasControls(text: string): boolean {
  return text.includes(String.fromCharCode(0x1b)) || text.includes('\u202E');
}
