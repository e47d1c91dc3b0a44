/**
 * `npm run bench -- --cli`: the whole CLI, as a user runs it, against the same target: `order-load-gate
 * run` with `users` looping without think time (--integrity off, as nginx has no inventory), pinned to
 * the generator core. Its requests/s as the CLI prints them, and its peak RSS (VmHWM, polled while it
 * runs): everything the generator windows leave out included (settings, preflight, progress, the
 * results file).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinned } from './target.js';

export interface CliRun {
  users: number;
  seconds: number;
  rps: number;
  peakRssMb: number;
  exitCode: number | null;
}

function vmHwmMb(pid: number): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export async function runCli(
  node: string,
  cli: string,
  url: string,
  users: number,
  seconds: number,
  cpu: number,
): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'olg-bench-cli-'));
  const args = [
    ...['run', '--target', url, '--users', String(users), '--spawn-rate', String(users * 10)],
    ...['--iterations', '0', '--think-time', '0', '--run-time', `${seconds}s`, '--integrity', 'off'],
    ...['--progress', 'off', '--out', join(dir, 'results.json')],
  ];
  const [cmd, rest] = pinned(cpu, [node, cli, ...args]);
  const child = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => {
    text += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    text += d.toString();
  });
  let peak = 0;
  // taskset execs node: the child's pid is node's.
  const poll = setInterval(() => {
    peak = Math.max(peak, vmHwmMb(child.pid!));
  }, 50);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  rmSync(dir, { recursive: true, force: true });
  const rps = Number(/Requests\/s:\s+([\d.]+)/.exec(text)?.[1] ?? Number.NaN);
  if (exitCode !== 0 || !Number.isFinite(rps)) {
    throw new Error(`order-load-gate run exited ${exitCode}: ${text.slice(-800)}`);
  }
  return { users, seconds, rps, peakRssMb: peak, exitCode };
}
