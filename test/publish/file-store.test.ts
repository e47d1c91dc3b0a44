import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, GateError } from '../../src/core/errors.js';
import { parseBaselineLocation } from '../../src/publish/baseline-location.js';
import { createFileStore } from '../../src/publish/file-store.js';

const dir = mkdtempSync(join(tmpdir(), 'olg-file-store-'));

describe('createFileStore', () => {
  it('round-trips documents by key in one file', async () => {
    const path = join(dir, 'nested', 'baseline.json');
    const store = createFileStore(path);
    expect(store.describe()).toBe(`file ${path}`);
    expect(await store.load('users-500')).toBeUndefined();
    await store.save('users-500', { p95: 120 }, 'first');
    await store.save('users-50', { p95: 40 }, 'second');
    await store.save('users-500', { p95: 130 }, 'third');
    expect(await store.load('users-500')).toEqual({ p95: 130 });
    expect(await createFileStore(path).load('users-50')).toEqual({ p95: 40 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      'users-500': { p95: 130 },
      'users-50': { p95: 40 },
    });
    expect(await store.load('constructor')).toBeUndefined();
  });

  it('rejects unsafe keys and broken files', async () => {
    const store = createFileStore(join(dir, 'x.json'));
    await expect(store.load('../etc/passwd')).rejects.toBeInstanceOf(ConfigError);
    await expect(store.save('__proto__', {}, 'm')).rejects.toBeInstanceOf(ConfigError);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{not json');
    await expect(createFileStore(broken).load('a')).rejects.toThrow(GateError);
    writeFileSync(broken, '[1]');
    await expect(createFileStore(broken).load('a')).rejects.toThrow(/JSON object/);
  });
});

describe('parseBaselineLocation', () => {
  it('parses the three forms', () => {
    expect(parseBaselineLocation('branch:order-load-gate-baselines', 'baseline')).toEqual({
      kind: 'branch',
      branch: 'order-load-gate-baselines',
    });
    expect(parseBaselineLocation(' file:perf/baseline.json ', 'baseline')).toEqual({
      kind: 'file',
      path: 'perf/baseline.json',
    });
    expect(parseBaselineLocation('none', 'baseline')).toEqual({ kind: 'none' });
  });

  it.each(['', 'branch:', 'branch:a..b', 'branch:-x', 'branch:has space', 'file:', 's3:bucket', 'main'])(
    'rejects %j with a ConfigError naming the input',
    (value) => {
      let caught: unknown;
      try {
        parseBaselineLocation(value, 'baseline');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).input).toBe('baseline');
      expect((caught as ConfigError).code).toBe('OLG_ERR_CONFIG');
    },
  );
});
