import type { BaselineLocation } from '../publish/baseline-location.js';
import type { RunSettings } from '../settings/run-settings.js';

/** Everything the gate needs beyond the run itself: bring-up, baseline, reports. */
export interface GateSettings {
  run: RunSettings;
  /** The named shape, when one was used (for the baseline key). */
  shape?: string;
  reportDir: string;
  startCommand?: string;
  readyPath: string;
  readyTimeoutMs: number;
  baseline: BaselineLocation;
  baselineKey?: string;
  updateBaseline: 'auto' | 'true' | 'false';
  /** Relative, e.g. 0.1 for 10%. */
  tolerance: number;
  comment: 'auto' | 'always' | 'never';
  githubToken?: string;
}
