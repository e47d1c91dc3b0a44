/**
 * The action's load worker (src/action/load-worker.ts): the action runs in a worker thread with a
 * bounded young generation and heap; its exit code is the step's, and an uncaught error or the
 * heap limit ends it with an error the first thread can report. Behaviour only: what the limits
 * do to speed and memory is measured by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runLoadWorker } from '../../src/action/load-worker.js';
import {
  DEFAULT_OLD_SPACE_MB,
  DEFAULT_YOUNG_GENERATION_MB,
  loadWorkerLimits,
  resourceLimits,
} from '../../src/action/load-worker-limits.js';
import { ConfigError } from '../../src/core/errors.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'load-worker.mjs');
afterEach(() => {
  delete process.env.LOAD_WORKER_OUT;
  delete process.env.LOAD_WORKER_MODE;
});

async function runFixture(mode: string, limits = { youngGenerationMb: 12, oldSpaceMb: 96 }) {
  const out = join(await mkdtemp(join(tmpdir(), 'olg-load-worker-')), 'out.json');
  process.env.LOAD_WORKER_OUT = out;
  process.env.LOAD_WORKER_MODE = mode;
  const end = await runLoadWorker(limits, FIXTURE);
  const seen = JSON.parse(readFileSync(out, 'utf8')) as {
    resourceLimits: { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number };
  };
  return { end, seen };
}

describe('the load worker limits', () => {
  it('defaults, and values from the environment', () => {
    expect(loadWorkerLimits({})).toEqual({
      youngGenerationMb: DEFAULT_YOUNG_GENERATION_MB,
      oldSpaceMb: DEFAULT_OLD_SPACE_MB,
    });
    const limits = loadWorkerLimits({ OLG_MAX_YOUNG_GENERATION_MB: '48', OLG_MAX_OLD_SPACE_MB: ' 1024 ' });
    expect(limits).toEqual({ youngGenerationMb: 48, oldSpaceMb: 1024 });
    expect(resourceLimits(limits)).toEqual({ maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 1024 });
  });

  it.each([
    ['OLG_MAX_YOUNG_GENERATION_MB', '0'],
    ['OLG_MAX_YOUNG_GENERATION_MB', '24MB'],
    ['OLG_MAX_YOUNG_GENERATION_MB', '1.5'],
    ['OLG_MAX_OLD_SPACE_MB', '32'],
    ['OLG_MAX_OLD_SPACE_MB', '-1'],
  ])('a bad %s (%s) is a config error naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadWorkerLimits({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('OLG_ERR_CONFIG');
    expect((error as ConfigError).message).toContain(name);
  });
});

describe('the load worker', () => {
  it('runs with the limits and hands back its exit code', async () => {
    const { end, seen } = await runFixture('3');
    expect(end).toEqual({ code: 3 });
    expect(seen.resourceLimits.maxYoungGenerationSizeMb).toBe(12);
    expect(seen.resourceLimits.maxOldGenerationSizeMb).toBe(96);
  });

  it('an uncaught error ends it with that error and a failing code', async () => {
    const { end } = await runFixture('throw');
    expect(end.code).not.toBe(0);
    expect(end.error?.message).toBe('boom in the worker');
  });

  it('the heap limit ends only the worker, with ERR_WORKER_OUT_OF_MEMORY', async () => {
    const { end } = await runFixture('oom', { youngGenerationMb: 6, oldSpaceMb: 64 });
    expect(end.code).not.toBe(0);
    expect(end.error?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
  });
});
