import type { RunSettings } from './run-settings.js';

/** One line for people: the load profile and its target. */
export function describePlan(settings: RunSettings): string {
  const p = settings.plan;
  const iterations =
    settings.iterations === 0 ? 'looping until the end' : `${settings.iterations} order(s) each`;
  if (p.kind === 'spawn')
    return `${p.users} users at ${p.spawnRate}/s, ${iterations}, against ${settings.target}`;
  if (p.kind === 'stages') {
    const points = p.stages.map((s) => `${s.atMs / 1000}s:${s.target}`).join(', ');
    return `Shape ${points} users, ${iterations}, against ${settings.target}`;
  }
  const rate = p.stages ? p.stages.map((s) => `${s.atMs / 1000}s:${s.target}/s`).join(', ') : `${p.rate}/s`;
  return `Arrival rate ${rate}, up to ${p.maxUsers} users, against ${settings.target}`;
}
