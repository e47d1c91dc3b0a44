import { describe, expect, it } from 'vitest';
import { resolveCompareSettings } from '../../src/paired/paired-settings.js';

const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe('resolveCompareSettings', () => {
  it('has the documented defaults: 6..32 rounds, 5 minutes, order p95 and success rate, a warm-up', () => {
    const s = resolveCompareSettings({}, flag);
    expect(s.policy).toEqual({ minRounds: 6, maxRounds: 32, timeBudgetMs: 300_000 });
    expect(s.judge).toEqual({
      gateMetrics: ['order.p95', 'success_rate'],
      tolerance: 0.1,
      successTolerance: 0.01,
    });
    expect(s.failOnInconclusive).toBe(false);
    expect(s.warmUp).toBe('auto');
  });

  it('takes a warm-up as a count of flows, auto, or 0 for none', () => {
    expect(resolveCompareSettings({ warmup: '0' }, flag).warmUp).toBe(0);
    expect(resolveCompareSettings({ warmup: '250' }, flag).warmUp).toBe(250);
    expect(resolveCompareSettings({ warmup: ' auto ' }, flag).warmUp).toBe('auto');
    expect(() => resolveCompareSettings({ warmup: 'lots' }, flag)).toThrow(/--warmup/);
    expect(() => resolveCompareSettings({ warmup: '-1' }, flag)).toThrow(/--warmup/);
  });

  it('refuses an odd number of rounds and a maximum under the minimum, naming the flag', () => {
    expect(() => resolveCompareSettings({ minRounds: '7' }, flag)).toThrow(/--min-rounds.*even/s);
    expect(() => resolveCompareSettings({ minRounds: '8', maxRounds: '6' }, flag)).toThrow(/--max-rounds/);
    expect(resolveCompareSettings({ minRounds: '40' }, flag).policy.maxRounds).toBe(40);
    expect(resolveCompareSettings({ timeBudget: '0' }, flag).policy.timeBudgetMs).toBeUndefined();
  });
});
