import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import {
  type ArrivalPlan,
  arrivalRateAt,
  arrivalsBy,
  arrivalTimeMs,
  type LoadPlan,
  NAMED_SHAPES,
  parseArrivalRate,
  parseStages,
  planDurationMs,
  planSteps,
  resolveStages,
  scalePlan,
  targetUsersAt,
  userStartMs,
} from '../../src/engine/plan.js';

const origin = parseStages('1m:100,3m:300,5m:500,7m:700,10m:1000', 'stages');

describe('spawn plans', () => {
  const plan = { kind: 'spawn', users: 1000, spawnRate: 100 } as const;

  it('starts all 1,000 users at 100/s by 9.99 s, user 0 at t=0', () => {
    expect(userStartMs(plan, 0)).toBe(0);
    expect(userStartMs(plan, 1)).toBe(10);
    expect(userStartMs(plan, 999)).toBe(9990);
    expect(targetUsersAt(plan, 0)).toBe(1);
    expect(targetUsersAt(plan, 9)).toBe(1);
    expect(targetUsersAt(plan, 10)).toBe(2);
    expect(targetUsersAt(plan, 5000)).toBe(501);
    expect(targetUsersAt(plan, 9989)).toBe(999);
    expect(targetUsersAt(plan, 9990)).toBe(1000);
    expect(targetUsersAt(plan, 60_000)).toBe(1000);
    expect(targetUsersAt(plan, -1)).toBe(0);
  });

  it('agrees with userStartMs for every user, whatever the rate', () => {
    for (const spawnRate of [3, 7.5, 100, 333]) {
      const p = { kind: 'spawn', users: 500, spawnRate } as const;
      for (let i = 0; i < 500; i++) {
        const t = userStartMs(p, i);
        expect(targetUsersAt(p, t)).toBeGreaterThanOrEqual(i + 1);
        if (t > 0) expect(targetUsersAt(p, t - 0.001)).toBe(i);
      }
    }
  });

  it('has no planned end', () => {
    expect(planDurationMs(plan)).toBeUndefined();
  });
});

describe('parseStages', () => {
  it('parses absolute time points', () => {
    expect(origin).toEqual([
      { atMs: 60_000, target: 100 },
      { atMs: 180_000, target: 300 },
      { atMs: 300_000, target: 500 },
      { atMs: 420_000, target: 700 },
      { atMs: 600_000, target: 1000 },
    ]);
    expect(parseStages(' 30s:10 , 1m30s : 0 ', 'x')).toEqual([
      { atMs: 30_000, target: 10 },
      { atMs: 90_000, target: 0 },
    ]);
  });

  it.each([
    ['', 'empty'],
    ['1m', 'no target'],
    ['1m:-5', 'negative target'],
    ['1m:1.5', 'fractional target'],
    ['1m:10,1m:20', 'equal times'],
    ['2m:10,1m:20', 'decreasing times'],
    ['0s:10', 'a point at the origin'],
    ['1x:10', 'bad duration'],
    ['1m:10,,2m:20', 'empty part'],
  ])('rejects %j (%s) with a ConfigError naming the input', (text) => {
    expect(() => parseStages(text, '--stages')).toThrow(ConfigError);
    try {
      parseStages(text, '--stages');
    } catch (err) {
      expect((err as ConfigError).input).toBe('--stages');
      expect((err as Error).message).toContain('--stages');
      expect((err as Error).message).toContain(JSON.stringify(text));
      expect((err as Error).message).toContain('Expected');
    }
  });
});

describe('stage plans', () => {
  const plan: LoadPlan = { kind: 'stages', stages: origin };

  it('interpolates linearly from (0,0) through the points', () => {
    expect(targetUsersAt(plan, 0)).toBe(0);
    expect(targetUsersAt(plan, 30_000)).toBe(50);
    expect(targetUsersAt(plan, 60_000)).toBe(100);
    expect(targetUsersAt(plan, 120_000)).toBe(200);
    expect(targetUsersAt(plan, 150_000)).toBe(250);
    expect(targetUsersAt(plan, 510_000)).toBe(850);
    expect(targetUsersAt(plan, 600_000)).toBe(1000);
    expect(targetUsersAt(plan, 600_001)).toBe(0);
    expect(targetUsersAt(plan, 1)).toBe(0); // 0.0017 rounds to 0
    expect(targetUsersAt(plan, 300)).toBe(1); // 0.5 rounds up
  });

  it('ramps down too', () => {
    const down: LoadPlan = { kind: 'stages', stages: parseStages('10s:100,20s:0', 's') };
    expect(targetUsersAt(down, 15_000)).toBe(50);
    expect(targetUsersAt(down, 20_000)).toBe(0);
  });

  it('ends at the last point', () => {
    expect(planDurationMs(plan)).toBe(600_000);
  });

  it('samples the plan with planSteps', () => {
    expect(planSteps(plan, 60_000, 600_000).map((s) => s.value)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000,
    ]);
    expect(planSteps(plan, 60_000, 600_000)[3]).toEqual({ tMs: 180_000, value: 300 });
    expect(() => planSteps(plan, 0, 10)).toThrow(ConfigError);
  });
});

describe('named shapes', () => {
  it('has the origin ramp, its half and a smoke shape', () => {
    expect(NAMED_SHAPES['ramp-1000']).toEqual(origin);
    expect(NAMED_SHAPES['ramp-500']).toEqual(origin.map((s) => ({ atMs: s.atMs, target: s.target / 2 })));
    expect(NAMED_SHAPES.smoke).toEqual([{ atMs: 30_000, target: 10 }]);
    for (const stages of Object.values(NAMED_SHAPES)) {
      for (const s of stages) expect(Number.isInteger(s.target)).toBe(true);
    }
  });

  it('resolves a name or stage text, returning copies', () => {
    const a = resolveStages('ramp-1000', 'shape');
    a[0]!.target = 1;
    expect(NAMED_SHAPES['ramp-1000']![0]!.target).toBe(100);
    expect(resolveStages('5s:5', 'shape')).toEqual([{ atMs: 5000, target: 5 }]);
    expect(() => resolveStages('toString', 'shape')).toThrow(ConfigError);
  });
});

describe('parseArrivalRate', () => {
  it.each([
    ['50/s', 50],
    ['50', 50],
    ['3000/m', 50],
    ['10/1s', 10],
    ['10/2s', 5],
    ['5/500ms', 10],
    ['7200/h', 2],
    ['2.5/s', 2.5],
    [' 60 / 1m ', 1],
  ])('%j is %d per second', (text, rate) => {
    expect(parseArrivalRate(text, 'rate')).toBeCloseTo(rate, 12);
  });

  it.each(['', 'fast', '0/s', '0', '-5/s', '50/x', '50/0s', '50 per s'])('rejects %j', (text) => {
    expect(() => parseArrivalRate(text, '--arrival-rate')).toThrow(
      /--arrival-rate.*Expected a positive arrival rate/,
    );
  });
});

describe('arrival plans', () => {
  const constant: ArrivalPlan = { kind: 'arrival', rate: 10, maxUsers: 100, durationMs: 5000 };
  const ramp: ArrivalPlan = {
    kind: 'arrival',
    rate: 0,
    maxUsers: 500,
    stages: parseStages('10s:100,20s:100,30s:20', 'stages'),
  };

  it('constant rate: arrival n at n/rate, none from the end on', () => {
    expect(arrivalTimeMs(constant, 0)).toBe(0);
    expect(arrivalTimeMs(constant, 1)).toBeCloseTo(100, 9);
    expect(arrivalTimeMs(constant, 49)).toBeCloseTo(4900, 9);
    expect(arrivalTimeMs(constant, 50)).toBeUndefined();
    expect(arrivalsBy(constant, 2500)).toBeCloseTo(25, 9);
    expect(arrivalsBy(constant, 99_000)).toBeCloseTo(50, 9);
    expect(arrivalRateAt(constant, 4999)).toBe(10);
    expect(arrivalRateAt(constant, 5000)).toBe(0);
    expect(planDurationMs(constant)).toBe(5000);
    expect(targetUsersAt(constant, 10)).toBe(100);
    expect(targetUsersAt(constant, 5000)).toBe(0);
  });

  it('constant rate without a duration never ends', () => {
    const open: ArrivalPlan = { kind: 'arrival', rate: 4, maxUsers: 10 };
    expect(planDurationMs(open)).toBeUndefined();
    expect(arrivalTimeMs(open, 1_000_000)).toBeCloseTo(250_000_000, 3);
  });

  it('integrates a linear ramp (piecewise quadratic)', () => {
    expect(arrivalRateAt(ramp, 5000)).toBe(50);
    expect(arrivalRateAt(ramp, 25_000)).toBe(60);
    // 0->100/s over 10 s: 500 arrivals; then 100/s for 10 s: 1000; then 100->20 over 10 s: 600.
    expect(arrivalsBy(ramp, 5000)).toBeCloseTo(125, 9);
    expect(arrivalsBy(ramp, 10_000)).toBeCloseTo(500, 9);
    expect(arrivalsBy(ramp, 20_000)).toBeCloseTo(1500, 9);
    expect(arrivalsBy(ramp, 30_000)).toBeCloseTo(2100, 9);
    expect(arrivalsBy(ramp, 40_000)).toBeCloseTo(2100, 9);
    expect(arrivalTimeMs(ramp, 125)).toBeCloseTo(5000, 6);
    expect(arrivalTimeMs(ramp, 0)).toBe(0);
    expect(arrivalTimeMs(ramp, 2099)).toBeLessThan(30_000);
    expect(arrivalTimeMs(ramp, 2100)).toBeUndefined();
  });

  it('arrivalTimeMs is the exact inverse of arrivalsBy', () => {
    for (let n = 0; n < 2100; n += 7) {
      const t = arrivalTimeMs(ramp, n)!;
      expect(arrivalsBy(ramp, t)).toBeCloseTo(n, 6);
      if (n > 0) expect(t).toBeGreaterThan(arrivalTimeMs(ramp, n - 7)!);
    }
    for (let t = 1; t < 30_000; t += 997) {
      expect(arrivalTimeMs(ramp, arrivalsBy(ramp, t))!).toBeCloseTo(t, 6);
    }
  });

  it('holds the last stage rate up to a later durationMs, and cuts at an earlier one', () => {
    const longer: ArrivalPlan = { ...ramp, durationMs: 40_000 };
    expect(arrivalRateAt(longer, 35_000)).toBe(20);
    expect(arrivalsBy(longer, 40_000)).toBeCloseTo(2300, 9);
    const shorter: ArrivalPlan = { ...ramp, durationMs: 5000 };
    expect(arrivalsBy(shorter, 10_000)).toBeCloseTo(125, 9);
    expect(arrivalTimeMs(shorter, 124)).toBeLessThan(5000);
    expect(arrivalTimeMs(shorter, 125)).toBeUndefined();
  });

  it('handles a rate that reaches zero inside the plan', () => {
    const down: ArrivalPlan = {
      kind: 'arrival',
      rate: 0,
      maxUsers: 1,
      stages: parseStages('10s:10,20s:0', 's'),
    };
    expect(arrivalsBy(down, 20_000)).toBeCloseTo(100, 9);
    expect(arrivalTimeMs(down, 99)).toBeCloseTo(20_000 - Math.sqrt(2) * 1000, 6);
    expect(arrivalTimeMs(down, 100)).toBeUndefined();
  });
});

describe('scalePlan', () => {
  it('splits spawn users with the remainder to the first shards, dividing the rate', () => {
    const plan: LoadPlan = { kind: 'spawn', users: 1000, spawnRate: 100 };
    const shares = [0, 1, 2].map((k) => scalePlan(plan, k, 3));
    expect(shares.map((s) => (s.kind === 'spawn' ? s.users : -1))).toEqual([334, 333, 333]);
    expect(shares.map((s) => (s.kind === 'spawn' ? s.spawnRate : -1)).reduce((a, b) => a + b)).toBeCloseTo(
      100,
      9,
    );
  });

  it('splits stage targets so that they sum to the whole at every point', () => {
    const plan: LoadPlan = { kind: 'stages', stages: parseStages('1m:7,2m:10', 's') };
    const shares = [0, 1, 2, 3].map((k) => scalePlan(plan, k, 4));
    for (const t of [60_000, 120_000]) {
      expect(shares.map((s) => targetUsersAt(s, t)).reduce((a, b) => a + b)).toBe(targetUsersAt(plan, t));
    }
    expect(shares[0]).toEqual({
      kind: 'stages',
      stages: [
        { atMs: 60_000, target: 2 },
        { atMs: 120_000, target: 3 },
      ],
    });
    expect(shares[3]).toEqual({
      kind: 'stages',
      stages: [
        { atMs: 60_000, target: 1 },
        { atMs: 120_000, target: 2 },
      ],
    });
  });

  it('divides arrival rates so the arrivals sum to the whole', () => {
    const plan: ArrivalPlan = {
      kind: 'arrival',
      rate: 0,
      maxUsers: 101,
      stages: parseStages('10s:100,20s:30', 's'),
    };
    const shares = [0, 1, 2].map((k) => scalePlan(plan, k, 3) as ArrivalPlan);
    expect(shares.map((s) => s.maxUsers)).toEqual([34, 34, 33]);
    const total = shares.map((s) => arrivalsBy(s, 20_000)).reduce((a, b) => a + b);
    expect(total).toBeCloseTo(arrivalsBy(plan, 20_000), 9);
    expect(scalePlan({ kind: 'arrival', rate: 90, maxUsers: 9, durationMs: 1000 }, 1, 3)).toEqual({
      kind: 'arrival',
      rate: 30,
      maxUsers: 3,
      durationMs: 1000,
    });
  });

  it('rejects a bad shard', () => {
    const plan: LoadPlan = { kind: 'spawn', users: 10, spawnRate: 1 };
    expect(() => scalePlan(plan, 3, 3)).toThrow(ConfigError);
    expect(() => scalePlan(plan, -1, 3)).toThrow(ConfigError);
    expect(() => scalePlan(plan, 0, 0)).toThrow(ConfigError);
    expect(scalePlan(plan, 0, 1)).toEqual(plan);
  });
});
