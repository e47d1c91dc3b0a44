import { describe, expect, it } from 'vitest';
import { injectedDelayMs } from '../../src/shop/sleep.js';

describe('injectedDelayMs', () => {
  it('waits whole milliseconds that average the fraction asked for', () => {
    expect(injectedDelayMs(2, () => 0)).toBe(2);
    expect(injectedDelayMs(2, () => 0.999)).toBe(2);
    expect(injectedDelayMs(1.5, () => 0.49)).toBe(2);
    expect(injectedDelayMs(1.5, () => 0.5)).toBe(1);
    // A fixed sequence of draws spread over [0, 1): the mean is the fraction.
    const draws = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const mean = draws.reduce((sum, r) => sum + injectedDelayMs(1.25, () => r), 0) / draws.length;
    expect(mean).toBeCloseTo(1.25, 10);
  });
});
