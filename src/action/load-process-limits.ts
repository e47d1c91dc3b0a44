import { ConfigError } from '../core/errors.js';

/**
 * The V8 limits of the action's load process. GitHub starts `node dist/index.js` with no flags, so
 * the action starts itself again as a child with them (load-process.ts). Node 24's V8 lets the young
 * generation grow to 32 MB per semi-space (64 MB of new space, and more RSS with it) where Node 20's
 * stopped at 16 MB; 1,000 users then peaked at 210-230 MB. The defaults were chosen with `npm run bench`
 * (the bundle under Node 24, 1,000 users): see the README's Benchmarks.
 *
 * Overridden per workflow step through the environment (`env:`), as NODE_OPTIONS would be:
 * OLG_MAX_SEMI_SPACE_MB (1-256) and OLG_MAX_OLD_SPACE_MB (64-65536).
 */
export const DEFAULT_SEMI_SPACE_MB = 8;
/** 512, not more: with a limit of 2 GB (or none) V8 sized the old generation for it, +50 MB RSS. */
export const DEFAULT_OLD_SPACE_MB = 512;

export const SEMI_SPACE_ENV = 'OLG_MAX_SEMI_SPACE_MB';
export const OLD_SPACE_ENV = 'OLG_MAX_OLD_SPACE_MB';

export interface LoadProcessLimits {
  semiSpaceMb: number;
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
export function loadProcessLimits(env: NodeJS.ProcessEnv = process.env): LoadProcessLimits {
  return {
    semiSpaceMb: readLimit(env, SEMI_SPACE_ENV, DEFAULT_SEMI_SPACE_MB, 1, 256),
    oldSpaceMb: readLimit(env, OLD_SPACE_ENV, DEFAULT_OLD_SPACE_MB, 64, 65536),
  };
}

/**
 * The load process's environment: glibc's malloc arenas capped at 2 (unless set already). Node's
 * threads (V8's GC helpers, libuv) each grew their own arena: about 4 MB of RSS at 1,000 users.
 */
export function loadProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.MALLOC_ARENA_MAX ? env : { ...env, MALLOC_ARENA_MAX: '2' };
}

/** The V8 flags that apply the limits (before the script, on the child's command line). */
export function v8Flags(limits: LoadProcessLimits): string[] {
  return [`--max-semi-space-size=${limits.semiSpaceMb}`, `--max-old-space-size=${limits.oldSpaceMb}`];
}
