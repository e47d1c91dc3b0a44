/**
 * The run settings of a merged run, rebuilt from the whole profile its shards recorded
 * (settings.shard.profile): what the gate needs after a merge (the baseline key, the profile
 * line of the report). Secrets are never recorded, so they come from `base`.
 */
import { z } from 'zod';
import { GateError } from '../core/errors.js';
import { type LoadPlan, NAMED_SHAPES } from '../engine/plan.js';
import { INTEGRITY_MODES } from '../results/integrity-types.js';
import { parseThreshold } from '../results/thresholds.js';
import { type RunSettings, SEED_MODES } from '../settings/run-settings.js';
import { PROFILES } from '../settings/types.js';
import { canonicalJson } from './shard-set.js';

const int = z.number().int().nonnegative();
const stage = z.object({ atMs: z.number().nonnegative(), target: z.number().nonnegative() });
const planSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spawn'), users: int, spawnRate: z.number().positive() }),
  z.object({ kind: z.literal('stages'), stages: z.array(stage).min(1) }),
  z.object({
    kind: z.literal('arrival'),
    rate: z.number().nonnegative(),
    stages: z.array(stage).optional(),
    maxUsers: int,
    durationMs: z.number().positive().optional(),
  }),
]);
const range = z.tuple([z.number().nonnegative(), z.number().nonnegative()]);

const profileSchema = z.object({
  target: z.string(),
  plan: planSchema,
  iterations: int,
  runTimeMs: z.number().positive(),
  thinkTimeMs: range,
  usersNeeded: int,
  userPrefix: z.string(),
  userOffset: int,
  timeoutMs: z.number().positive(),
  itemsPerOrder: range,
  scenarioFile: z.string().nullable(),
  seed: z.object({ mode: z.enum(SEED_MODES), users: int, products: int, stock: int }),
  thresholds: z.array(z.string()),
  // Recorded since the integrity check (src/settings/integrity-settings.ts); older profiles lack them.
  profile: z.enum(PROFILES).optional(),
  integrity: z
    .object({ mode: z.enum(INTEGRITY_MODES), waitProcessedMs: z.number().nonnegative(), readBackLimit: int })
    .optional(),
  flashSale: z.object({ stock: int, productId: z.string().optional() }).nullable().optional(),
});

/** The named shape (e.g. ramp-1000) whose stages a plan follows exactly, for the baseline key. */
export function namedShapeOf(plan: LoadPlan): string | undefined {
  const stages = plan.kind === 'stages' ? plan.stages : plan.kind === 'arrival' ? plan.stages : undefined;
  if (!stages) return undefined;
  const text = canonicalJson(stages);
  return Object.keys(NAMED_SHAPES).find((name) => canonicalJson(NAMED_SHAPES[name]) === text);
}

/**
 * RunSettings for a recorded profile. `base` supplies what a profile does not record (the
 * password, progress, out) and any setting added since; thresholds are `base`'s when it has
 * some, else the profile's.
 */
export function profileRunSettings(profile: Record<string, unknown>, base: RunSettings): RunSettings {
  const parsed = profileSchema.safeParse(profile);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GateError(
      'OLG_ERR_RESULTS',
      `the shards' recorded profile is not readable at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const p = parsed.data;
  return {
    ...base,
    target: p.target,
    plan: p.plan as LoadPlan,
    iterations: p.iterations,
    runTimeMs: p.runTimeMs,
    thinkTimeMs: p.thinkTimeMs,
    usersNeeded: p.usersNeeded,
    userPrefix: p.userPrefix,
    userOffset: p.userOffset,
    timeoutMs: p.timeoutMs,
    itemsPerOrder: p.itemsPerOrder,
    scenarioFile: p.scenarioFile ?? undefined,
    seed: { mode: p.seed.mode, users: p.seed.users, products: p.seed.products, stock: p.seed.stock },
    thresholds: base.thresholds.length > 0 ? base.thresholds : p.thresholds.map((t) => parseThreshold(t)),
    profile: p.profile ?? base.profile,
    integrity: p.integrity ? { ...base.integrity, ...p.integrity } : base.integrity,
    flashSale: p.flashSale === undefined ? base.flashSale : (p.flashSale ?? undefined),
    shard: undefined,
  };
}
