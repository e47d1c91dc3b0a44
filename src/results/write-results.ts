import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RunResults } from './results.js';

/** Writes the results JSON (creating its folder); returns the path. */
export async function writeResults(path: string, results: RunResults): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
