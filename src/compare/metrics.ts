/** The metrics a run is compared on, how to read them from results, and which way is better. */
import type { BaselineResults } from './baseline-file.js';

export type MetricUnit = 'ms' | 'fraction' | 'rps';

export interface ComparedMetric {
  /** Stable name, as in thresholds: success_rate, rps, order.p95, flow.mean, ... */
  metric: string;
  /** For humans: "order p95". */
  label: string;
  unit: MetricUnit;
  /** Latencies: lower is better. Success rate and throughput: higher is better. */
  higherIsBetter: boolean;
  value(results: BaselineResults): number;
}

export const COMPARED_METRICS: readonly ComparedMetric[] = [
  {
    metric: 'success_rate',
    label: 'success rate',
    unit: 'fraction',
    higherIsBetter: true,
    value: (r) => r.successRate,
  },
  {
    metric: 'order.p50',
    label: 'order p50',
    unit: 'ms',
    higherIsBetter: false,
    value: (r) => r.steps.order.latencyMs.p50,
  },
  {
    metric: 'order.p95',
    label: 'order p95',
    unit: 'ms',
    higherIsBetter: false,
    value: (r) => r.steps.order.latencyMs.p95,
  },
  {
    metric: 'flow.mean',
    label: 'flow mean',
    unit: 'ms',
    higherIsBetter: false,
    value: (r) => r.steps.flow.latencyMs.mean,
  },
  { metric: 'rps', label: 'throughput', unit: 'rps', higherIsBetter: true, value: (r) => r.rps },
  {
    metric: 'login.p95',
    label: 'login p95',
    unit: 'ms',
    higherIsBetter: false,
    value: (r) => r.steps.login.latencyMs.p95,
  },
  {
    metric: 'products.p95',
    label: 'products p95',
    unit: 'ms',
    higherIsBetter: false,
    value: (r) => r.steps.products.latencyMs.p95,
  },
  {
    metric: 'cart.p95',
    label: 'cart p95',
    unit: 'ms',
    higherIsBetter: false,
    value: (r) => r.steps.cart.latencyMs.p95,
  },
];
