import type { Comparison } from '../compare/compare.js';
import type { VerdictView } from '../report/verdict-view.js';
import type { RunResults } from '../results/results.js';

/** The gate's verdict and what it produced; GateDeps: what the caller lends it. */
export type GateResult = 'pass' | 'fail' | 'error';

export interface GateOutcome {
  result: GateResult;
  failureReasons: string[];
  results?: RunResults;
  comparison?: Comparison;
  /** The verdict in either mode (paired rounds or history), as the reports show it. */
  verdictView?: VerdictView;
  reportPath?: string;
  markdownPath?: string;
  /** report-dir/report.html: the self-contained HTML report. */
  htmlReportPath?: string;
  commentUrl?: string;
  error?: Error;
}

export interface GateDeps {
  /** Writes the job summary (core.summary in the action). */
  writeSummary?: (markdown: string) => Promise<void>;
  signal?: AbortSignal;
}
