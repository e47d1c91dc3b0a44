/** The per-round figures of paired mode, as rows for the text, markdown and HTML tables. */
import { COMPARED_METRICS } from '../compare/metrics.js';
import type { RoundRecord } from '../compare/round-schedule.js';
import { formatMetricValue } from './change-format.js';
import { formatTable } from './format.js';

/** The metrics shown per round: the gated ones first, then order p50 and throughput. */
function roundColumns(gateMetrics: readonly string[]): string[] {
  const names = [...gateMetrics];
  for (const extra of ['order.p50', 'rps']) if (!names.includes(extra)) names.push(extra);
  return names;
}

export function roundRows(rounds: readonly RoundRecord[], gateMetrics: readonly string[]): string[][] {
  const metrics = roundColumns(gateMetrics).map((name) => COMPARED_METRICS.find((m) => m.metric === name)!);
  const header = ['round', 'build', ...metrics.map((m) => m.label), 'orders', 'took'];
  const rows = rounds.map((r) => [
    String(r.round),
    r.side,
    ...metrics.map((m) => formatMetricValue(m, m.value(r.results))),
    `${r.results.orders.succeeded}/${r.results.orders.attempted}`,
    `${(r.durationMs / 1000).toFixed(0)}s`,
  ]);
  return [header, ...rows];
}

export function formatRoundsTable(rounds: readonly RoundRecord[], gateMetrics: readonly string[]): string {
  const rows = roundRows(rounds, gateMetrics);
  return formatTable(
    rows,
    rows[0]!.map((_, i) => (i < 2 ? 'left' : 'right')),
  );
}
