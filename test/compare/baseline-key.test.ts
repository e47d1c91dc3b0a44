import { describe, expect, it } from 'vitest';
import { defaultBaselineKey, isSafeBaselineKey, sanitizeKeyPart } from '../../src/compare/baseline-key.js';
import { NAMED_SHAPES, parseStages } from '../../src/engine/plan.js';

const spawn = (users: number) => ({ kind: 'spawn' as const, users, spawnRate: 50 });

describe('defaultBaselineKey', () => {
  it('names spawn plans by their users, and iterations when not the default', () => {
    expect(defaultBaselineKey({ plan: spawn(500), iterations: 1 })).toBe('users-500');
    expect(defaultBaselineKey({ plan: spawn(1000), iterations: 1 })).toBe('users-1000');
    expect(defaultBaselineKey({ plan: spawn(500), iterations: 3 })).toBe('users-500-x3');
    expect(defaultBaselineKey({ plan: spawn(500), iterations: 0 })).toBe('users-500-loop');
  });

  it('names shapes by name, or by a stable hash of their stages', () => {
    const stages = NAMED_SHAPES['ramp-1000']!;
    expect(defaultBaselineKey({ plan: { kind: 'stages', stages }, iterations: 0, shape: 'ramp-1000' })).toBe(
      'shape-ramp-1000',
    );
    const a = defaultBaselineKey({
      plan: { kind: 'stages', stages: parseStages('1m:100,2m:200', 's') },
      iterations: 0,
    });
    const again = defaultBaselineKey({
      plan: { kind: 'stages', stages: parseStages('60s:100,120s:200', 's') },
      iterations: 0,
    });
    const b = defaultBaselineKey({
      plan: { kind: 'stages', stages: parseStages('1m:100,2m:300', 's') },
      iterations: 0,
    });
    expect(a).toMatch(/^shape-[0-9a-f]{8}$/);
    expect(again).toBe(a);
    expect(b).not.toBe(a);
    expect(defaultBaselineKey({ plan: { kind: 'stages', stages }, iterations: 2, shape: 'ramp-1000' })).toBe(
      'shape-ramp-1000-x2',
    );
  });

  it('names arrival plans by their rate or shape', () => {
    const arrival = (rate: number) => ({ kind: 'arrival' as const, rate, maxUsers: 500, durationMs: 60_000 });
    expect(defaultBaselineKey({ plan: arrival(50), iterations: 1 })).toBe('arrival-50ps');
    expect(defaultBaselineKey({ plan: arrival(0.5), iterations: 1 })).toBe('arrival-0.5ps');
    expect(defaultBaselineKey({ plan: arrival(100 / 3), iterations: 1 })).toBe('arrival-33.333ps');
    const shaped = { kind: 'arrival' as const, rate: 0, stages: NAMED_SHAPES['ramp-500']!, maxUsers: 500 };
    expect(defaultBaselineKey({ plan: shaped, iterations: 1, shape: 'ramp-500' })).toBe(
      'arrival-shape-ramp-500',
    );
  });

  it('prefixes the scenario file name', () => {
    expect(
      defaultBaselineKey({ plan: spawn(500), iterations: 1, scenarioFile: 'scenarios/flash-sale.yaml' }),
    ).toBe('flash-sale-users-500');
    expect(
      defaultBaselineKey({ plan: spawn(500), iterations: 1, scenarioFile: 'C:\\x\\Flash Sale!.yml' }),
    ).toBe('flash-sale-users-500');
  });

  it('always gives a safe file name', () => {
    const hostile = [
      '../../etc/passwd',
      '.hidden.yaml',
      'a/b/..yaml',
      '<script>.yaml',
      `${'very-long-name-'.repeat(20)}.yaml`,
      'ü∂ƒ©.yaml',
    ];
    for (const scenarioFile of hostile) {
      const key = defaultBaselineKey({ plan: spawn(500), iterations: 1, scenarioFile });
      expect(isSafeBaselineKey(key), key).toBe(true);
      expect(key.endsWith('users-500') || key.length <= 100).toBe(true);
    }
    const long = defaultBaselineKey({
      plan: spawn(500),
      iterations: 1,
      scenarioFile: `${'x'.repeat(300)}.yaml`,
    });
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^x+-[0-9a-f]{8}$/);
  });
});

describe('isSafeBaselineKey and sanitizeKeyPart', () => {
  it('accepts plain names only', () => {
    for (const ok of ['users-500', 'shape-ramp-1000', 'arrival-0.5ps', 'A_b.c-1'])
      expect(isSafeBaselineKey(ok)).toBe(true);
    for (const bad of ['', '.x', '-x', 'a/b', 'a..b', 'a b', 'x'.repeat(101), '..'])
      expect(isSafeBaselineKey(bad)).toBe(false);
  });

  it('makes text into a key part', () => {
    expect(sanitizeKeyPart('  Flash Sale!! 2024 ')).toBe('flash-sale-2024');
    expect(sanitizeKeyPart('../..')).toBe('');
  });
});
