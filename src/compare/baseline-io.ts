/** Reading and writing baseline files on disk. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GateError } from '../core/errors.js';
import { type BaselineFile, parseBaselineFile } from './baseline-file.js';

/** Parses a baseline file's text; `source` names it in errors. */
export function parseBaselineText(text: string, source: string): BaselineFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new GateError('OLG_ERR_BASELINE', `${source}: not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
  return parseBaselineFile(json, source);
}

/** The baseline file at `path`, or undefined when there is no such file. */
export async function readBaselineFile(path: string): Promise<BaselineFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GateError('OLG_ERR_BASELINE', `${path}: cannot read the baseline file`, { cause: err });
  }
  return parseBaselineText(text, path);
}

/** Writes the file (pretty JSON) atomically: to a temporary file, then renamed over. */
export async function writeBaselineFile(path: string, file: BaselineFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(file, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
}
