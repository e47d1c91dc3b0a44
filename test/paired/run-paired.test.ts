import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GATE_METRICS } from '../../src/compare/gate-metrics.js';
import type { Side } from '../../src/compare/round-schedule.js';
import { nextStep, roundOrder, roundOrderOf, sideOfRound } from '../../src/compare/round-schedule.js';
import type { Logger } from '../../src/core/logger.js';
import { runPairedGate } from '../../src/paired/paired-gate.js';
import { RoundFailedError } from '../../src/paired/round-error.js';
import { type RoundRunner, runPaired } from '../../src/paired/run-paired.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { makeRun } from '../compare/fixtures.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, group: (_t, fn) => fn() };
const judge = { gateMetrics: DEFAULT_GATE_METRICS, tolerance: 0.1, successTolerance: 0.01 };
/** A draw that puts the base first in every block: rounds A B B A A B B A ... */
const baseFirst = () => 0;

/** The draws of `values`, in turn (a block draws once, at its first round). */
function draws(...values: number[]): () => number {
  let i = 0;
  return () => {
    const v = values[i++];
    if (v === undefined) throw new Error('more draws than blocks');
    return v;
  };
}

/**
 * A round runner over canned results: order latency per side, with a little alternating jitter,
 * and the head's first `headFailedOrders` orders of each round failed.
 */
function cannedRunner(
  orderMs: Record<Side, number>,
  jitter = 0.02,
  headFailedOrders = 0,
): RoundRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(side, round) {
      calls.push(`${round}:${side}`);
      const ms = orderMs[side] * (1 + (round % 3 === 0 ? jitter : -jitter));
      return makeRun({ orderMs: ms, n: 400, failedOrders: side === 'head' ? headFailedOrders : 0 });
    },
  };
}

/** runPaired between `minRounds` and `maxRounds`, each block's order from `random`. */
const paired = (runner: RoundRunner, minRounds: number, maxRounds: number, random = baseFirst) =>
  runPaired(runner, silent, { policy: { minRounds, maxRounds }, judge, random });

describe('the round schedule', () => {
  it('runs blocks of two mirrored pairs, A B B A or B A A B, each block drawn once', () => {
    expect(roundOrder(8, draws(0.2, 0.7))).toEqual([
      'base',
      'head',
      'head',
      'base',
      'head',
      'base',
      'base',
      'head',
    ]);
    expect(roundOrder(4, draws(0.5))).toEqual(['head', 'base', 'base', 'head']);
    expect(sideOfRound(10, 'base')).toBe('head');
    expect(sideOfRound(11, 'head')).toBe('head');
    // Asked round by round, an order draws a block only when the block's first round comes.
    const order = roundOrderOf(draws(0.9, 0.1));
    expect([0, 1, 2, 3].map(order)).toEqual(['head', 'base', 'base', 'head']);
    expect(order(4)).toBe('base');
  });

  it('draws each block: over many runs, every round is the base about half the time', () => {
    const counts = Array.from({ length: 8 }, () => 0);
    for (let run = 0; run < 2_000; run++) {
      for (const [i, side] of roundOrder(8).entries()) if (side === 'base') counts[i]! += 1;
    }
    // Binomial(2000, 0.5): sd 22; 900..1100 is 4.5 sd either side.
    for (const c of counts) expect(c).toBeGreaterThan(900);
    for (const c of counts) expect(c).toBeLessThan(1_100);
    // ... and a block is always balanced: two rounds of each build.
    for (let run = 0; run < 100; run++) {
      const sides = roundOrder(4);
      expect(sides.filter((s) => s === 'base')).toHaveLength(2);
      expect(sides[0]).not.toBe(sides[1]);
    }
  });

  it('stops at min rounds when decided, runs on while open, and stops at max rounds or the budget', () => {
    const policy = { minRounds: 6, maxRounds: 10, timeBudgetMs: 100_000 };
    const step = (roundsDone: number, elapsedMs: number, openMetrics: number, regressedMetrics: number) =>
      nextStep({ roundsDone, elapsedMs, openMetrics, regressedMetrics }, policy);
    const go = { stop: false };
    expect(step(4, 1, 0, 0)).toEqual(go);
    expect(step(6, 1, 0, 0)).toEqual({ stop: true, reason: 'decided' });
    expect(step(7, 1, 0, 0)).toEqual(go);
    expect(step(6, 1, 1, 0)).toEqual(go);
    // A regression decides the step whatever the metrics still open become.
    expect(step(6, 1, 1, 1)).toEqual({ stop: true, reason: 'decided' });
    expect(step(4, 1, 1, 1)).toEqual(go);
    expect(step(10, 1, 1, 0)).toEqual({ stop: true, reason: 'max-rounds' });
    // 3 pairs took 60 s: a 4th (20 s more) would end at 80 s, a 5th could not fit.
    expect(step(6, 60_000, 1, 0)).toEqual(go);
    expect(step(8, 85_000, 1, 0)).toEqual({ stop: true, reason: 'time-budget' });
    // The same 60 s, but one pair took 45 s: the next could as well, and would end at 105 s.
    const slowPair = { roundsDone: 6, elapsedMs: 60_000, openMetrics: 1, regressedMetrics: 0 };
    expect(nextStep({ ...slowPair, longestPairMs: 45_000 }, policy)).toEqual({
      stop: true,
      reason: 'time-budget',
    });
    expect(nextStep({ ...slowPair, longestPairMs: 15_000 }, policy)).toEqual(go);
  });
});

describe('runPaired', () => {
  it('runs the rounds in the drawn order and finds a steady +30% slowdown at the minimum rounds', async () => {
    const runner = cannedRunner({ base: 100, head: 130 });
    const out = await paired(runner, 6, 12, draws(0.1, 0.8));
    expect(runner.calls).toEqual(['1:base', '2:head', '3:head', '4:base', '5:head', '6:base']);
    expect(out.stoppedBy).toBe('decided');
    const p95 = out.judgement.metrics.find((m) => m.metric === 'order.p95')!;
    expect(p95.verdict).toBe('regressed');
    expect(p95.change!.estimate).toBeGreaterThan(0.25);
    expect(out.judgement.regressions).toEqual(['order.p95']);
  });

  it('samples more pairs while the answer is open, up to max rounds', async () => {
    // +10% exactly at the tolerance edge with jitter: never decided.
    const runner = cannedRunner({ base: 100, head: 110 }, 0.08);
    const out = await paired(runner, 4, 8);
    expect(out.rounds).toHaveLength(8);
    expect(out.stoppedBy).toBe('max-rounds');
    expect(out.judgement.inconclusive).toContain('order.p95');
  });

  it('paces the time budget by the slowest pair: no 4th pair after one of three took 45 s', async () => {
    // Pairs of 15 s, 15 s and 45 s: 60 s so far. At the mean pace (20 s) a 4th would end at 80 s,
    // inside the 100 s budget; at the slowest pair's it could end at 105 s.
    const seconds = [7.5, 7.5, 7.5, 7.5, 40, 5, 7.5, 7.5, 7.5, 7.5];
    let clock = 0;
    const canned = cannedRunner({ base: 100, head: 110 }, 0.08);
    const runner: RoundRunner = {
      async run(side, round) {
        clock += seconds[round - 1]! * 1000;
        return canned.run(side, round);
      },
    };
    const out = await runPaired(runner, silent, {
      policy: { minRounds: 6, maxRounds: 10, timeBudgetMs: 100_000 },
      judge,
      random: baseFirst,
      now: () => clock,
    });
    expect(out.rounds.map((r) => r.durationMs)).toEqual([7500, 7500, 7500, 7500, 40_000, 5000]);
    expect(out.stoppedBy).toBe('time-budget');
  });

  it('stops at the minimum rounds once a gated metric regressed, though another is still open', async () => {
    // Head: 10% of its orders fail (success rate regressed, on its counts); its order p95 sits at
    // the tolerance edge with jitter (open for ever, as the test above shows).
    const out = await paired(cannedRunner({ base: 100, head: 110 }, 0.08, 40), 6, 12);
    expect(out.rounds).toHaveLength(6);
    expect(out.stoppedBy).toBe('decided');
    expect(out.judgement.regressions).toEqual(['success_rate']);
    expect(out.judgement.inconclusive).toEqual(['order.p95']);
  });

  it('a round that throws ends the comparison with an error naming the build and the round', async () => {
    const runner: RoundRunner = {
      async run(side, round) {
        if (side === 'head' && round === 3) throw new Error('connection refused');
        return makeRun({ orderMs: 100 });
      },
    };
    const err = await paired(runner, 6, 6).catch((e) => e);
    expect(err).toBeInstanceOf(RoundFailedError);
    expect(err.side).toBe('head');
    expect(err.round).toBe(3);
    expect(err.message).toBe('Round 3 (the head build): connection refused');
  });
});

describe('a base build that fails to start (real start commands)', () => {
  it('is an error that says it was the base, and no head round is started after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-paired-'));
    const marker = join(dir, 'head-started');
    const err = await runPairedGate(
      {
        run: resolveRunSettings({ target: 'http://127.0.0.1:9', users: '1', progress: 'off' }),
        readyPath: '/health',
        readyTimeoutMs: 10_000,
        reportDir: dir,
        base: { start: 'echo "base: cannot bind" >&2; exit 3' },
        head: { start: `touch "${marker}"; sleep 30` },
        policy: { minRounds: 4, maxRounds: 4 },
        judge,
        failOnInconclusive: false,
        warmUp: 'auto',
      },
      silent,
      { random: baseFirst },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(RoundFailedError);
    expect(err.code).toBe('OLG_ERR_TARGET_NOT_READY');
    expect(err.side).toBe('base');
    expect(err.message).toMatch(/^Round 1 \(the base build\): The target's start command exited \(code 3\)/);
    expect(await readFile(join(dir, 'rounds', 'round-01-base.log'), 'utf8')).toContain('base: cannot bind');
    await expect(readFile(marker)).rejects.toThrow();
  });
});
