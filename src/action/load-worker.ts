/**
 * The action's load worker: the action runs in a worker thread of the process GitHub starts (the
 * action's own bundle, dist/action/index.js), with its young generation and heap bounded
 * (load-worker-limits.ts). A worker rather than a child process started with V8 flags: one Node
 * runtime instead of two (the child layout cost 40-50 MB more RSS for the pair, measured in the
 * README's Benchmarks); the worker ends with the process on every path, and hitting the heap limit
 * ends only the worker, with ERR_WORKER_OUT_OF_MEMORY, which the first thread reports.
 */
import { Worker } from 'node:worker_threads';
import { applyLoadV8Flags } from '../engine/gc-flags.js';
import { type LoadWorkerLimits, resourceLimits } from './load-worker-limits.js';

export interface LoadWorkerEnd {
  /** The worker's exit code (its process.exitCode, as @actions/core sets it). */
  code: number;
  /** What ended it, when something did: an uncaught error, or ERR_WORKER_OUT_OF_MEMORY. */
  error?: Error & { code?: string };
}

/** Runs `script` in the load worker (with the load's V8 flags, gc-flags.ts) and waits for it to end. */
export function runLoadWorker(limits: LoadWorkerLimits, script: string): Promise<LoadWorkerEnd> {
  applyLoadV8Flags();
  const worker = new Worker(script, { resourceLimits: resourceLimits(limits), argv: process.argv.slice(2) });
  return new Promise((resolve) => {
    let error: LoadWorkerEnd['error'];
    worker.on('error', (err: Error) => {
      error = err;
    });
    worker.once('exit', (code) => resolve(error ? { code: code || 1, error } : { code }));
  });
}
