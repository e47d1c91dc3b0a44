import { ConfigError } from '../core/errors.js';

/**
 * The V8 limits of the action's load worker. GitHub starts `node dist/index.js` with no flags, and
 * Node 24's V8 lets the young generation grow to 32 MB per semi-space (64 MB of new space, and
 * the RSS with it) where Node 20's stopped at 16 MB: 1,000 users then peaked at 210-230 MB. The
 * action therefore runs in a worker thread whose heap is bounded (load-worker.ts). The defaults
 * were chosen with `npm run bench` (the bundle under Node 24, 1,000 users): see the README's
 * Benchmarks. 24 MB of young generation is V8's 8 MB semi-space.
 *
 * Overridden per workflow step through the environment (`env:`), as NODE_OPTIONS would be:
 * OLG_MAX_YOUNG_GENERATION_MB (3-768) and OLG_MAX_OLD_SPACE_MB (64-65536).
 */
export const DEFAULT_YOUNG_GENERATION_MB = 24;
/** 512, not more: with a limit of 2 GB (or none) V8 sized the old generation for it, +50 MB RSS. */
export const DEFAULT_OLD_SPACE_MB = 512;

export const YOUNG_GENERATION_ENV = 'OLG_MAX_YOUNG_GENERATION_MB';
export const OLD_SPACE_ENV = 'OLG_MAX_OLD_SPACE_MB';

export interface LoadWorkerLimits {
  youngGenerationMb: number;
  oldSpaceMb: number;
}

function readLimit(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new ConfigError(name, raw, `a whole number of MB from ${min} to ${max} (default ${fallback})`);
  }
  return value;
}

/** The limits from the environment; a bad value is an OLG_ERR_CONFIG error naming the variable. */
export function loadWorkerLimits(env: NodeJS.ProcessEnv = process.env): LoadWorkerLimits {
  return {
    youngGenerationMb: readLimit(env, YOUNG_GENERATION_ENV, DEFAULT_YOUNG_GENERATION_MB, 3, 768),
    oldSpaceMb: readLimit(env, OLD_SPACE_ENV, DEFAULT_OLD_SPACE_MB, 64, 65536),
  };
}

/** The limits as worker_threads takes them. */
export function resourceLimits(limits: LoadWorkerLimits): {
  maxYoungGenerationSizeMb: number;
  maxOldGenerationSizeMb: number;
} {
  return { maxYoungGenerationSizeMb: limits.youngGenerationMb, maxOldGenerationSizeMb: limits.oldSpaceMb };
}
