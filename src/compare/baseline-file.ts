/**
 * The baseline file: the last results (20 by default) of one key such as `users-500`, kept so a
 * run can be compared with the median of its recent history instead of one noisy previous run.
 * Entries keep the results' histograms and drop the bulky ledger and timeline.
 */
import { z } from 'zod';
import { ConfigError, GateError } from '../core/errors.js';
import type { RunResults } from '../results/results.js';
import { parseResults, parseVersioned } from '../results/results-schema.js';
import { isSafeBaselineKey } from './baseline-key.js';

export { type BaselineKeyInput, defaultBaselineKey, isSafeBaselineKey } from './baseline-key.js';

export const BASELINE_SCHEMA_VERSION = 1;
/** How many entries a baseline file keeps by default. */
export const DEFAULT_BASELINE_KEEP = 20;

/** RunResults as stored in a baseline: without the order ledger and the per-second timeline. */
export type BaselineResults = Omit<RunResults, 'ledger' | 'timeline'>;

export interface BaselineEntry {
  /** When the entry was recorded (ISO 8601). */
  recordedAt: string;
  /** The commit the run measured. */
  sha: string;
  /** The ref it ran on, e.g. refs/heads/main. */
  ref: string;
  runUrl?: string;
  results: BaselineResults;
}

export interface BaselineFile {
  schemaVersion: typeof BASELINE_SCHEMA_VERSION;
  key: string;
  /** Oldest first. */
  entries: BaselineEntry[];
}

export function emptyBaseline(key: string): BaselineFile {
  if (!isSafeBaselineKey(key)) {
    throw new ConfigError('baseline-key', key, 'a file-name-safe key of letters, digits, ".", "_" and "-"');
  }
  return { schemaVersion: BASELINE_SCHEMA_VERSION, key, entries: [] };
}

/** A copy of the results without `ledger` and `timeline` (histograms kept). */
export function stripForBaseline(results: RunResults | BaselineResults): BaselineResults {
  const { ledger: _ledger, timeline: _timeline, ...rest } = results as RunResults;
  return structuredClone(rest);
}

/**
 * The file with `entry` appended (its results stripped) and only the newest `keep` entries
 * kept. Does not modify `file`.
 */
export function appendEntry(
  file: BaselineFile,
  entry: BaselineEntry,
  keep: number = DEFAULT_BASELINE_KEEP,
): BaselineFile {
  if (!Number.isSafeInteger(keep) || keep < 1) {
    throw new ConfigError('baseline-keep', keep, 'a positive integer number of entries, such as 20');
  }
  const added: BaselineEntry = {
    recordedAt: entry.recordedAt,
    sha: entry.sha,
    ref: entry.ref,
    ...(entry.runUrl !== undefined ? { runUrl: entry.runUrl } : {}),
    results: stripForBaseline(entry.results),
  };
  return { schemaVersion: file.schemaVersion, key: file.key, entries: [...file.entries, added].slice(-keep) };
}

// --- reading ---------------------------------------------------------------------------------

const entrySchema = z.object({
  recordedAt: z.iso.datetime({ offset: true }),
  sha: z.string().min(1),
  ref: z.string(),
  runUrl: z.string().optional(),
  results: z.record(z.string(), z.unknown()),
});

const fileSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  key: z.string().refine(isSafeBaselineKey, 'expected a file-name-safe key'),
  entries: z.array(entrySchema),
});

/**
 * Validates parsed JSON as a baseline file. Throws a GateError (OLG_ERR_BASELINE) naming `source`
 * and the first wrong field (entries' results are checked as results files, histograms
 * included). A missing file is the caller's business: start from emptyBaseline(key).
 */
export function parseBaselineFile(json: unknown, source: string): BaselineFile {
  try {
    return parseBaselineJson(json, source);
  } catch (err) {
    // The checks are those of results files (parseVersioned, parseResults): the file is a baseline.
    if (err instanceof GateError && err.code === 'OLG_ERR_RESULTS')
      throw new GateError('OLG_ERR_BASELINE', err.message, { cause: err });
    throw err;
  }
}

function parseBaselineJson(json: unknown, source: string): BaselineFile {
  const data = parseVersioned(json, source, 'baseline', BASELINE_SCHEMA_VERSION, fileSchema);
  const entries = data.entries.map((e, i): BaselineEntry => {
    // Stored results have no ledger or timeline: give parseResults empty ones, then drop them.
    const results = parseResults(
      { ...e.results, ledger: [], timeline: [] },
      `${source}: entries[${i}].results`,
    );
    return {
      recordedAt: e.recordedAt,
      sha: e.sha,
      ref: e.ref,
      ...(e.runUrl !== undefined ? { runUrl: e.runUrl } : {}),
      results: stripForBaseline(results),
    };
  });
  return { schemaVersion: BASELINE_SCHEMA_VERSION, key: data.key, entries };
}
