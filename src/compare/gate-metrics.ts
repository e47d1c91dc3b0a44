/** Which metrics can fail the step (gate-metrics): the rest are reported only. */
import { ConfigError } from '../core/errors.js';
import { COMPARED_METRICS } from './metrics.js';

export const DEFAULT_GATE_METRICS: readonly string[] = ['order.p95', 'success_rate'];
/** Success rate: an absolute margin in percentage points (0.01 = 1 point), judged on counts. */
export const DEFAULT_SUCCESS_TOLERANCE = 0.01;

/** Parses "order.p95, success_rate" (commas or new lines); every name must be a compared metric. */
export function parseGateMetrics(value: string | undefined, input = 'gate-metrics'): string[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_GATE_METRICS];
  const names = value
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const known = COMPARED_METRICS.map((m) => m.metric);
  for (const name of names) {
    if (!known.includes(name)) throw new ConfigError(input, name, `one or more of ${known.join(', ')}`);
  }
  return [...new Set(names)];
}
