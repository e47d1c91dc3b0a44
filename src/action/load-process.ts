/**
 * The action's load process: the action runs in a child of the process GitHub starts, on the same
 * Node (the action's own bundle, dist/action/index.js), with V8 flags that bound its young generation and heap
 * (load-process-limits.ts). The parent only supervises: it forwards SIGINT and SIGTERM, ends with
 * the child's exit code, and kills the child if it leaves first; the child stops by itself when
 * the parent is gone (its IPC channel closes, even when the parent was SIGKILLed).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { type LoadProcessLimits, loadProcessEnv, v8Flags } from './load-process-limits.js';

/** Set in the load process's environment. */
const ROLE_ENV = 'OLG_LOAD_PROCESS';

export interface LoadProcessEnd {
  /** The exit code to end with: the child's, or 128 + the signal's number. */
  code: number;
  signal?: NodeJS.Signals;
}

/** Starts `script` as the load process and waits for it; rejects only when it cannot start. */
export async function runLoadProcess(
  limits: LoadProcessLimits,
  options: { script: string; execArgv?: readonly string[]; env?: NodeJS.ProcessEnv },
): Promise<LoadProcessEnd> {
  const args = [...(options.execArgv ?? process.execArgv), ...v8Flags(limits), options.script];
  const child = spawn(process.execPath, args, {
    env: { ...loadProcessEnv(options.env ?? process.env), [ROLE_ENV]: 'child' },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  process.on('exit', killOnExit);
  try {
    return await new Promise<LoadProcessEnd>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (signal) resolve({ code: 128 + (constants.signals[signal] ?? 0), signal });
        else resolve({ code: code ?? 1 });
      });
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    process.off('exit', killOnExit);
    killOnExit();
  }
}

/** In the load process: end when the supervising parent is gone; the channel keeps nothing alive. */
export function stopWithParent(): void {
  const channel = process.channel;
  if (!channel) return;
  channel.unref();
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
  });
}
