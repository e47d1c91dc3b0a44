/**
 * Reading shard results from disk: files and directories (searched recursively for *.json, as
 * actions/download-artifact lays out one directory per artifact), each file validated.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GateError } from '../core/errors.js';
import { parseResults } from '../results/results-schema.js';
import type { ShardFile } from './shard-set.js';

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await jsonFilesUnder(path)));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/** The results files named by `paths` (files, or directories holding them), each once. */
export async function listShardFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (err) {
      throw new GateError('OLG_ERR_RESULTS', `${path}: no such results file or directory`, { cause: err });
    }
    if (info.isDirectory()) {
      const found = await jsonFilesUnder(path);
      if (found.length === 0)
        throw new GateError('OLG_ERR_RESULTS', `${path}: no results files (*.json) in it`);
      files.push(...found);
    } else files.push(path);
  }
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const file of files) {
    const real = await realpath(file);
    if (!seen.has(real)) {
      seen.add(real);
      unique.push(file);
    }
  }
  return unique;
}

export async function readShardFile(path: string): Promise<ShardFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new GateError('OLG_ERR_RESULTS', `${path}: not readable as JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
  return { source: path, results: parseResults(json, path) };
}

/** Reads and validates every results file named by `paths`. */
export async function readShardFiles(paths: readonly string[]): Promise<ShardFile[]> {
  const files = await listShardFiles(paths);
  return Promise.all(files.map(readShardFile));
}
