import { describe, expect, it } from 'vitest';
import { emptyBaseline } from '../../src/compare/baseline-file.js';
import {
  type Comparison,
  compareRuns,
  compareWithBaseline,
  DEFAULT_TOLERANCE,
  parseTolerance,
} from '../../src/compare/compare.js';
import { median, scaledMad } from '../../src/compare/stats.js';
import { ConfigError } from '../../src/core/errors.js';
import { baselineOf, makeRun, NOISY_ORDER_MS, sha } from './fixtures.js';

const row = (c: Comparison, metric: string) => {
  const r = c.rows.find((x) => x.metric === metric);
  if (!r) throw new Error(`no row ${metric}`);
  return r;
};

describe('median and scaled MAD', () => {
  it('are robust to one outlier', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median(NOISY_ORDER_MS)).toBe(100.5);
    // deviations from 100.5: median 3.5, scaled by 1.4826
    expect(scaledMad(NOISY_ORDER_MS)).toBeCloseTo(3.5 * 1.4826, 10);
    expect(scaledMad([7])).toBe(0);
    expect(scaledMad([1, 1, 1, 1000])).toBe(0);
  });
});

describe('compareWithBaseline', () => {
  const noisy = baselineOf(NOISY_ORDER_MS.map((orderMs) => makeRun({ orderMs })));

  it('does not flag a +12% change that is within the noise band of a noisy history', () => {
    const c = compareWithBaseline(makeRun({ orderMs: 112.6 }), noisy, { tolerance: 0.1 });
    const p95 = row(c, 'order.p95');
    expect(p95.baseline).toBeCloseTo(100.5, 0);
    expect(p95.change).toBeGreaterThan(0.1);
    expect(p95.change).toBeLessThan(0.13);
    // 3 x 1.4826 x MAD(3.5) = 15.6 ms: beyond the tolerance but inside the noise
    expect(p95.noise).toBeGreaterThan(15);
    expect(p95.noise).toBeLessThan(16.5);
    expect(p95.verdict).toBe('ok');
    expect(c.regressions).toEqual([]);
    expect(c.entries).toBe(10);
    expect(c.shortHistory).toBe(false);
    expect(c.baselineSha).toBe(sha(10));
    expect(c.baselineKey).toBe('users-100');
  });

  it('flags a clear +50% p95 regression', () => {
    const c = compareWithBaseline(makeRun({ orderMs: 151 }), noisy, { tolerance: 0.1 });
    expect(row(c, 'order.p95').verdict).toBe('regressed');
    expect(row(c, 'order.p95').change).toBeCloseTo(0.5, 1);
    expect(c.regressions).toEqual(['order.p50', 'order.p95', 'flow.mean']);
    // the unchanged steps stay ok
    for (const m of ['success_rate', 'rps', 'login.p95', 'products.p95', 'cart.p95']) {
      expect(row(c, m).verdict).toBe('ok');
    }
  });

  it('with one entry applies the tolerance alone, and says the history is short', () => {
    const one = baselineOf([makeRun({ orderMs: 100 })]);
    const within = compareWithBaseline(makeRun({ orderMs: 109 }), one, { tolerance: 0.1 });
    expect(row(within, 'order.p95').noise).toBe(0);
    expect(row(within, 'order.p95').verdict).toBe('ok');
    expect(within.shortHistory).toBe(true);
    expect(within.entries).toBe(1);
    const beyond = compareWithBaseline(makeRun({ orderMs: 112 }), one, { tolerance: 0.1 });
    expect(row(beyond, 'order.p95').verdict).toBe('regressed');
    // a looser tolerance lets the same change through
    expect(
      row(compareWithBaseline(makeRun({ orderMs: 112 }), one, { tolerance: 0.15 }), 'order.p95').verdict,
    ).toBe('ok');
  });

  it('reports an improvement symmetrically, and never as a regression', () => {
    const c = compareWithBaseline(makeRun({ orderMs: 60 }), noisy);
    expect(row(c, 'order.p95').verdict).toBe('improved');
    expect(row(c, 'order.p95').change).toBeCloseTo(-0.4, 1);
    expect(c.improvements).toContain('order.p95');
    expect(c.regressions).toEqual([]);
  });

  it('treats success rate and throughput as higher-is-better', () => {
    const history = baselineOf([1, 2, 3, 4, 5].map(() => makeRun({ orderMs: 100 })));
    const c = compareWithBaseline(makeRun({ orderMs: 100, failedOrders: 20, durationMs: 20_000 }), history);
    expect(row(c, 'success_rate').baseline).toBe(1);
    expect(row(c, 'success_rate').current).toBe(0.8);
    expect(row(c, 'success_rate').verdict).toBe('regressed');
    expect(row(c, 'rps').baseline).toBe(40);
    expect(row(c, 'rps').current).toBe(20);
    expect(row(c, 'rps').verdict).toBe('regressed');
    expect(c.regressions).toEqual(['success_rate', 'rps']);
    expect(c.shortHistory).toBe(false);
    const faster = compareWithBaseline(makeRun({ orderMs: 100, durationMs: 5_000 }), history);
    expect(row(faster, 'rps').verdict).toBe('improved');
  });

  it('ignores latency changes below 1 ms, however large relatively', () => {
    const history = baselineOf([makeRun({ orderMs: 100, loginMs: 2 })]);
    const c = compareWithBaseline(makeRun({ orderMs: 100, loginMs: 2.8 }), history);
    expect(row(c, 'login.p95').change).toBeGreaterThan(0.3);
    expect(row(c, 'login.p95').verdict).toBe('ok');
    const d = compareWithBaseline(makeRun({ orderMs: 100, loginMs: 3.2 }), history);
    expect(row(d, 'login.p95').verdict).toBe('regressed');
  });

  it('without a baseline marks every metric no-baseline and flags nothing', () => {
    for (const baseline of [undefined, emptyBaseline('users-100')]) {
      const c = compareWithBaseline(makeRun({ orderMs: 500, failedOrders: 50 }), baseline);
      expect(c.rows).toHaveLength(8);
      expect(
        c.rows.every((r) => r.verdict === 'no-baseline' && r.baseline === null && r.change === null),
      ).toBe(true);
      expect(c.regressions).toEqual([]);
      expect(c.entries).toBe(0);
      expect(c.shortHistory).toBe(false);
      expect(c.baselineSha).toBeUndefined();
      expect(c.orderPercentiles.baseline).toBeUndefined();
      expect(c.orderPercentiles.current.p95).toBeCloseTo(500, -1);
    }
    expect(compareWithBaseline(makeRun({ orderMs: 1 }), undefined).tolerance).toBe(DEFAULT_TOLERANCE);
  });

  it('compares with a plain list of entries too (e.g. filtered by ref)', () => {
    // the last three: 150, 97, 103 -> median 103, MAD 6 -> noise band 26.7 ms
    const c = compareRuns(makeRun({ orderMs: 125 }), noisy.entries.slice(-3), 0.1);
    expect(c.entries).toBe(3);
    expect(c.shortHistory).toBe(true);
    expect(c.tolerance).toBe(0.1);
    expect(c.baselineKey).toBeUndefined();
    expect(c.baselineSha).toBe(sha(10));
    expect(row(c, 'order.p95').baseline).toBeCloseTo(103, 0);
    expect(row(c, 'order.p95').noise).toBeCloseTo(26.7, 0);
    // +21%: beyond the tolerance, inside the noise band
    expect(row(c, 'order.p95').verdict).toBe('ok');
    expect(
      row(compareRuns(makeRun({ orderMs: 135 }), noisy.entries.slice(-3), 0.1), 'order.p95').verdict,
    ).toBe('regressed');
    // a looser tolerance can hide what the noise band would not
    expect(
      row(compareRuns(makeRun({ orderMs: 135 }), noisy.entries.slice(-3), 0.5), 'order.p95').verdict,
    ).toBe('ok');
    expect(compareRuns(makeRun({ orderMs: 151 }), []).regressions).toEqual([]);
  });

  it('computes the baseline percentiles from the merged histograms', () => {
    // 100 orders at 100 ms and 100 at 200 ms: merged p50 is 100 ms, p90..p99 200 ms.
    const history = baselineOf([makeRun({ orderMs: 100 }), makeRun({ orderMs: 200 })]);
    const c = compareWithBaseline(makeRun({ orderMs: 150 }), history);
    const base = c.orderPercentiles.baseline!;
    expect(base.p50).toBeCloseTo(100, -1);
    expect(base.p50).toBeLessThan(101);
    for (const p of [base.p90, base.p95, base.p99]) {
      expect(p).toBeGreaterThanOrEqual(200);
      expect(p).toBeLessThan(201);
    }
    // while the median of the per-run p95s is 150
    expect(row(c, 'order.p95').baseline).toBeCloseTo(150, -1);
    expect(c.orderPercentiles.current.p99).toBeCloseTo(150, -1);
  });
});

describe('parseTolerance', () => {
  it('reads percentages and fractions', () => {
    expect(parseTolerance('10%')).toBe(0.1);
    expect(parseTolerance('0.1')).toBe(0.1);
    expect(parseTolerance(' 12.5 % ')).toBe(0.125);
    expect(parseTolerance('0')).toBe(0);
    expect(parseTolerance('150%')).toBe(1.5);
  });

  it('refuses bad input with a ConfigError naming the input', () => {
    for (const bad of ['', 'abc', '-5%', '10', '10%%', '0.1.2', '2000%']) {
      expect(() => parseTolerance(bad, 'regression-tolerance')).toThrow(ConfigError);
    }
    expect(() => parseTolerance('10', 'regression-tolerance')).toThrow(
      /Invalid value for regression-tolerance: "10"\. Expected .*10%/,
    );
  });
});
