import type { StepSeconds } from '../engine/recorder.js';
import type { RunEnd } from '../engine/runner.js';
import type { RunResults } from './results.js';
import type { ThresholdResult } from './thresholds.js';

/** A run judged: its results, the thresholds' verdicts and where its files went. */
export interface RunOutcome {
  results: RunResults;
  thresholds: ThresholdResult[];
  passed: boolean;
  endedBy: RunEnd;
  outPath?: string;
  /** Each second's per-step latency, for the HTML report's charts (not in the results JSON). */
  stepLatency?: StepSeconds[];
  reportPath?: string;
}
