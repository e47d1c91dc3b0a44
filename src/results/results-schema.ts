/**
 * Reading results files back (merge, baselines, the UI): the zod schema of RunResults and
 * parseResults(). Apart from results.ts so that a run, which only writes results, loads no zod.
 */
import { z } from 'zod';
import { GateError } from '../core/errors.js';
import { METRIC_STEPS } from '../engine/recorder.js';
import { integrityReportSchema } from './integrity-schema.js';
import { decodeStepHistogram, RESULTS_SCHEMA_VERSION, type RunResults, TOOL_NAME } from './results.js';

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
const counts = z.record(z.string(), count);

const latencySchema = z.object({ min: ms, mean: ms, p50: ms, p90: ms, p95: ms, p99: ms, max: ms });

const stepSchema = z.object({
  count,
  failures: count,
  failureRate: z.number().min(0).max(1),
  rps: ms,
  errors: counts,
  statusCodes: counts,
  latencyMs: latencySchema,
  histogram: z.string(),
});

const errorKindSchema = z.enum([
  'connection_refused',
  'connection_reset',
  'timeout',
  'http_4xx',
  'http_5xx',
  'out_of_stock',
  'invalid_response',
  'aborted',
  'other',
]);
const stepNameSchema = z.enum(['login', 'products', 'cart', 'order']);

const resultsSchema = z.object({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  tool: z.object({ name: z.string(), version: z.string() }),
  target: z.string(),
  settings: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: ms,
  interrupted: z.string().optional(),
  shard: z.object({ index: count, count: z.number().int().positive() }).optional(),
  orders: z.object({ attempted: count, succeeded: count, failed: count, outOfStock: count }),
  cart: z.object({ failed: count }),
  login: z.object({ failed: count }),
  noOrder: z.object({ soldOut: count, cartFailed: count, loginFailed: count, productsFailed: count }),
  successRate: z.number().min(0).max(1),
  rps: ms,
  iterations: z.object({ completed: count, dropped: count, late: count, cutOff: count.optional() }),
  outcome: z
    .object({
      result: z.enum(['pass', 'fail', 'error']),
      code: z.string().optional(),
      reason: z.string().optional(),
    })
    .optional(),
  steps: z.object({
    login: stepSchema,
    products: stepSchema,
    cart: stepSchema,
    order: stepSchema,
    flow: stepSchema,
  }),
  flowSteps: z.array(stepSchema.extend({ name: z.string(), phase: stepNameSchema })).optional(),
  timeline: z.array(
    z.object({
      t: count,
      users: count,
      requests: count,
      failures: count,
      ordersSucceeded: count,
      p50: ms,
      p95: ms,
    }),
  ),
  warnings: z.array(z.string()),
  errorSamples: z.array(
    z.object({
      step: stepNameSchema,
      name: z.string().optional(),
      kind: errorKindSchema,
      status: count,
      detail: z.string(),
      count,
    }),
  ),
  ledger: z.array(
    z.object({
      orderId: z.string(),
      userIndex: count,
      items: z.array(z.object({ productId: z.string(), quantity: z.number().int().positive() })),
    }),
  ),
  integrity: integrityReportSchema.optional(),
}) satisfies z.ZodType<RunResults>;

function describePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path)
    out += typeof part === 'number' ? `[${part}]` : out ? `.${String(part)}` : String(part);
  return out || '(root)';
}

/**
 * What every versioned file of ours (results, baselines) is first checked for: a JSON object with
 * the schemaVersion this version reads, then `schema`. Throws a GateError (OLG_ERR_RESULTS) naming
 * `source` and the first wrong field, or the unsupported schemaVersion.
 */
export function parseVersioned<T>(
  json: unknown,
  source: string,
  kind: 'results' | 'baseline',
  schemaVersion: number,
  schema: z.ZodType<T>,
): T {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new GateError('OLG_ERR_RESULTS', `${source}: not a ${kind} file (expected a JSON object)`);
  }
  const version = (json as { schemaVersion?: unknown }).schemaVersion;
  if (version !== schemaVersion) {
    throw new GateError(
      'OLG_ERR_RESULTS',
      version === undefined
        ? `${source}: not a ${kind} file (no schemaVersion)`
        : `${source}: unsupported ${kind} schemaVersion ${JSON.stringify(version)} (this version of ${TOOL_NAME} reads ${schemaVersion})`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GateError(
      'OLG_ERR_RESULTS',
      `${source}: invalid ${kind} at ${issue ? describePath(issue.path) : '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * A version 1 file (stored baselines) read as version 2: its flows without an order are known only
 * as cart and login failures; its orders.attempted counted every flow, which stays as it was.
 */
function upgradeV1(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const v1 = json as { schemaVersion?: unknown; cart?: { failed?: unknown }; login?: { failed?: unknown } };
  if (v1.schemaVersion !== 1) return json;
  return {
    ...v1,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    noOrder: { soldOut: 0, cartFailed: v1.cart?.failed, loginFailed: v1.login?.failed, productsFailed: 0 },
  };
}

/**
 * Validates parsed JSON as RunResults (parseVersioned(), then every step's histogram decodes).
 */
export function parseResults(json: unknown, source: string): RunResults {
  const data = parseVersioned(
    upgradeV1(json),
    source,
    'results',
    RESULTS_SCHEMA_VERSION,
    resultsSchema,
  ) as RunResults;
  for (const step of METRIC_STEPS) {
    try {
      decodeStepHistogram(data, step);
    } catch (err) {
      throw new GateError(
        'OLG_ERR_RESULTS',
        `${source}: invalid results at steps.${step}.histogram: not an encoded histogram`,
        {
          cause: err,
        },
      );
    }
  }
  return data;
}
