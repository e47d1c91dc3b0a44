import { GateError } from '../core/errors.js';
import { runLoadProcess } from './load-process.js';
import { loadProcessLimits, OLD_SPACE_ENV } from './load-process-limits.js';

/**
 * The first process of the action: reads the load process's limits, runs the action (`script`) in it and
 * ends with its exit code. A bad limit, a child that cannot start or one that dies of a signal
 * (V8 aborts when the heap limit is reached) fails the step with a clear message; @actions/core
 * is imported only then, so this process stays small.
 */
export async function superviseAction(script: string): Promise<void> {
  let limits: ReturnType<typeof loadProcessLimits>;
  try {
    limits = loadProcessLimits();
  } catch (err) {
    return fail(err instanceof GateError ? `${err.message} [${err.code}]` : String(err));
  }
  let end: Awaited<ReturnType<typeof runLoadProcess>>;
  try {
    end = await runLoadProcess(limits, { script });
  } catch (err) {
    return fail(`the load process could not start: ${(err as Error).message} [OLG_ERR_INTERNAL]`);
  }
  process.exitCode = end.code;
  if (end.signal === 'SIGABRT' || end.signal === 'SIGTRAP') {
    await fail(
      `the load process was aborted (${end.signal}): if V8 reported "heap limit" above, raise ${OLD_SPACE_ENV} ` +
        `(now ${limits.oldSpaceMb} MB) in the step's env [OLG_ERR_INTERNAL]`,
    );
  } else if (end.signal === 'SIGKILL') {
    await fail(
      'the load process was killed (SIGKILL: out of memory, or stopped from outside) [OLG_ERR_INTERNAL]',
    );
  }
}

async function fail(message: string): Promise<void> {
  const core = await import(/* webpackMode: "eager" */ '@actions/core');
  core.setOutput('result', 'error');
  core.setFailed(message);
}
