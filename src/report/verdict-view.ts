/** What the reports show of a verdict, in either mode (built by the gate, read by every report). */
import type { Judgement } from '../compare/judgement.js';
import type { RoundRecord, StopReason } from '../compare/round-schedule.js';

export interface VerdictView {
  mode: 'paired' | 'history' | 'none';
  judgement?: Judgement;
  /** Paired mode: every round, in order. */
  rounds?: readonly RoundRecord[];
  stoppedBy?: StopReason;
  elapsedMs?: number;
  /** History mode with fewer runs than it needs: nothing can fail yet. */
  learning?: { have: number; need: number };
  /** History mode: the stored series of order p95 (oldest first) and this run's, for the trend. */
  trend?: {
    metric: string;
    label: string;
    stored: { sha: string; recordedAt: string; value: number }[];
    current: number;
  };
}
