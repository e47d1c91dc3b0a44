import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_METRICS } from '../../src/compare/gate-metrics.js';
import { pairsForHalfWidth } from '../../src/compare/intervals.js';
import { judgeHistory, judgePaired, sampleOf } from '../../src/compare/judgement.js';
import type { RoundRecord } from '../../src/compare/round-schedule.js';
import { verdictHtml } from '../../src/report/html/verdict-section.js';
import { renderVerdictMarkdown } from '../../src/report/verdict-markdown.js';
import { makeRun } from '../compare/fixtures.js';

const judge = { gateMetrics: DEFAULT_GATE_METRICS, tolerance: 0.1, successTolerance: 0.01 };

function rounds(base: number[], head: number[]): RoundRecord[] {
  const out: RoundRecord[] = [];
  for (let p = 0; p < base.length; p++) {
    const b = { side: 'base' as const, results: makeRun({ orderMs: base[p]!, n: 50 }) };
    const h = { side: 'head' as const, results: makeRun({ orderMs: head[p]!, n: 50 }) };
    for (const r of p % 2 === 0 ? [b, h] : [h, b])
      out.push({ ...r, round: out.length + 1, durationMs: 4000 });
  }
  return out;
}

describe('the verdict in the reports', () => {
  it('paired: each gated metric as one line, the advice for an open answer, the rounds in a table and a chart', () => {
    const rs = rounds([100, 120, 90], [110, 150, 95]);
    const judgement = judgePaired(
      rs.filter((r) => r.side === 'base').map((r) => sampleOf(r.results)),
      rs.filter((r) => r.side === 'head').map((r) => sampleOf(r.results)),
      judge,
    );
    const md = renderVerdictMarkdown({
      mode: 'paired',
      judgement,
      rounds: rs,
      stoppedBy: 'max-rounds',
      elapsedMs: 60_000,
    });
    expect(md).toContain('### Base vs head, measured side by side (6 rounds, 3 pairs in 60 s)');
    expect(md).toMatch(
      /- ❔ \*\*order p95 \+\d+\.\d% \(95% CI -\d+\.\d% \.\. \+\d+\.\d%\): inconclusive\*\*/,
    );
    expect(md).toContain('(the maximum number of rounds was reached)');
    expect(md).toContain('allow more rounds (max-rounds, time-budget) or a longer profile');
    // The planning figure from these pairs' own spread (log ratios 0.095, 0.223, 0.054: sd 0.088).
    const spread = judgement.metrics.find((m) => m.metric === 'order.p95')!.change!.spread!;
    expect(spread).toBeCloseTo(0.088, 3);
    const pairs = pairsForHalfWidth(spread, 0.05)!;
    expect(pairs).toBeGreaterThan(10);
    expect(md).toContain(
      `At the spread of these pairs, order p95 (±9.2% a pair) needs about ${pairs} pairs (${2 * pairs} rounds) for an interval of ±5.0%.`,
    );
    expect(md).toContain('```mermaid');
    expect(md).toMatch(/\| 1 \| base \|.*\n\| 2 \| head \|.*\n\| 3 \| head \|.*\n\| 4 \| base \|/);
    const html = verdictHtml({ mode: 'paired', judgement, rounds: rs, stoppedBy: 'max-rounds' });
    expect(html).toContain('<svg');
    expect(html).toContain('order p95 (ms) per round, in the order run');
    expect(html).toMatch(/<strong>order p95 \+\d+\.\d% \(95% CI/);
  });

  it('history: learning is said first, and the stored series is drawn as a trend', () => {
    const stored = [100, 101, 99].map((ms) => sampleOf(makeRun({ orderMs: ms })));
    const judgement = judgeHistory(stored, sampleOf(makeRun({ orderMs: 150 })), judge);
    const view = {
      mode: 'history' as const,
      judgement,
      learning: { have: 3, need: 5 },
      trend: {
        metric: 'order.p95',
        label: 'order p95',
        stored: [100, 101, 99].map((value, i) => ({ sha: String(i), recordedAt: '', value })),
        current: 150,
      },
    };
    const md = renderVerdictMarkdown(view);
    expect(md).toContain('learning: 3 of 5 runs recorded for this profile');
    expect(md).toContain('x-axis [r1, r2, r3, now]');
    expect(md).not.toContain('To decide,');
    expect(verdictHtml(view)).toContain('of the stored runs, oldest first');
  });
});
