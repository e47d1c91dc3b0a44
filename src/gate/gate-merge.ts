/**
 * The gate's merge mode: instead of a load, the shards' results are merged; the gate then goes
 * on exactly as after a single run (thresholds, baseline, summary, comment, record) with the
 * settings of the whole profile the shards ran.
 */

import { profileBaselineKey } from '../compare/baseline-key.js';
import type { Logger } from '../core/logger.js';
import { type MergeOutcome, runMerge } from '../merge/merge-run.js';
import { namedShapeOf, profileRunSettings } from '../merge/profile-settings.js';
import type { RunResults } from '../results/results.js';
import type { MergeModeSettings } from './gate-mode.js';
import type { GateSettings } from './gate-settings.js';

export interface GateMerge<S extends GateSettings> {
  run: MergeOutcome;
  /** The gate's settings with the run settings of the merged profile. */
  settings: S;
}

export async function mergeForGate<S extends GateSettings>(
  settings: S,
  merge: MergeModeSettings,
  logger: Logger,
): Promise<GateMerge<S>> {
  const run = await logger.group('Merge the shards', () =>
    runMerge(
      { paths: [merge.resultsDir], out: settings.run.out, thresholds: settings.run.thresholds },
      logger,
    ),
  );
  const runSettings = profileRunSettings(run.profile, settings.run);
  const shape = settings.shape ?? namedShapeOf(runSettings.plan);
  // A key derived from the merge step's own inputs (not given by the user) is derived again
  // from the profile the shards ran (a flash sale has its own series).
  const derived = settings.baselineKey === profileBaselineKey(settings.run, settings.shape);
  const baselineKey = derived ? profileBaselineKey(runSettings, shape) : settings.baselineKey;
  return { run, settings: { ...settings, run: runSettings, shape, baselineKey } };
}

/** " (merged from 4 shards)" for merged results, else "". */
export function mergedNote(results: RunResults | undefined): string {
  const n = results?.settings.mergedShards;
  return typeof n === 'number' ? ` (merged from ${n} shards)` : '';
}
