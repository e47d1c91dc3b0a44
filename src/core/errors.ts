/**
 * Typed errors with a stable `code`, in undici's style. Two outcomes matter to callers:
 * - the gate ran and found a problem (a threshold, a regression, an integrity violation): exit 1;
 * - the run could not be done (bad config, target down, seed data missing): exit 2.
 * Every error here belongs to the second kind; gate failures are results, not exceptions.
 */
export type ErrorCode =
  | 'OLG_ERR_CONFIG'
  | 'OLG_ERR_SCENARIO'
  | 'OLG_ERR_TARGET_UNAVAILABLE'
  | 'OLG_ERR_SEED_MISSING'
  | 'OLG_ERR_SEED_FAILED'
  | 'OLG_ERR_THRESHOLD_SYNTAX'
  /** A results file (or a shard's) that cannot be read, validated or merged. */
  | 'OLG_ERR_RESULTS'
  /** The baseline history: a baseline file or branch that cannot be read, parsed or written. */
  | 'OLG_ERR_BASELINE'
  /** A GitHub API call that failed for another reason than the token's rights (rate limit, 5xx, ...). */
  | 'OLG_ERR_GITHUB'
  | 'OLG_ERR_INTERNAL';

export class GateError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GateError';
    this.code = code;
  }
}

/** A bad setting: names the input, the bad value and what is expected (actions/checkout's style). */
export class ConfigError extends GateError {
  readonly input: string;
  constructor(input: string, value: unknown, expected: string) {
    super('OLG_ERR_CONFIG', `Invalid value for ${input}: ${JSON.stringify(value)}. Expected ${expected}.`);
    this.name = 'ConfigError';
    this.input = input;
  }
}

/**
 * Bad command-line arguments (an unknown option, a missing value): names the command and says
 * where its options are listed. Code OLG_ERR_CONFIG, as every bad input.
 */
export class UsageError extends GateError {
  readonly command: string;
  constructor(command: string, reason: string) {
    super(
      'OLG_ERR_CONFIG',
      `order-load-gate ${command}: ${reason}. See "order-load-gate ${command} --help".`,
    );
    this.name = 'UsageError';
    this.command = command;
  }
}

/** A scenario file that does not validate: names the file, the field path and what was expected. */
export class ScenarioError extends GateError {
  constructor(file: string, path: string, expected: string) {
    super('OLG_ERR_SCENARIO', `${file}: at ${path || '(root)'}: ${expected}`);
    this.name = 'ScenarioError';
  }
}

export class TargetUnavailableError extends GateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OLG_ERR_TARGET_UNAVAILABLE', message, options);
    this.name = 'TargetUnavailableError';
  }
}

export class SeedMissingError extends GateError {
  constructor(message: string) {
    super('OLG_ERR_SEED_MISSING', message);
    this.name = 'SeedMissingError';
  }
}

export class SeedFailedError extends GateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('OLG_ERR_SEED_FAILED', message, options);
    this.name = 'SeedFailedError';
  }
}

export class ThresholdSyntaxError extends GateError {
  constructor(expression: string, expected: string) {
    super('OLG_ERR_THRESHOLD_SYNTAX', `Invalid threshold ${JSON.stringify(expression)}: ${expected}`);
    this.name = 'ThresholdSyntaxError';
  }
}

/** Exit codes shared by the CLI and the action's `result` output. */
export const ExitCode = { pass: 0, fail: 1, error: 2 } as const;
