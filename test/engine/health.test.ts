/**
 * The generator-saturation warning (src/engine/health.ts), checked where the action runs it: in a
 * worker thread with the load worker's limits and the load's V8 flags, under Node 24.
 * A worker whose event loop is blocked in 150 ms slices is saturated whatever the machine's load
 * (a timer can only fire later than the block, never sooner); an idle one is not. No speed is
 * asserted: the CPU half of the check is a share of the machine and is left to `npm run bench`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOOP_DELAY_WARN_MS } from '../../src/engine/health.js';
import { NODE24 } from '../support/run-action.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'health-saturation.ts');

interface Seen {
  sample: { cpuPercent: number; eventLoopDelayP99Ms: number; saturated: boolean };
  warnings: string[];
}

function runWorker(mode: 'busy' | 'idle'): Seen {
  if (!existsSync(NODE24)) throw new Error(`${NODE24} is missing: run npm ci`);
  const child = spawnSync(NODE24, ['--import', 'tsx', FIXTURE, mode], { encoding: 'utf8', timeout: 30_000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout.trim()) as Seen;
}

describe('the saturation warning in the load worker on Node 24', () => {
  it('a worker whose event loop is blocked is saturated, and says so once', () => {
    const { sample, warnings } = runWorker('busy');
    expect(sample.eventLoopDelayP99Ms).toBeGreaterThanOrEqual(LOOP_DELAY_WARN_MS);
    expect(sample.saturated).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^load generator saturated \(CPU \d+%, event-loop delay p99 \d+ ms\)/);
  });

  it('an idle worker is not', () => {
    const { sample, warnings } = runWorker('idle');
    expect(sample.saturated).toBe(false);
    expect(warnings).toEqual([]);
  });
});
