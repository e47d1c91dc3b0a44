import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTCdf, studentTQuantile } from '../../src/compare/distributions.js';
import {
  historyShiftInterval,
  pairedRatioInterval,
  pairsForHalfWidth,
  proportionDifferenceInterval,
  wilsonInterval,
} from '../../src/compare/intervals.js';
import { judgeInterval } from '../../src/compare/verdict.js';

const withLogRatios = (base: number[], d: number[]) => base.map((b, i) => b * Math.exp(d[i]!));

describe('distributions, against published tables', () => {
  it("Student's t quantiles", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 5);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3026527, 6);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451, 6);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2621572, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0422725, 6);
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-2.2621572, 6);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
  });
  it('normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 5);
  });
});

describe('the paired log-ratio interval', () => {
  it('matches a hand computation: log ratios 0.1, 0.2, 0.3 (mean 0.2, sd 0.1, t(2) = 4.3027)', () => {
    const base = [100, 80, 120];
    const ci = pairedRatioInterval(base, withLogRatios(base, [0.1, 0.2, 0.3]))!;
    const half = (4.302652729 * 0.1) / Math.sqrt(3);
    expect(ci.n).toBe(3);
    expect(ci.estimate).toBeCloseTo(Math.expm1(0.2), 9);
    expect(ci.low).toBeCloseTo(Math.expm1(0.2 - half), 6);
    expect(ci.high).toBeCloseTo(Math.expm1(0.2 + half), 6);
    expect(ci.low).toBeCloseTo(-0.04726, 4);
    expect(ci.high).toBeCloseTo(0.5658, 4);
    // +22% estimated, but the interval reaches from -4.7% to +56.6%: the answer must stay open.
    expect(judgeInterval(ci, 0.1, false)).toBe('inconclusive');
  });
  it('a steady +25% is a regression; a steady ±1% is unchanged; -25% is an improvement', () => {
    const base = [50, 60, 55, 52, 58];
    expect(
      judgeInterval(
        pairedRatioInterval(base, withLogRatios(base, [0.22, 0.23, 0.21, 0.22, 0.24])),
        0.1,
        false,
      ),
    ).toBe('regressed');
    expect(
      judgeInterval(
        pairedRatioInterval(base, withLogRatios(base, [0.01, -0.01, 0.005, 0, -0.005])),
        0.1,
        false,
      ),
    ).toBe('unchanged');
    expect(
      judgeInterval(
        pairedRatioInterval(base, withLogRatios(base, [-0.3, -0.28, -0.29, -0.3, -0.31])),
        0.1,
        false,
      ),
    ).toBe('improved');
  });
  it('higher-is-better metrics read the other way: throughput down 25% is a regression', () => {
    const base = [200, 210, 190, 205];
    const ci = pairedRatioInterval(base, withLogRatios(base, [-0.29, -0.28, -0.3, -0.29]));
    expect(judgeInterval(ci, 0.1, true)).toBe('regressed');
    expect(judgeInterval(ci, 0.1, false)).toBe('improved');
  });
  it('one pair gives an estimate but an unbounded interval; no pair or a zero gives nothing', () => {
    const one = pairedRatioInterval([100], [150])!;
    expect(one.estimate).toBeCloseTo(0.5, 9);
    expect(one.low).toBe(Number.NEGATIVE_INFINITY);
    expect(judgeInterval(one, 0.1, false)).toBe('inconclusive');
    expect(pairedRatioInterval([], [])).toBeUndefined();
    expect(pairedRatioInterval([0, 1], [1, 1])).toBeUndefined();
    expect(judgeInterval(undefined, 0.1, false)).toBe('inconclusive');
  });
});

describe('the history shift interval (a t prediction interval on log values)', () => {
  const history = [100, 110, 90, 105, 95];
  it('matches a hand computation', () => {
    const logs = history.map(Math.log);
    const m = logs.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(logs.reduce((a, x) => a + (x - m) ** 2, 0) / 4);
    const half = 2.776445105 * sd * Math.sqrt(1 + 1 / 5);
    const ci = historyShiftInterval(history, 130)!;
    expect(ci.estimate).toBeCloseTo(Math.expm1(Math.log(130) - m), 9);
    expect(ci.low).toBeCloseTo(Math.expm1(Math.log(130) - m - half), 6);
    expect(ci.high).toBeCloseTo(Math.expm1(Math.log(130) - m + half), 6);
  });
  it('a run inside the spread is inconclusive at 10% (the history is that noisy); tripled is regressed', () => {
    expect(judgeInterval(historyShiftInterval(history, 101), 0.1, false)).toBe('inconclusive');
    expect(judgeInterval(historyShiftInterval(history, 300), 0.1, false)).toBe('regressed');
    expect(judgeInterval(historyShiftInterval(history, 101), 0.5, false)).toBe('unchanged');
  });
  it('needs two stored runs', () => {
    expect(historyShiftInterval([100], 100)).toBeUndefined();
  });
});

describe('proportions: Wilson and Newcombe', () => {
  it("Wilson's interval for 8/10 is 0.490 .. 0.943", () => {
    const w = wilsonInterval(8, 10);
    expect(w.low).toBeCloseTo(0.4902, 4);
    expect(w.high).toBeCloseTo(0.9433, 4);
  });
  it("Newcombe's example: 56/70 vs 48/80 differ by 0.2000 (0.0524 .. 0.3339)", () => {
    const ci = proportionDifferenceInterval({ successes: 48, n: 80 }, { successes: 56, n: 70 })!;
    expect(ci.estimate).toBeCloseTo(0.2, 9);
    expect(ci.low).toBeCloseTo(0.0524, 4);
    expect(ci.high).toBeCloseTo(0.3339, 4);
  });
  it('no failures on either side: unchanged only once there are enough orders for a 1-point margin', () => {
    const small = proportionDifferenceInterval({ successes: 100, n: 100 }, { successes: 100, n: 100 });
    expect(judgeInterval(small, 0.01, true)).toBe('inconclusive');
    const large = proportionDifferenceInterval({ successes: 600, n: 600 }, { successes: 600, n: 600 });
    expect(judgeInterval(large, 0.01, true)).toBe('unchanged');
    const dropped = proportionDifferenceInterval({ successes: 300, n: 300 }, { successes: 270, n: 300 });
    expect(judgeInterval(dropped, 0.01, true)).toBe('regressed');
  });
});

describe('planning: how many pairs an interval of a given width needs', () => {
  it("carries the pairs' spread (the sd of their log ratios) with the paired interval", () => {
    const base = [50, 60, 55];
    const ci = pairedRatioInterval(base, withLogRatios(base, [0.1, 0.2, 0.3]))!;
    expect(ci.spread).toBeCloseTo(0.1, 12);
  });
  it('names the fewest pairs whose t interval is within ±half-width (worked by hand)', () => {
    // ±10%: ln 1.1 = 0.0953. 6 pairs: t(5) 2.5706 · 0.1 / √6 = 0.1049 (too wide);
    // 7 pairs: t(6) 2.4469 · 0.1 / √7 = 0.0925.
    expect(pairsForHalfWidth(0.1, 0.1)).toBe(7);
    // ±5%: ln 1.05 = 0.04879. 29 pairs: t(28) 2.0484 · 0.13 / √29 = 0.04945; 30: 0.04854.
    expect(pairsForHalfWidth(0.13, 0.05)).toBe(30);
    // Steadier pairs need fewer; a spread of 0 needs the least a t interval can use.
    expect(pairsForHalfWidth(0.05, 0.1)).toBeLessThan(7);
    expect(pairsForHalfWidth(0, 0.1)).toBe(2);
  });
  it('gives up past 1000 pairs, and on a width that is not positive', () => {
    expect(pairsForHalfWidth(5, 0.01)).toBeUndefined();
    expect(pairsForHalfWidth(0.1, 0)).toBeUndefined();
    expect(pairsForHalfWidth(Number.NaN, 0.1)).toBeUndefined();
  });
});
