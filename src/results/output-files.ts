/**
 * The run's output files (--out, --report, the action's report-dir): checked writable before any
 * load is sent, and, when writing still fails at the end (the disk filled, the folder went away),
 * saved elsewhere with a message that says where, so no run's results are lost.
 */
import { randomBytes } from 'node:crypto';
import { stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { GateError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { makeDir } from '../core/make-dir.js';
import { scrubReplacer } from '../core/scrub.js';
import type { RunResults } from './results.js';

export class OutputUnwritableError extends GateError {
  constructor(what: string, path: string, reason: string) {
    super(
      'OLG_ERR_OUTPUT_UNWRITABLE',
      `${what} ${path} cannot be written (${reason}); choose a writable path. Nothing was sent to the target.`,
    );
    this.name = 'OutputUnwritableError';
  }
}

const reasonOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** Creates the file's folder and proves a file can be created there; `what` names the option. */
export async function checkFileWritable(what: string, path: string): Promise<void> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new OutputUnwritableError(what, path, 'it is a directory');
  await checkDirWritable(what, dirname(path), path);
}

/** Creates the folder and proves a file can be created in it. */
export async function checkDirWritable(what: string, dir: string, shown: string = dir): Promise<void> {
  try {
    await makeDir(dir);
    const probe = join(dir, `.order-load-gate-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
    await writeFile(probe, '');
    await unlink(probe);
  } catch (err) {
    throw new OutputUnwritableError(what, shown, reasonOf(err));
  }
}

/**
 * Writes `text` to `path`; when that fails, to a file of the same name in the temporary folder, and
 * says so as an error. Returns where it was written (undefined when neither could be).
 */
export async function writeOutputFile(
  path: string,
  text: string,
  what: string,
  logger: Logger,
): Promise<string | undefined> {
  try {
    await makeDir(dirname(path));
    await writeFile(path, text);
    return path;
  } catch (err) {
    const ext = extname(path);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const fallback = join(tmpdir(), `${basename(path, ext)}-${stamp}${ext}`);
    try {
      await writeFile(fallback, text);
      logger.error(
        `${what} could not be written to ${path} (${reasonOf(err)}); saved to ${fallback} instead`,
      );
      return fallback;
    } catch (err2) {
      logger.error(
        `${what} could not be written to ${path} (${reasonOf(err)}) nor to ${fallback} (${reasonOf(err2)})`,
      );
      return undefined;
    }
  }
}

/** The results JSON, written to `path` or, failing that, elsewhere (said where). */
export async function saveResults(
  path: string,
  results: RunResults,
  logger: Logger,
): Promise<string | undefined> {
  const text = `${JSON.stringify(results, scrubReplacer, 2)}\n`;
  const written = await writeOutputFile(path, text, 'The results', logger);
  if (written === path) logger.info(`Results written to ${path}`);
  return written;
}
