/**
 * The action's `mode` (run | merge), `results-dir` and `shard` inputs: a matrix of load jobs
 * (mode run, shard k/n) and one merge job (mode merge) that judges, reports and records once.
 */
import { ConfigError } from '../core/errors.js';
import { parseChoice } from '../settings/parse-values.js';
import type { InputNamer, RawRunInputs, RunSettings } from '../settings/run-settings.js';
import { resolveRunSettings } from '../settings/run-settings.js';

export const GATE_MODES = ['run', 'merge'] as const;
export type GateMode = (typeof GATE_MODES)[number];

export interface MergeModeSettings {
  /** Where the shards' results are (searched recursively for *.json). */
  resultsDir: string;
}

/** What the mode adds to the gate's settings: `merge` is set in mode merge. */
export interface GateModeSettings {
  merge?: MergeModeSettings;
}

/** `opt` returns an input's trimmed value, undefined when empty. */
export function readGateMode(opt: (name: string) => string | undefined): GateModeSettings {
  const mode = parseChoice(opt('mode') ?? 'run', 'mode', GATE_MODES);
  const resultsDir = opt('results-dir');
  if (mode === 'run') {
    if (resultsDir !== undefined)
      throw new ConfigError('results-dir', resultsDir, 'no value unless mode is merge');
    return {};
  }
  const shard = opt('shard');
  if (shard !== undefined) {
    throw new ConfigError(
      'shard',
      shard,
      'no value when mode is merge (the load jobs run the shards with shard: k/n; the merge job merges them all)',
    );
  }
  if (resultsDir === undefined) {
    throw new ConfigError(
      'results-dir',
      '',
      "the directory holding the shards' results (where actions/download-artifact put them) when mode is merge",
    );
  }
  return { merge: { resultsDir } };
}

/** Stands in for target-url in mode merge, where the target is the one the shards recorded. */
const MERGE_TARGET_PLACEHOLDER = 'http://127.0.0.1';

/**
 * The run settings for the gate's inputs. In mode merge they only carry the thresholds and the
 * report path: the gate replaces them by the shards' profile after the merge (profileRunSettings),
 * so target-url and the seeding inputs are not needed there.
 */
export function resolveGateRunSettings(
  raw: RawRunInputs,
  mode: GateModeSettings,
  name: InputNamer,
): RunSettings {
  if (!mode.merge) return resolveRunSettings(raw, name);
  return resolveRunSettings(
    {
      ...raw,
      target: raw.target?.trim() ? raw.target : MERGE_TARGET_PLACEHOLDER,
      seed: 'none',
      seedCommand: undefined,
      shard: undefined,
    },
    name,
  );
}
