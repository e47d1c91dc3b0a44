import { loadavg } from 'node:os';
import type { Judgement } from '../../src/compare/judgement.js';
import { median } from '../../src/compare/stats.js';

/** bench:gate's table: per mode and kind, the share of trials that failed the gate, and the time. */
export type Kind = 'aa' | 'slow' | 'fail';

export interface Trial {
  mode: 'paired' | 'history';
  kind: Kind;
  result: 'pass' | 'fail' | 'error';
  ms: number;
  rounds: number;
  p95?: string;
  p95Change?: number | undefined;
  /** The order p95 change's 95% interval. */
  p95Interval?: [number, number] | undefined;
  successRate?: string;
  error?: string;
}

const KIND_LABEL: Record<Kind, string> = {
  aa: 'A/A (same build): false alarms',
  slow: 'slowed head: detected',
  fail: 'failing head: detected',
};

/** A judged trial: its result, and the order p95 and success rate verdicts of its judgement. */
export function judgedTrial(
  base: Pick<Trial, 'mode' | 'kind' | 'result' | 'ms' | 'rounds'>,
  judgement: Judgement,
): Trial {
  const p95 = judgement.metrics.find((m) => m.metric === 'order.p95')!;
  const sr = judgement.metrics.find((m) => m.metric === 'success_rate')!;
  return {
    ...base,
    p95: p95.verdict,
    p95Change: p95.change?.estimate,
    p95Interval: p95.change ? [p95.change.low, p95.change.high] : undefined,
    successRate: sr.verdict,
  };
}

/** A relative change as a signed percent: "+3.1%". */
export const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** One trial as a line: the result, order p95's change and interval, rounds, time, load. */
export function trialLine(t: Trial): string {
  const change =
    t.p95Change === undefined
      ? ''
      : ` ${pct(t.p95Change)}${t.p95Interval ? ` (95% CI ${pct(t.p95Interval[0])} .. ${pct(t.p95Interval[1])})` : ''}`;
  return `${t.result} (order p95 ${t.p95 ?? '-'}${change}, success rate ${t.successRate ?? '-'}, ${t.rounds} rounds, ${(t.ms / 1000).toFixed(0)} s, load ${loadavg()[0]!.toFixed(1)})${t.error ? ` ${t.error}` : ''}`;
}

export function formatSummary(trials: readonly Trial[], planned: number): string {
  const lines = [
    'mode     trials                              failed   rate    errors  inconclusive p95  median change p95  time/gate (median)  rounds (median)',
  ];
  for (const mode of ['paired', 'history'] as const) {
    for (const kind of ['aa', 'slow', 'fail'] as const) {
      const ts = trials.filter((t) => t.mode === mode && t.kind === kind);
      if (ts.length === 0) continue;
      const failed = ts.filter((t) => t.result === 'fail').length;
      const errors = ts.filter((t) => t.result === 'error').length;
      const open = ts.filter((t) => t.p95 === 'inconclusive').length;
      const change = median(ts.flatMap((t) => (t.p95Change === undefined ? [] : [t.p95Change])));
      lines.push(
        [
          mode.padEnd(8),
          KIND_LABEL[kind].padEnd(35),
          `${failed}/${ts.length}`.padStart(6),
          `${((failed / ts.length) * 100).toFixed(0)}%`.padStart(5),
          String(errors).padStart(8),
          String(open).padStart(18),
          `${Number.isFinite(change) ? (change * 100).toFixed(1) : '-'}%`.padStart(18),
          `${(median(ts.map((t) => t.ms)) / 1000).toFixed(1)} s`.padStart(19),
          String(median(ts.map((t) => t.rounds))).padStart(16),
        ].join(' '),
      );
    }
  }
  lines.push(`(${planned} trials planned per row; "failed" = the gate's result was fail)`);
  return lines.join('\n');
}
