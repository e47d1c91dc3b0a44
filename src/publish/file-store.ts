/**
 * Baselines in one local JSON file (`baseline: file:<path>`), holding `{ [key]: document }`.
 * Writes go to a temporary file that is then renamed, so a crash never leaves half a file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GateError } from '../core/errors.js';
import { assertBaselineKey } from './baseline-location.js';
import type { BaselineStore } from './baseline-store.js';

export function createFileStore(path: string): BaselineStore {
  const absolute = resolve(path);

  async function readAll(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new GateError(
        'OLG_ERR_BASELINE',
        `${path}: cannot read the baseline file: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new GateError(
        'OLG_ERR_BASELINE',
        `${path}: the baseline file is not valid JSON (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new GateError(
        'OLG_ERR_BASELINE',
        `${path}: the baseline file must hold a JSON object of {"<key>": ...}`,
      );
    }
    return parsed as Record<string, unknown>;
  }

  return {
    describe: () => `file ${path}`,

    async load(key) {
      assertBaselineKey(key);
      const all = await readAll();
      return Object.hasOwn(all, key) ? all[key] : undefined;
    },

    // One process writes this file, so there is no conflict to merge: the caller's document wins.
    async save(key, data) {
      assertBaselineKey(key);
      const all = await readAll();
      const next = { ...all, [key]: data };
      const temporary = `${absolute}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(absolute), { recursive: true });
        await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
        await rename(temporary, absolute);
      } catch (error) {
        throw new GateError(
          'OLG_ERR_BASELINE',
          `${path}: cannot write the baseline file: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
