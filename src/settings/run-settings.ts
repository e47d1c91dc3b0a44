import { parseDuration, parseDurationRange } from '../core/duration.js';
import { ConfigError } from '../core/errors.js';
import { type LoadPlan, NAMED_SHAPES, parseArrivalRate, parseStages, type Stage } from '../engine/plan.js';
import { parseThreshold } from '../results/thresholds.js';
import { applyIntegritySettings, publicIntegritySettings } from './integrity-settings.js';
import { parseChoice, parseIntInRange, parseTargetUrl, present } from './parse-values.js';
import { cliInputName, defaultOf } from './run-inputs.js';
import { applyShard } from './shard.js';
import type { BaseRunSettings, InputNamer, RawRunInputs, RunSettings, SeedSettings } from './types.js';
import { PROGRESS_MODES, SEED_MODES } from './types.js';

export type {
  FlashSaleSettings,
  InputKey,
  InputNamer,
  IntegritySettings,
  Profile,
  ProgressMode,
  RawRunInputs,
  RunSettings,
  SeedMode,
  SeedSettings,
  ShardId,
  ShardSettings,
} from './types.js';
export { PROFILES, PROGRESS_MODES, SEED_MODES } from './types.js';

const MAX_USERS = 100_000;

function resolvePlan(raw: RawRunInputs, name: InputNamer, runTimeMs: number): LoadPlan {
  if (present(raw.stages) && present(raw.shape)) {
    throw new ConfigError(
      name('shape'),
      raw.shape,
      `no value when ${name('stages')} is given (use one of them)`,
    );
  }
  let stages: Stage[] | undefined;
  if (present(raw.stages)) stages = parseStages(raw.stages, name('stages'));
  if (present(raw.shape)) {
    const shape = NAMED_SHAPES[raw.shape.trim()];
    if (!shape) {
      throw new ConfigError(name('shape'), raw.shape, `one of ${Object.keys(NAMED_SHAPES).join(', ')}`);
    }
    stages = shape;
  }
  if (present(raw.arrivalRate)) {
    const maxUsers = parseIntInRange(
      raw.maxUsers ?? raw.users ?? defaultOf('users'),
      name('maxUsers'),
      1,
      MAX_USERS,
    );
    if (stages) return { kind: 'arrival', rate: 0, stages, maxUsers };
    const rate = parseArrivalRate(raw.arrivalRate, name('arrivalRate'));
    return { kind: 'arrival', rate, maxUsers, durationMs: runTimeMs };
  }
  if (stages) return { kind: 'stages', stages };
  const users = parseIntInRange(raw.users ?? defaultOf('users'), name('users'), 1, MAX_USERS);
  const spawnRate = Number((raw.spawnRate ?? defaultOf('spawnRate')).trim());
  if (!Number.isFinite(spawnRate) || spawnRate <= 0 || spawnRate > 100_000) {
    throw new ConfigError(
      name('spawnRate'),
      raw.spawnRate,
      'a number of users per second above 0, such as 50',
    );
  }
  return { kind: 'spawn', users, spawnRate };
}

function usersNeeded(plan: LoadPlan): number {
  if (plan.kind === 'spawn') return plan.users;
  if (plan.kind === 'arrival') return plan.maxUsers;
  return Math.max(0, ...plan.stages.map((s) => s.target));
}

function parseItemsPerOrder(value: string, input: string): [number, number] {
  const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(value);
  const lo = m ? Number(m[1]) : Number.NaN;
  const hi = m?.[2] !== undefined ? Number(m[2]) : lo;
  if (!m || lo < 1 || hi < lo || hi > 20)
    throw new ConfigError(input, value, 'a count or range from 1 to 20, such as 1-2');
  return [lo, hi];
}

export function resolveRunSettings(raw: RawRunInputs, name: InputNamer = cliInputName): RunSettings {
  if (!present(raw.target))
    throw new ConfigError(name('target'), raw.target ?? '', 'the base URL of the shop under test');
  const target = parseTargetUrl(raw.target, name('target'));
  const runTimeMs = parseDuration(raw.runTime ?? defaultOf('runTime'), name('runTime'));
  if (runTimeMs <= 0)
    throw new ConfigError(name('runTime'), raw.runTime, 'a duration above zero, such as 10m');
  const plan = resolvePlan(raw, name, runTimeMs);
  const explicitIterations = present(raw.iterations);
  let iterations = parseIntInRange(
    raw.iterations ?? defaultOf('iterations'),
    name('iterations'),
    0,
    1_000_000,
  );
  // A shape keeps its users busy for the whole shape: they loop, as Locust's users do.
  if (plan.kind === 'stages' && !explicitIterations) iterations = 0;
  if (plan.kind === 'arrival') iterations = 1;
  const needed = usersNeeded(plan);
  const seedMode = parseChoice(
    raw.seed ?? (present(raw.seedCommand) ? 'command' : 'none'),
    name('seed'),
    SEED_MODES,
  );
  if (seedMode === 'command' && !present(raw.seedCommand)) {
    throw new ConfigError(
      name('seedCommand'),
      raw.seedCommand ?? '',
      `a command to run when ${name('seed')} is command`,
    );
  }
  const seed: SeedSettings = {
    mode: seedMode,
    command: present(raw.seedCommand) ? raw.seedCommand : undefined,
    adminToken: present(raw.adminToken) ? raw.adminToken : undefined,
    users: present(raw.seedUsers) ? parseIntInRange(raw.seedUsers, name('seedUsers'), 1, MAX_USERS) : needed,
    products: parseIntInRange(
      raw.seedProducts ?? defaultOf('seedProducts'),
      name('seedProducts'),
      1,
      100_000,
    ),
    stock: parseIntInRange(raw.seedStock ?? defaultOf('seedStock'), name('seedStock'), 0, 1_000_000_000),
  };
  if (seed.mode === 'reference' && !seed.adminToken) {
    throw new ConfigError(
      name('adminToken'),
      '',
      `the reference shop's admin token when seeding through it (or set ORDER_LOAD_GATE_ADMIN_TOKEN)`,
    );
  }
  const timeoutMs = parseDuration(raw.timeout ?? defaultOf('timeout'), name('timeout'));
  if (timeoutMs <= 0)
    throw new ConfigError(name('timeout'), raw.timeout, 'a duration above zero, such as 30s');
  const graceMs = present(raw.grace) ? parseDuration(raw.grace, name('grace')) : Math.min(timeoutMs, 10_000);
  if (graceMs > 3_600_000)
    throw new ConfigError(name('grace'), raw.grace, 'a duration up to 1h, such as 10s');
  const password = raw.password ?? defaultOf('password');
  if (password === '') throw new ConfigError(name('password'), '', 'the seeded users’ password');
  const base: BaseRunSettings = {
    target,
    plan,
    iterations,
    runTimeMs,
    thinkTimeMs: parseDurationRange(raw.thinkTime ?? defaultOf('thinkTime'), name('thinkTime')),
    usersNeeded: needed,
    userPrefix: raw.userPrefix ?? defaultOf('userPrefix'),
    userOffset: 0,
    password,
    timeoutMs,
    graceMs,
    itemsPerOrder: parseItemsPerOrder(raw.itemsPerOrder ?? defaultOf('itemsPerOrder'), name('itemsPerOrder')),
    scenarioFile: present(raw.scenario) ? raw.scenario.trim() : undefined,
    seed,
    thresholds: (raw.thresholds ?? []).filter((t) => t.trim() !== '').map((t) => parseThreshold(t)),
    out: present(raw.out) ? raw.out.trim() : undefined,
    report: present(raw.report) ? raw.report.trim() : undefined,
    progress: parseChoice(raw.progress ?? defaultOf('progress'), name('progress'), PROGRESS_MODES),
  };
  const settings = applyIntegritySettings(base, raw, name);
  return present(raw.shard) ? applyShard(settings, raw.shard, name('shard')) : settings;
}

/** The settings as recorded in the results JSON: no secrets. */
export function publicSettings(settings: RunSettings): Record<string, unknown> {
  return {
    target: settings.target,
    plan: settings.plan,
    iterations: settings.iterations,
    runTimeMs: settings.runTimeMs,
    thinkTimeMs: settings.thinkTimeMs,
    usersNeeded: settings.usersNeeded,
    userPrefix: settings.userPrefix,
    userOffset: settings.userOffset,
    timeoutMs: settings.timeoutMs,
    graceMs: settings.graceMs,
    itemsPerOrder: settings.itemsPerOrder,
    scenarioFile: settings.scenarioFile ?? null,
    seed: {
      mode: settings.seed.mode,
      users: settings.seed.users,
      products: settings.seed.products,
      stock: settings.seed.stock,
    },
    ...publicIntegritySettings(settings),
    thresholds: settings.thresholds.map((t) => t.expression),
    // A shard records which one it is (index 0-based, as results.shard) and the whole profile.
    ...(settings.shard && {
      shard: {
        index: settings.shard.index,
        count: settings.shard.count,
        profile: publicSettings(settings.shard.whole),
      },
    }),
  };
}
