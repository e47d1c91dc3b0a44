/**
 * The run's own verdict, before any baseline: pass, fail (a threshold or an integrity violation)
 * or error (the run could not be judged). No silent pass: a run whose target stopped answering is
 * an error whatever the thresholds say, and so is a run stopped from outside.
 *
 * "Stopped answering" means either of:
 * - more than NO_ANSWER_SHARE of the requests (those not aborted at the stop) got no answer at all:
 *   connection refused, connection reset, or the total per-request deadline (--timeout) passed;
 * - order requests were sent but not one of them was answered;
 * - no flow completed at all, and flows were cut off at the stop (too slow to finish one).
 */

import { type ErrorCode, ExitCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { RunResults } from './results.js';

/** The documented share of unanswered requests past which the target is taken for dead. */
export const NO_ANSWER_SHARE = 0.5;

const NO_ANSWER_KINDS = ['connection_refused', 'connection_reset', 'timeout'] as const;
const REQUEST_STEPS = ['login', 'products', 'cart', 'order'] as const;

export type RunResult = 'pass' | 'fail' | 'error';

export interface RunVerdict {
  result: RunResult;
  /** For an error: its stable code. */
  code?: ErrorCode;
  /** For an error: one sentence saying what happened. */
  reason?: string;
}

export interface VerdictInput {
  /** The run was stopped from outside (the signal's name or "stopped"). */
  interrupted?: string;
  /** Every threshold held and the integrity check found no violation. */
  gatePassed: boolean;
}

function noAnswerCounts(results: RunResults, steps: readonly (typeof REQUEST_STEPS)[number][]) {
  let sent = 0;
  let unanswered = 0;
  const byKind: Record<string, number> = {};
  for (const step of steps) {
    const s = results.steps[step];
    sent += s.count - (s.errors.aborted ?? 0);
    for (const kind of NO_ANSWER_KINDS) {
      const n = s.errors[kind] ?? 0;
      unanswered += n;
      if (n > 0) byKind[kind] = (byKind[kind] ?? 0) + n;
    }
  }
  return { sent, unanswered, byKind };
}

const describeKinds = (byKind: Record<string, number>) =>
  Object.entries(byKind)
    .map(([kind, n]) => `${kind.replace(/_/g, ' ')} ${n}`)
    .join(', ');

/** Why the target is taken for dead, or undefined when it answered. */
export function targetStoppedAnswering(results: RunResults): string | undefined {
  const all = noAnswerCounts(results, REQUEST_STEPS);
  if (all.sent > 0 && all.unanswered / all.sent > NO_ANSWER_SHARE) {
    const pct = ((100 * all.unanswered) / all.sent).toFixed(1);
    return (
      `the target stopped answering: ${all.unanswered} of ${all.sent} requests (${pct}%, more than ` +
      `${NO_ANSWER_SHARE * 100}%) got no answer (${describeKinds(all.byKind)})`
    );
  }
  const cutOff = results.iterations?.cutOff ?? 0;
  if (results.steps.flow.count === 0 && cutOff > 0) {
    return `the target stopped answering: no flow completed, ${cutOff} were cut off at the stop still waiting for it`;
  }
  const orders = noAnswerCounts(results, ['order']);
  if (orders.sent > 0 && orders.unanswered === orders.sent) {
    return (
      `the target stopped answering: none of the ${orders.sent} order requests was answered ` +
      `(${describeKinds(orders.byKind)})`
    );
  }
  return undefined;
}

export function judgeRun(results: RunResults, input: VerdictInput): RunVerdict {
  if (input.interrupted !== undefined) {
    return {
      result: 'error',
      code: 'OLG_ERR_INTERRUPTED',
      reason: `the run was interrupted (${input.interrupted}) before its end: its figures are partial and not judged`,
    };
  }
  const dead = targetStoppedAnswering(results);
  if (dead) return { result: 'error', code: 'OLG_ERR_TARGET_DIED', reason: dead };
  return { result: input.gatePassed ? 'pass' : 'fail' };
}

/** The CLI's exit code for a verdict (0 pass, 1 fail, 2 error); an error is said with its code. */
export function reportVerdict(verdict: RunVerdict, logger: Logger): number {
  if (verdict.result === 'error')
    logger.error(`${verdict.reason ?? 'the run could not be judged'} [${verdict.code}]`);
  return ExitCode[verdict.result];
}

/** Judges the run (judgeRun) and writes the verdict into `results.outcome`, as the JSON carries it. */
export function stampVerdict(results: RunResults, input: VerdictInput): RunVerdict {
  const verdict = judgeRun(results, input);
  results.outcome = {
    result: verdict.result,
    ...(verdict.code ? { code: verdict.code, reason: verdict.reason } : {}),
  };
  return verdict;
}
