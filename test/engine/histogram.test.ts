import { describe, expect, it } from 'vitest';
import {
  addHistogram,
  createHistogram,
  HIGHEST_TRACKABLE_US,
  histogramCount,
  mergeHistograms,
  percentileMs,
  recordMs,
  summarize,
} from '../../src/engine/histogram.js';
import { decodeHistogram, encodeHistogram } from '../../src/engine/histogram-codec.js';

describe('latency histograms', () => {
  it('summarises 1..100 ms within HDR precision, in ms rounded to 0.01', () => {
    const h = createHistogram();
    for (let i = 1; i <= 100; i++) recordMs(h, i);
    const s = summarize(h);
    expect(histogramCount(h)).toBe(100);
    expect(s.min).toBe(1);
    expect(s.max).toBeCloseTo(100, 0);
    expect(s.p99).toBeLessThanOrEqual(s.max);
    expect(s.mean).toBeCloseTo(50.5, 1);
    expect(s.p50).toBeCloseTo(50, 1);
    expect(s.p90).toBeCloseTo(90, 1);
    expect(s.p95).toBeCloseTo(95, 1);
    expect(s.p99).toBeCloseTo(99, 1);
    for (const v of Object.values(s)) expect(Math.round(v * 100) / 100).toBe(v);
  });

  it('keeps sub-millisecond resolution (microseconds)', () => {
    const h = createHistogram();
    recordMs(h, 0.25);
    recordMs(h, 0.75);
    expect(summarize(h).min).toBe(0.25);
    expect(summarize(h).max).toBe(0.75);
  });

  it('is all zeros when empty', () => {
    expect(summarize(createHistogram())).toEqual({ min: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
    expect(percentileMs(createHistogram(), 95)).toBe(0);
  });

  it('clamps out-of-range values instead of growing or throwing', () => {
    const h = createHistogram();
    recordMs(h, -5);
    recordMs(h, Number.NaN);
    recordMs(h, 10 * 3_600_000);
    expect(h.totalCount).toBe(3);
    expect(h.minNonZeroValue).toBe(1);
    expect(h.maxValue).toBeLessThanOrEqual(HIGHEST_TRACKABLE_US * 1.001);
    expect(summarize(h).max).toBeCloseTo(3_600_000, -4);
  });

  it('round-trips through compressed base64', () => {
    const h = createHistogram();
    for (let i = 0; i < 1000; i++) recordMs(h, (i % 250) + 0.5);
    const text = encodeHistogram(h);
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const back = decodeHistogram(text);
    expect(back.totalCount).toBe(1000);
    expect(summarize(back)).toEqual(summarize(h));
    expect(() => decodeHistogram('bm90IGEgaGlzdG9ncmFt')).toThrow();
  });

  it('merges histograms exactly', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (let i = 0; i < 90; i++) recordMs(a, 10);
    for (let i = 0; i < 10; i++) recordMs(b, 1000);
    const merged = mergeHistograms([a, decodeHistogram(encodeHistogram(b))]);
    expect(merged.totalCount).toBe(100);
    expect(percentileMs(merged, 90)).toBeCloseTo(10, 1);
    expect(percentileMs(merged, 95)).toBeCloseTo(1000, -1);
    addHistogram(a, b);
    expect(summarize(a)).toEqual(summarize(merged));
  });
});
