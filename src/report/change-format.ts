/**
 * A judged metric in words, the same in the terminal, the job summary, the PR comment and the
 * HTML report: "order p95 +3.1% (95% CI -4.0% .. +9.8%): unchanged".
 */

import { MAX_PLANNED_PAIRS, pairsForHalfWidth } from '../compare/intervals.js';
import type { Judgement, MetricJudgement } from '../compare/judgement.js';
import type { StopReason } from '../compare/round-schedule.js';
import { formatLatency, formatPercent, formatTable } from './format.js';

function signed(x: number, digits: number, suffix: string): string {
  if (x === Number.POSITIVE_INFINITY) return '+∞';
  if (x === Number.NEGATIVE_INFINITY) return '-∞';
  const text = x.toFixed(digits);
  return `${x >= 0 && !text.startsWith('-') ? '+' : ''}${text === '-0.0' || text === '-0.00' ? text.slice(1) : text}${suffix}`;
}

/** "+3.1%" (relative) or "-0.50 pt" (success rate, percentage points). */
export function formatDelta(m: MetricJudgement, x: number): string {
  return m.scale === 'relative' ? signed(x * 100, 1, '%') : signed(x * 100, 2, ' pt');
}

/** "+3.1% (95% CI -4.0% .. +9.8%)", or "n/a" without data. */
export function formatChange(m: MetricJudgement): string {
  if (!m.change) return 'n/a';
  const { estimate, low, high } = m.change;
  if (!Number.isFinite(low) || !Number.isFinite(high))
    return `${formatDelta(m, estimate)} (no interval: too few samples)`;
  return `${formatDelta(m, estimate)} (95% CI ${formatDelta(m, low)} .. ${formatDelta(m, high)})`;
}

/** "order p95 +3.1% (95% CI -4.0% .. +9.8%): unchanged". */
export function formatJudgementLine(m: MetricJudgement): string {
  return `${m.label} ${formatChange(m)}: ${m.verdict}`;
}

/** A metric's value in its unit: "125.90ms", "99.50%", "168.4/s". */
export function formatMetricValue(m: Pick<MetricJudgement, 'unit'>, value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (m.unit === 'ms') return formatLatency(value);
  if (m.unit === 'fraction') return formatPercent(value);
  return `${value.toFixed(1)}/s`;
}

/** The tolerance as the verdict used it: "±10%" or "±1.00 pt". */
export function formatTolerance(m: MetricJudgement): string {
  return m.scale === 'relative'
    ? `±${formatPercent(m.tolerance, 0)}`
    : `±${(m.tolerance * 100).toFixed(2)} pt`;
}

/**
 * benchstat's table: metric, base, head, the change with its interval, and the verdict, "~"
 * when inconclusive. Gated metrics are marked with "*".
 */
export function formatJudgementTable(j: Judgement): string {
  const rows = [['metric', 'base', 'head', 'delta (95% CI)', 'verdict']];
  for (const m of j.metrics) {
    rows.push([
      `${m.gated ? '* ' : '  '}${m.label}`,
      formatMetricValue(m, m.base),
      formatMetricValue(m, m.head),
      formatChange(m),
      m.verdict === 'inconclusive' ? '~' : m.verdict,
    ]);
  }
  return [
    formatTable(rows, ['left', 'right', 'right', 'left', 'left']),
    '* gated: can fail the gate; ~ inconclusive: the interval straddles a tolerance edge',
  ].join('\n');
}

/** What to do with an open answer, and why the rounds stopped. */
export function inconclusiveAdvice(j: Judgement, stoppedBy?: StopReason): string | undefined {
  if (j.inconclusive.length === 0) return undefined;
  const why =
    stoppedBy === 'time-budget'
      ? 'the time budget ran out'
      : stoppedBy === 'max-rounds'
        ? 'the maximum number of rounds was reached'
        : undefined;
  const open = j.metrics.filter((m) => m.gated && m.verdict === 'inconclusive').map((m) => m.label);
  const more =
    j.mode === 'history'
      ? 'give the gate a base build (paired mode: base-start-command), which removes the run-to-run spread of the history from the answer, or a longer profile (more users or iterations)'
      : 'allow more rounds (max-rounds, time-budget) or a longer profile (more users or iterations, so each round is steadier)';
  const plan =
    j.mode === 'paired' ? pairsPlan(j.metrics.filter((m) => m.gated && m.verdict === 'inconclusive')) : '';
  return `Inconclusive: ${open.join(', ')}${why ? ` (${why})` : ''}. The interval still reaches past the tolerance on one side and inside it on the other, so the data cannot tell yet. To decide, ${more}.${plan}`;
}

/**
 * " At the spread of these pairs, order p95 (±13.9% a pair) needs about 30 pairs (60 rounds)
 * for an interval of ±5.0%." An interval half the tolerance wide decides a metric that did not
 * move (unchanged) and one that moved by 1.5 tolerances (regressed or improved).
 */
function pairsPlan(open: readonly MetricJudgement[]): string {
  const relative = open.filter((m) => m.scale === 'relative' && m.change?.spread !== undefined);
  if (relative.length === 0) return '';
  const half = relative[0]!.tolerance / 2;
  const parts = relative.map((m) => {
    const pairs = pairsForHalfWidth(m.change!.spread!, half);
    const perPair = `±${formatPercent(Math.expm1(m.change!.spread!), 1)} a pair`;
    return pairs === undefined
      ? `${m.label} (${perPair}) would need more than ${MAX_PLANNED_PAIRS} pairs: make each round steadier`
      : `${m.label} (${perPair}) needs about ${pairs} pairs (${2 * pairs} rounds)`;
  });
  return ` At the spread of these pairs, ${parts.join('; ')} for an interval of ±${formatPercent(half, 1)}.`;
}
