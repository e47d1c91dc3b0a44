import type { Side } from '../compare/round-schedule.js';
import { type ErrorCode, GateError } from '../core/errors.js';

/**
 * A paired round that could not be done: names the build (base or head) and the round, keeps
 * the cause's code (a start command that exits is OLG_ERR_TARGET_UNAVAILABLE, and so on).
 */
export class RoundFailedError extends GateError {
  readonly side: Side;
  readonly round: number;
  constructor(side: Side, round: number, cause: unknown) {
    const code: ErrorCode = cause instanceof GateError ? cause.code : 'OLG_ERR_INTERNAL';
    const what = side === 'base' ? 'the base build' : 'the head build';
    super(code, `Round ${round} (${what}): ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'RoundFailedError';
    this.side = side;
    this.round = round;
  }
}
