/**
 * The comparison's settings, from the action's inputs or the CLI's flags (both hand over
 * strings under these keys; `name` turns a key into what the user typed for errors).
 */
import { DEFAULT_SUCCESS_TOLERANCE, parseGateMetrics } from '../compare/gate-metrics.js';
import type { JudgeOptions } from '../compare/judgement.js';
import { DEFAULT_ROUND_POLICY, type RoundPolicy } from '../compare/round-schedule.js';
import { DEFAULT_TOLERANCE, parseTolerance } from '../compare/tolerance.js';
import { parseDuration } from '../core/duration.js';
import { ConfigError } from '../core/errors.js';
import { parseBoolean, parseIntInRange } from '../settings/parse-values.js';

export interface RawCompareInputs {
  minRounds?: string;
  maxRounds?: string;
  timeBudget?: string;
  gateMetrics?: string;
  tolerance?: string;
  successTolerance?: string;
  failOnInconclusive?: string;
  /** Unmeasured order flows at the start of every round: a count, or auto. */
  warmup?: string;
}

export type CompareInputKey = keyof RawCompareInputs;

export interface CompareSettings {
  policy: RoundPolicy;
  judge: JudgeOptions;
  /** Whether an inconclusive gated metric fails the step (default: no). */
  failOnInconclusive: boolean;
  /** Warm-up flows per round (src/load/warm-up.ts); auto: two per user, for at most 50 users. */
  warmUp: number | 'auto';
}

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export function resolveCompareSettings(
  raw: RawCompareInputs,
  name: (key: CompareInputKey) => string,
): CompareSettings {
  const minRounds = present(raw.minRounds)
    ? parseIntInRange(raw.minRounds, name('minRounds'), 4, 200)
    : DEFAULT_ROUND_POLICY.minRounds;
  const maxRounds = present(raw.maxRounds)
    ? parseIntInRange(raw.maxRounds, name('maxRounds'), 4, 200)
    : Math.max(DEFAULT_ROUND_POLICY.maxRounds, minRounds);
  for (const [key, v] of [
    ['minRounds', minRounds],
    ['maxRounds', maxRounds],
  ] as const) {
    if (v % 2 !== 0)
      throw new ConfigError(
        name(key),
        String(v),
        'an even number of rounds (rounds come in base/head pairs)',
      );
  }
  if (maxRounds < minRounds) {
    throw new ConfigError(
      name('maxRounds'),
      String(maxRounds),
      `at least ${name('minRounds')} (${minRounds})`,
    );
  }
  const timeBudgetMs = present(raw.timeBudget)
    ? raw.timeBudget.trim() === '0'
      ? undefined
      : parseDuration(raw.timeBudget, name('timeBudget'))
    : DEFAULT_ROUND_POLICY.timeBudgetMs;
  return {
    policy: { minRounds, maxRounds, ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}) },
    judge: {
      gateMetrics: parseGateMetrics(raw.gateMetrics, name('gateMetrics')),
      tolerance: present(raw.tolerance)
        ? parseTolerance(raw.tolerance, name('tolerance'))
        : DEFAULT_TOLERANCE,
      successTolerance: present(raw.successTolerance)
        ? parseTolerance(raw.successTolerance, name('successTolerance'))
        : DEFAULT_SUCCESS_TOLERANCE,
    },
    failOnInconclusive: present(raw.failOnInconclusive)
      ? parseBoolean(raw.failOnInconclusive, name('failOnInconclusive'))
      : false,
    warmUp:
      !present(raw.warmup) || raw.warmup.trim() === 'auto'
        ? 'auto'
        : parseIntInRange(raw.warmup, name('warmup'), 0, 100_000),
  };
}
