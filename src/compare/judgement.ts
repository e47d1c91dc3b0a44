/**
 * One judgement per metric, in the same words for both modes: the change of head vs base with
 * its 95% interval and a verdict (src/compare/verdict.ts). Paired mode compares rounds of the
 * base and head builds; history mode compares one run with the stored runs. Pure: samples in,
 * judgement out.
 */
import type { BaselineResults } from './baseline-file.js';
import {
  type ChangeInterval,
  historyShiftInterval,
  pairedRatioInterval,
  proportionDifferenceInterval,
  unpairedRatioInterval,
} from './intervals.js';
import { COMPARED_METRICS, type MetricUnit } from './metrics.js';
import { median } from './stats.js';
import { type ChangeVerdict, judgeInterval } from './verdict.js';

/** What a round or a stored run contributes: each metric's value and the order counts. */
export interface MetricSample {
  values: Record<string, number>;
  orders: { attempted: number; succeeded: number };
}

export function sampleOf(results: BaselineResults): MetricSample {
  const values: Record<string, number> = {};
  for (const m of COMPARED_METRICS) values[m.metric] = m.value(results);
  return { values, orders: { attempted: results.orders.attempted, succeeded: results.orders.succeeded } };
}

export interface MetricJudgement {
  metric: string;
  label: string;
  unit: MetricUnit;
  higherIsBetter: boolean;
  /** Whether this metric can fail the step (gate-metrics). */
  gated: boolean;
  /** relative: `change` is a ratio − 1; absolute: a difference of proportions (success rate). */
  scale: 'relative' | 'absolute';
  /** Representative values: medians over rounds / runs (success rate: pooled counts). */
  base: number;
  head: number;
  change?: ChangeInterval;
  verdict: ChangeVerdict;
  tolerance: number;
}

export interface JudgeOptions {
  gateMetrics: readonly string[];
  /** Relative tolerance for latencies and throughput, e.g. 0.1. */
  tolerance: number;
  /** Absolute tolerance for the success rate, e.g. 0.01 (one percentage point). */
  successTolerance: number;
}

export interface Judgement {
  mode: 'paired' | 'history' | 'groups';
  metrics: MetricJudgement[];
  /** Gated metrics that regressed: these fail the step. */
  regressions: string[];
  /** Gated metrics still open. */
  inconclusive: string[];
  /** Paired: pairs of rounds; history: stored runs compared with. */
  n: number;
}

function pooled(samples: readonly MetricSample[]): { successes: number; n: number } {
  let successes = 0;
  let n = 0;
  for (const s of samples) {
    successes += s.orders.succeeded;
    n += s.orders.attempted;
  }
  return { successes, n };
}

function assemble(mode: Judgement['mode'], metrics: MetricJudgement[], n: number): Judgement {
  const gated = metrics.filter((m) => m.gated);
  return {
    mode,
    metrics,
    regressions: gated.filter((m) => m.verdict === 'regressed').map((m) => m.metric),
    inconclusive: gated.filter((m) => m.verdict === 'inconclusive').map((m) => m.metric),
    n,
  };
}

function judgeAll(
  base: readonly MetricSample[],
  head: readonly MetricSample[],
  options: JudgeOptions,
  interval: (metric: string) => ChangeInterval | undefined,
): MetricJudgement[] {
  return COMPARED_METRICS.map((m) => {
    const gated = options.gateMetrics.includes(m.metric);
    if (m.metric === 'success_rate') {
      const b = pooled(base);
      const h = pooled(head);
      const change = proportionDifferenceInterval(b, h);
      const tolerance = options.successTolerance;
      return {
        metric: m.metric,
        label: m.label,
        unit: m.unit,
        higherIsBetter: true,
        gated,
        scale: 'absolute' as const,
        base: b.n > 0 ? b.successes / b.n : 0,
        head: h.n > 0 ? h.successes / h.n : 0,
        ...(change ? { change } : {}),
        verdict: judgeInterval(change, tolerance, true),
        tolerance,
      };
    }
    const change = interval(m.metric);
    return {
      metric: m.metric,
      label: m.label,
      unit: m.unit,
      higherIsBetter: m.higherIsBetter,
      gated,
      scale: 'relative' as const,
      base: median(base.map((s) => s.values[m.metric]!)),
      head: median(head.map((s) => s.values[m.metric]!)),
      ...(change ? { change } : {}),
      verdict: judgeInterval(change, options.tolerance, m.higherIsBetter),
      tolerance: options.tolerance,
    };
  });
}

/** Paired mode: base[i] and head[i] are the two rounds of pair i. */
export function judgePaired(
  base: readonly MetricSample[],
  head: readonly MetricSample[],
  options: JudgeOptions,
): Judgement {
  const n = Math.min(base.length, head.length);
  const b = base.slice(0, n);
  const h = head.slice(0, n);
  const metrics = judgeAll(b, h, options, (metric) =>
    pairedRatioInterval(
      b.map((s) => s.values[metric]!),
      h.map((s) => s.values[metric]!),
    ),
  );
  return assemble('paired', metrics, n);
}

/** History mode: one run against the stored runs (oldest first). */
export function judgeHistory(
  history: readonly MetricSample[],
  current: MetricSample,
  options: JudgeOptions,
): Judgement {
  const metrics = judgeAll(history, [current], options, (metric) =>
    historyShiftInterval(
      history.map((s) => s.values[metric]!),
      current.values[metric]!,
    ),
  );
  return assemble('history', metrics, history.length);
}

/** Two independent groups of runs (the `diff` command): Welch on log values. */
export function judgeGroups(
  base: readonly MetricSample[],
  head: readonly MetricSample[],
  options: JudgeOptions,
): Judgement {
  const metrics = judgeAll(base, head, options, (metric) =>
    unpairedRatioInterval(
      base.map((s) => s.values[metric]!),
      head.map((s) => s.values[metric]!),
    ),
  );
  return assemble('groups', metrics, Math.min(base.length, head.length));
}
