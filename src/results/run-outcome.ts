import type { GateError } from '../core/errors.js';
import type { RunEnd } from '../engine/runner.js';
import type { StepSeconds } from '../engine/second-timeline.js';
import type { RunResults } from './results.js';
import type { RunVerdict } from './run-verdict.js';
import type { ThresholdResult } from './thresholds.js';

/** A run judged: its results, the thresholds' verdicts and where its files went. */
export interface RunOutcome {
  results: RunResults;
  thresholds: ThresholdResult[];
  /** verdict.result is 'pass' (run-verdict.ts: an interrupted run or a dead target never passes). */
  passed: boolean;
  verdict: RunVerdict;
  /** The verdict's error as a typed error, when the result is 'error'. */
  error?: GateError;
  endedBy: RunEnd;
  outPath?: string;
  /** Each second's per-step latency, for the HTML report's charts (not in the results JSON). */
  stepLatency?: StepSeconds[];
  reportPath?: string;
}
