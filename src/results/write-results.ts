import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeDir } from '../core/make-dir.js';
import type { RunResults } from './results.js';

/** Writes the results JSON (creating its folder); returns the path. */
export async function writeResults(path: string, results: RunResults): Promise<string> {
  await makeDir(dirname(path));
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
