/**
 * The regression rule at its edges, with exact metric values (no histogram rounding): the
 * tolerance is measured from the BASELINE (the history's median), the noise band is 3 scaled
 * MADs of the history, the 1 ms floor applies to latencies only, and a value exactly on a line
 * does not cross it. Each metric reads its own field and has its own direction.
 */
import { describe, expect, it } from 'vitest';
import type { BaselineEntry } from '../../src/compare/baseline-file.js';
import {
  type Comparison,
  compareRuns,
  MIN_LATENCY_CHANGE_MS,
  MIN_RELIABLE_HISTORY,
  NOISE_MADS,
  parseTolerance,
} from '../../src/compare/compare.js';
import { COMPARED_METRICS } from '../../src/compare/metrics.js';
import { MAD_SCALE, median, scaledMad } from '../../src/compare/stats.js';
import type { RunResults } from '../../src/results/results.js';
import { entryOf, makeRun, sha } from './fixtures.js';

type Metric =
  | 'success_rate'
  | 'rps'
  | 'order.p50'
  | 'order.p95'
  | 'flow.mean'
  | 'login.p95'
  | 'products.p95'
  | 'cart.p95';

const TEMPLATE = makeRun({ orderMs: 100 });

/** Where each compared metric lives in the results, written out independently of metrics.ts. */
function set(r: RunResults, metric: Metric, value: number): void {
  switch (metric) {
    case 'success_rate':
      r.successRate = value;
      return;
    case 'rps':
      r.rps = value;
      return;
    case 'order.p50':
      r.steps.order.latencyMs.p50 = value;
      return;
    case 'order.p95':
      r.steps.order.latencyMs.p95 = value;
      return;
    case 'flow.mean':
      r.steps.flow.latencyMs.mean = value;
      return;
    case 'login.p95':
      r.steps.login.latencyMs.p95 = value;
      return;
    case 'products.p95':
      r.steps.products.latencyMs.p95 = value;
      return;
    case 'cart.p95':
      r.steps.cart.latencyMs.p95 = value;
      return;
  }
}

/** A run whose compared metrics are all 100 (success rate 1), except the given ones. */
function run(values: Partial<Record<Metric, number>> = {}): RunResults {
  const r = structuredClone(TEMPLATE);
  const all: Record<Metric, number> = {
    success_rate: 1,
    rps: 100,
    'order.p50': 100,
    'order.p95': 100,
    'flow.mean': 100,
    'login.p95': 100,
    'products.p95': 100,
    'cart.p95': 100,
    ...values,
  };
  for (const [metric, value] of Object.entries(all)) set(r, metric as Metric, value);
  return r;
}

function history(...runs: RunResults[]): BaselineEntry[] {
  return runs.map((r, i) => entryOf(r, i));
}

const row = (c: Comparison, metric: Metric) => {
  const r = c.rows.find((x) => x.metric === metric);
  if (!r) throw new Error(`no row ${metric}`);
  return r;
};

/** The verdict of `metric` at `value` against a one-entry history at `reference` (noise 0). */
function verdictAt(metric: Metric, reference: number, value: number, tolerance = 0.1) {
  return row(compareRuns(run({ [metric]: value }), history(run({ [metric]: reference })), tolerance), metric)
    .verdict;
}

describe('the tolerance is measured from the baseline, not from the current value', () => {
  // Baseline 100, tolerance 10%: the line is at 110 (worse) and 90 (better) for a latency.
  it.each([
    [109.5, 'ok'],
    [110, 'ok'], // exactly on the line: not beyond it
    [110.5, 'regressed'], // 10.5 > 10% of 100 (but < 10% of 110.5: a tolerance from the current value says ok)
    [90.5, 'ok'], // 9.5 < 10% of 100 (but > 10% of 90.5)
    [90, 'ok'],
    [89.5, 'improved'],
  ])('order.p95 %d ms against 100 ms: %s', (value, verdict) => {
    expect(verdictAt('order.p95', 100, value)).toBe(verdict);
  });

  // Higher is better: the lines are at 90 (worse) and 110 (better).
  it.each([
    [90.5, 'ok'],
    [90, 'ok'],
    [89.5, 'regressed'],
    [109.5, 'ok'],
    [110, 'ok'],
    [110.5, 'improved'],
  ])('throughput %d/s against 100/s: %s', (value, verdict) => {
    expect(verdictAt('rps', 100, value)).toBe(verdict);
  });

  it('success rate: 10% of 0.9 is 0.09, so 0.81 is on the line and 0.8 beyond it', () => {
    expect(verdictAt('success_rate', 0.9, 0.8)).toBe('regressed');
    expect(verdictAt('success_rate', 0.9, 0.815)).toBe('ok');
    expect(verdictAt('success_rate', 0.9, 0.995)).toBe('improved');
  });

  it('a tolerance of 0 flags any change beyond the noise and the floor', () => {
    expect(verdictAt('order.p95', 100, 101, 0)).toBe('regressed');
    expect(verdictAt('order.p95', 100, 99, 0)).toBe('improved');
    expect(verdictAt('order.p95', 100, 100, 0)).toBe('ok');
    expect(verdictAt('rps', 100, 99.9, 0)).toBe('regressed');
  });

  it('the change is relative to the baseline, with its sign', () => {
    const c = compareRuns(run({ 'order.p95': 110.5, rps: 80 }), history(run()), 0.1);
    expect(row(c, 'order.p95').change).toBeCloseTo(0.105, 12);
    expect(row(c, 'rps').change).toBeCloseTo(-0.2, 12);
    expect(row(c, 'order.p95').baseline).toBe(100);
    expect(row(c, 'order.p95').current).toBe(110.5);
    expect(row(c, 'order.p95').noise).toBe(0);
  });

  it('a zero baseline: change 0 when still zero, null and not Infinity otherwise', () => {
    const c = compareRuns(run({ 'cart.p95': 0 }), history(run({ 'cart.p95': 0, 'login.p95': 0 })), 0.1);
    expect(row(c, 'cart.p95').change).toBe(0);
    expect(row(c, 'login.p95').change).toBeNull();
    // 100 ms where there were 0: beyond any relative tolerance of 0, and above the floor
    expect(row(c, 'login.p95').verdict).toBe('regressed');
  });
});

describe('the 1 ms floor for latencies', () => {
  it('is exactly 1 ms', () => {
    expect(MIN_LATENCY_CHANGE_MS).toBe(1);
  });

  // Baseline 2 ms: the 10% tolerance (0.2 ms) is far below; only the floor decides.
  it.each([
    [2.999, 'ok'],
    [3, 'regressed'], // +1 ms exactly: counts
    [3.001, 'regressed'],
    [1.001, 'ok'],
    [1, 'improved'],
  ])('login p95 %d ms against 2 ms: %s', (value, verdict) => {
    expect(verdictAt('login.p95', 2, value)).toBe(verdict);
  });

  it('does not apply to the success rate or the throughput', () => {
    // -0.5 success rate and -0.5 requests/s are below 1 "unit" and still regressions
    expect(verdictAt('success_rate', 1, 0.5)).toBe('regressed');
    expect(verdictAt('rps', 2, 1.5)).toBe('regressed');
  });
});

describe('the noise band', () => {
  // History 90, 100, 110: median 100, deviations 10, 0, 10 -> MAD 10 -> band 3 x 1.4826 x 10.
  const noisy = () => history(run({ 'order.p95': 90 }), run({ 'order.p95': 100 }), run({ 'order.p95': 110 }));
  const band = NOISE_MADS * MAD_SCALE * 10;

  it('is 3 scaled MADs of the history, around its median', () => {
    expect(NOISE_MADS).toBe(3);
    expect(MAD_SCALE).toBe(1.4826);
    const c = compareRuns(run({ 'order.p95': 140 }), noisy(), 0.1);
    expect(row(c, 'order.p95').baseline).toBe(100);
    expect(row(c, 'order.p95').noise).toBeCloseTo(band, 9);
    expect(row(c, 'order.p95').verdict).toBe('ok'); // +40: beyond 10%, inside the band (44.478)
  });

  it.each([
    [100 + band - 0.01, 'ok'],
    [100 + band + 0.01, 'regressed'],
    [100 - band + 0.01, 'ok'],
    [100 - band - 0.01, 'improved'],
  ])('order.p95 %d against the noisy history: %s', (value, verdict) => {
    expect(row(compareRuns(run({ 'order.p95': value }), noisy(), 0.1), 'order.p95').verdict).toBe(verdict);
  });

  it('exactly on the noise line is not beyond it', () => {
    // History 99, 100, 101: MAD 1, band 3 x 1.4826 = 4.4478; tolerance 0 leaves the band alone.
    const h = history(run({ 'order.p95': 99 }), run({ 'order.p95': 100 }), run({ 'order.p95': 101 }));
    const line = NOISE_MADS * MAD_SCALE;
    expect(row(compareRuns(run({ 'order.p95': 100 + line }), h, 0), 'order.p95').verdict).toBe('ok');
    expect(row(compareRuns(run({ 'order.p95': 100 + line + 1e-6 }), h, 0), 'order.p95').verdict).toBe(
      'regressed',
    );
    expect(row(compareRuns(run({ 'order.p95': 100 - line }), h, 0), 'order.p95').verdict).toBe('ok');
  });

  it('the tolerance still applies when the band is narrower', () => {
    // History 99, 100, 101: band 4.45; 108 is beyond the band but within 10%.
    const tight = history(run({ 'order.p95': 99 }), run({ 'order.p95': 100 }), run({ 'order.p95': 101 }));
    expect(row(compareRuns(run({ 'order.p95': 108 }), tight, 0.1), 'order.p95').verdict).toBe('ok');
    expect(row(compareRuns(run({ 'order.p95': 108 }), tight, 0.05), 'order.p95').verdict).toBe('regressed');
  });

  it('median and MAD of an even history average the middle pair', () => {
    expect(median([1, 3, 2, 10])).toBe(2.5);
    // deviations from 2.5: 1.5, 0.5, 0.5, 7.5 -> sorted 0.5, 0.5, 1.5, 7.5 -> median 1
    expect(scaledMad([1, 3, 2, 10])).toBeCloseTo(MAD_SCALE, 12);
    expect(median([5])).toBe(5);
    expect(scaledMad([5, 5])).toBe(0);
  });
});

describe('the history', () => {
  it(`is short below ${MIN_RELIABLE_HISTORY} entries, and the newest entry names the baseline`, () => {
    expect(MIN_RELIABLE_HISTORY).toBe(5);
    const four = compareRuns(run(), history(run(), run(), run(), run()));
    expect(four.shortHistory).toBe(true);
    expect(four.entries).toBe(4);
    const five = compareRuns(run(), history(run(), run(), run(), run(), run()));
    expect(five.shortHistory).toBe(false);
    expect(five.entries).toBe(5);
    expect(five.baselineSha).toBe(sha(5));
    expect(five.baselineRecordedAt).toBe(history(run(), run(), run(), run(), run())[4]!.recordedAt);
    expect(five.tolerance).toBe(0.1);
    expect('baseline' in compareRuns(run(), []).orderPercentiles).toBe(false);
    expect(five.orderPercentiles.baseline).toBeDefined();
  });

  it('uses the median of the history, not its newest or oldest entry', () => {
    const h = history(run({ 'order.p95': 300 }), run({ 'order.p95': 100 }), run({ 'order.p95': 120 }));
    const c = compareRuns(run({ 'order.p95': 120 }), h, 0.1);
    expect(row(c, 'order.p95').baseline).toBe(120);
    expect(row(c, 'order.p95').verdict).toBe('ok');
  });

  it('lists regressions and improvements in the metrics order', () => {
    const c = compareRuns(
      run({ success_rate: 0.5, 'cart.p95': 200, 'order.p50': 50, rps: 150 }),
      history(run()),
      0.1,
    );
    expect(c.regressions).toEqual(['success_rate', 'cart.p95']);
    expect(c.improvements).toEqual(['order.p50', 'rps']);
  });
});

describe('the compared metrics', () => {
  it('are these eight, each with its label, unit and direction', () => {
    expect(COMPARED_METRICS.map((m) => [m.metric, m.label, m.unit, m.higherIsBetter])).toEqual([
      ['success_rate', 'success rate', 'fraction', true],
      ['order.p50', 'order p50', 'ms', false],
      ['order.p95', 'order p95', 'ms', false],
      ['flow.mean', 'flow mean', 'ms', false],
      ['rps', 'throughput', 'rps', true],
      ['login.p95', 'login p95', 'ms', false],
      ['products.p95', 'products p95', 'ms', false],
      ['cart.p95', 'cart p95', 'ms', false],
    ]);
  });

  it('each reads its own field of the results', () => {
    const values: Record<Metric, number> = {
      success_rate: 0.91,
      rps: 211,
      'order.p50': 311,
      'order.p95': 411,
      'flow.mean': 511,
      'login.p95': 611,
      'products.p95': 711,
      'cart.p95': 811,
    };
    const c = compareRuns(run(values), history(run()), 0.1);
    for (const r of c.rows) {
      expect([r.metric, r.current]).toEqual([r.metric, values[r.metric as Metric]]);
      expect([r.metric, r.label, r.unit, r.higherIsBetter]).toEqual(
        ((m) => [m.metric, m.label, m.unit, m.higherIsBetter])(
          COMPARED_METRICS.find((m) => m.metric === r.metric)!,
        ),
      );
    }
  });
});

describe('parseTolerance at its edges', () => {
  it.each([
    ['10.25%', 0.1025],
    ['.25', 0.25],
    ['.5%', 0.005],
    ['1', 1],
    ['1000%', 10],
    ['0.125', 0.125],
  ])('%s is %d', (text, value) => {
    expect(parseTolerance(text)).toBeCloseTo(value, 12);
  });

  it.each(['1000.5%', '1.01', 'x10%', '10%x', '.%'])('refuses %s, naming the setting', (text) => {
    expect(() => parseTolerance(text)).toThrow(/^Invalid value for tolerance: /);
  });
});
