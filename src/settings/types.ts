/**
 * The settings' types: what the CLI's argv and the action's inputs hand over (RawRunInputs), and
 * the one validated settings object of a run (RunSettings) with its parts. Parsing is in
 * run-settings.ts, integrity-settings.ts and shard.ts.
 */
import type { LoadPlan } from '../engine/plan.js';
import type { IntegrityMode } from '../results/integrity-types.js';
import type { Threshold } from '../results/thresholds.js';

/**
 * The one validated settings object of a run, made in one place from the CLI's argv or the
 * action's inputs. Both sources hand over strings under the same keys; `name` turns a key into
 * what the user typed (`--spawn-rate` or `spawn-rate`) so errors speak the user's language.
 */
export interface RawRunInputs {
  target?: string;
  users?: string;
  spawnRate?: string;
  iterations?: string;
  runTime?: string;
  thinkTime?: string;
  stages?: string;
  shape?: string;
  arrivalRate?: string;
  maxUsers?: string;
  scenario?: string;
  userPrefix?: string;
  password?: string;
  timeout?: string;
  /** The graceful-stop window after the run time. */
  grace?: string;
  seed?: string;
  seedCommand?: string;
  adminToken?: string;
  seedUsers?: string;
  seedProducts?: string;
  seedStock?: string;
  /** Integrity and flash sale: see src/settings/integrity-settings.ts. */
  integrity?: string;
  waitProcessed?: string;
  readBack?: string;
  profile?: string;
  stock?: string;
  saleProduct?: string;
  thresholds?: string[];
  out?: string;
  /** The self-contained HTML report's path. */
  report?: string;
  itemsPerOrder?: string;
  progress?: string;
  /** "k/n": run shard k (1-based) of n of the profile. */
  shard?: string;
}

export type InputKey = keyof RawRunInputs;
export type InputNamer = (key: InputKey) => string;

export const SEED_MODES = ['none', 'reference', 'command'] as const;
export type SeedMode = (typeof SEED_MODES)[number];
export const PROGRESS_MODES = ['auto', 'tty', 'plain', 'off'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export interface SeedSettings {
  mode: SeedMode;
  command?: string;
  adminToken?: string;
  users: number;
  products: number;
  stock: number;
}

export interface RunSettings {
  target: string;
  plan: LoadPlan;
  /** Orders per user; 0 = loop until the run time ends (with think time between orders). */
  iterations: number;
  runTimeMs: number;
  thinkTimeMs: [number, number];
  /** Users the plan may need at most: the accounts that must exist. */
  usersNeeded: number;
  userPrefix: string;
  userOffset: number;
  password: string;
  timeoutMs: number;
  /** After the run time, running iterations may finish within this window, then are aborted. */
  graceMs: number;
  itemsPerOrder: [number, number];
  scenarioFile?: string;
  seed: SeedSettings;
  /** standard, or flash-sale: every user buys the one scarce product at the same moment. */
  profile: Profile;
  integrity: IntegritySettings;
  flashSale?: FlashSaleSettings;
  thresholds: Threshold[];
  out?: string;
  report?: string;
  progress: ProgressMode;
  /** Set by --shard k/n: this run is one shard of `shard.whole` (see src/settings/shard.ts). */
  shard?: ShardSettings;
}

export const PROFILES = ['standard', 'flash-sale'] as const;
export type Profile = (typeof PROFILES)[number];

export interface IntegritySettings {
  mode: IntegrityMode;
  /** Wait this long after the load for every accepted order to be processed; 0 = do not wait. */
  waitProcessedMs: number;
  /** Read back every accepted order up to this many, then a random sample of this many; 0 = none. */
  readBackLimit: number;
  /** How the user names the mode and the admin token (for messages): --integrity or integrity. */
  inputNames: { mode: string; adminToken: string };
}

export interface FlashSaleSettings {
  /** Units of the one scarce product (seeded with --seed). */
  stock: number;
  /** The product every buyer wants; default: the first product in stock. */
  productId?: string;
}

/** Shard `index` (0-based, as in the results JSON and scalePlan) of `count`. */
export interface ShardId {
  index: number;
  count: number;
}

/** What a sharded run keeps: which shard it is, and the whole profile it is a part of. */
export interface ShardSettings extends ShardId {
  /** The settings of the whole, unsharded run (its public part is recorded in the results). */
  whole: RunSettings;
}

export type BaseRunSettings = Omit<RunSettings, 'integrity' | 'flashSale' | 'profile'>;
