/**
 * What the gate writes that must never change its verdict: report-dir/summary.md (through the
 * checked output writer, which saves elsewhere when it must) and the job summary, and the steps
 * whose failure is a warning (the comment, the baseline write).
 */
import { join } from 'node:path';
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { writeOutputFile } from '../results/output-files.js';
import type { GateDeps } from './gate-outcome.js';

/** report-dir/summary.md and the job summary (a job summary that cannot be written is a warning). */
export async function writeSummaries(
  reportDir: string,
  markdown: string,
  logger: Logger,
  deps: GateDeps,
): Promise<string | undefined> {
  const path = await writeOutputFile(join(reportDir, 'summary.md'), markdown, 'The summary', logger);
  await warnOnFailure(logger, 'The job summary could not be written', async () =>
    deps.writeSummary?.(markdown),
  );
  return path;
}

/** Runs a step whose failure must not change the verdict: a warning saying what was lost. */
export async function warnOnFailure<T>(
  logger: Logger,
  what: string,
  step: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    const code = err instanceof GateError ? ` [${err.code}]` : '';
    logger.warn(`${what}: ${(err as Error).message}${code}. The verdict and the outputs stand.`);
    return undefined;
  }
}
