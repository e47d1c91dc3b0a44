/**
 * The V8 flags of a process that runs the load, set by its entry point (the CLI, the action's first
 * thread before it starts the load worker) before any load starts. V8's flags are the process's:
 * they apply to the worker too, and from now on.
 *
 * --no-allocation-site-pretenuring: V8 follows the objects made at each object-literal site and,
 * when nearly all of a site's objects survive a scavenge, makes its later ones straight in the old
 * generation. During the ramp-up every shopper's first request is in flight at once, so nearly all
 * per-request objects (request records, step results, requests) survive their first scavenges, and
 * some runs then made them in the old generation for the rest of the run, where they die: 13% of
 * what was allocated promoted and 18-20 mark-compacts in 8 s instead of 0-1, twice the GC time and
 * 7-13% fewer requests/s at 1,000 users; with the flag, every run is the good one (`npm run bench`,
 * GC time and mark-compacts per run; see the README's Benchmarks).
 */
import { setFlagsFromString } from 'node:v8';

export const LOAD_V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/** Sets LOAD_V8_FLAGS for this process. */
export function applyLoadV8Flags(): void {
  for (const flag of LOAD_V8_FLAGS) setFlagsFromString(flag);
}
