import type { CompareSettings } from '../paired/paired-settings.js';
import type { BaselineLocation } from '../publish/baseline-location.js';
import type { RunSettings } from '../settings/run-settings.js';

/** Everything the gate needs beyond the run itself: bring-up, baseline, reports. */
export interface GateSettings {
  run: RunSettings;
  /** The named shape, when one was used (for the baseline key). */
  shape?: string;
  reportDir: string;
  startCommand?: string;
  /** Stops a target that the start command daemonized (docker compose down, kill $(cat pid)). */
  stopCommand?: string;
  readyPath: string;
  readyTimeoutMs: number;
  baseline: BaselineLocation;
  baselineKey?: string;
  updateBaseline: 'auto' | 'true' | 'false';
  /** Relative, e.g. 0.1 for 10%. */
  tolerance: number;
  /** auto | paired | history | none (see compare-mode.ts). */
  compare: 'auto' | 'paired' | 'history' | 'none';
  /** Paired mode: the base build's start command, and its seed command where it differs. */
  baseStartCommand?: string;
  baseSeedCommand?: string;
  /** Rounds, gate-metrics, the success rate's tolerance, fail-on-inconclusive (judge.tolerance = tolerance). */
  verdict: CompareSettings;
  comment: 'auto' | 'always' | 'never';
  githubToken?: string;
}
