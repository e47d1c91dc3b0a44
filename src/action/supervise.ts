import { GateError } from '../core/errors.js';
import { runLoadWorker } from './load-worker.js';
import { loadWorkerLimits, OLD_SPACE_ENV } from './load-worker-limits.js';

/**
 * The action's first thread: reads the load worker's limits, runs the action (`script`) in it and
 * ends with its exit code. A bad limit, a worker that ran out of heap or died of an uncaught error
 * fails the step with a clear message; @actions/core is imported only then.
 */
export async function superviseAction(script: string): Promise<void> {
  let limits: ReturnType<typeof loadWorkerLimits>;
  try {
    limits = loadWorkerLimits();
  } catch (err) {
    return fail(err instanceof GateError ? `${err.message} [${err.code}]` : String(err));
  }
  const end = await runLoadWorker(limits, script);
  process.exitCode = end.code;
  if (end.error?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    await fail(
      `the action ran out of memory (old space ${limits.oldSpaceMb} MB): raise ${OLD_SPACE_ENV} in the step's env [OLG_ERR_INTERNAL]`,
    );
  } else if (end.error) {
    await fail(`the action failed: ${end.error.stack ?? end.error.message} [OLG_ERR_INTERNAL]`);
  }
}

async function fail(message: string): Promise<void> {
  const core = await import(/* webpackMode: "eager" */ '@actions/core');
  core.setOutput('result', 'error');
  core.setFailed(message);
}
