import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendEntry,
  BASELINE_SCHEMA_VERSION,
  emptyBaseline,
  parseBaselineFile,
  stripForBaseline,
} from '../../src/compare/baseline-file.js';
import { parseBaselineText, readBaselineFile, writeBaselineFile } from '../../src/compare/baseline-io.js';
import { ConfigError, GateError } from '../../src/core/errors.js';
import { percentileMs } from '../../src/engine/histogram.js';
import { decodeHistogram } from '../../src/engine/histogram-codec.js';
import { sampleResults } from '../engine/fixtures.js';
import { baselineOf, entryOf, makeRun, sha } from './fixtures.js';

const SOURCE = 'baselines/users-100.json';

function expectError(json: unknown, pattern: RegExp) {
  let error: unknown;
  try {
    parseBaselineFile(json, SOURCE);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(GateError);
  expect((error as GateError).code).toBe('OLG_ERR_BASELINE');
  expect((error as Error).message).toContain(SOURCE);
  expect((error as Error).message).toMatch(pattern);
}

describe('baseline file', () => {
  it('starts empty and refuses unsafe keys', () => {
    expect(emptyBaseline('users-500')).toEqual({ schemaVersion: 1, key: 'users-500', entries: [] });
    expect(() => emptyBaseline('../etc/passwd')).toThrow(ConfigError);
    expect(() => emptyBaseline('')).toThrow(ConfigError);
  });

  it('strips the ledger and the timeline and keeps the histograms', () => {
    const full = sampleResults();
    expect(full.ledger.length).toBe(950);
    const stripped = stripForBaseline(full);
    expect('ledger' in stripped).toBe(false);
    expect('timeline' in stripped).toBe(false);
    expect(stripped.steps.order.histogram).toBe(full.steps.order.histogram);
    expect(stripped.orders).toEqual(full.orders);
    // a copy: changing it leaves the run alone
    stripped.orders.attempted = 0;
    expect(full.orders.attempted).toBe(1000);
  });

  it('round-trips through JSON with decodable histograms', () => {
    const file = appendEntry(emptyBaseline('users-1000'), entryOf(sampleResults(), 0));
    const back = parseBaselineFile(JSON.parse(JSON.stringify(file)), SOURCE);
    expect(back).toEqual(file);
    const entry = back.entries[0]!;
    expect(entry.sha).toBe(sha(1));
    expect(entry.runUrl).toBe('https://github.com/acme/shop/actions/runs/1000');
    expect('ledger' in entry.results).toBe(false);
    const h = decodeHistogram(entry.results.steps.order.histogram);
    expect(h.totalCount).toBe(990);
    expect(percentileMs(h, 95)).toBe(entry.results.steps.order.latencyMs.p95);
  });

  it('tolerates stored results that still carry a ledger, and drops it', () => {
    const file = baselineOf([makeRun({ orderMs: 100 })]);
    const json = JSON.parse(JSON.stringify(file));
    json.entries[0].results.ledger = [{ orderId: 'x', userIndex: 0, items: [] }];
    const back = parseBaselineFile(json, SOURCE);
    expect('ledger' in back.entries[0]!.results).toBe(false);
  });

  it('keeps the newest 20 entries, or as many as asked, without changing its input', () => {
    const run = makeRun({ orderMs: 100, n: 10 });
    let file = emptyBaseline('users-10');
    for (let i = 0; i < 25; i++) file = appendEntry(file, entryOf(run, i));
    expect(file.entries).toHaveLength(20);
    expect(file.entries[0]!.sha).toBe(sha(6));
    expect(file.entries[19]!.sha).toBe(sha(25));
    const three = appendEntry(file, entryOf(run, 25), 3);
    expect(three.entries.map((e) => e.sha)).toEqual([sha(24), sha(25), sha(26)]);
    expect(file.entries).toHaveLength(20);
    expect(() => appendEntry(file, entryOf(run, 0), 0)).toThrow(ConfigError);
    expect(() => appendEntry(file, entryOf(run, 0), 2.5)).toThrow(/baseline-keep/);
  });

  it('names the source and the field in parse errors', () => {
    const good = JSON.parse(
      JSON.stringify(baselineOf([makeRun({ orderMs: 100 }), makeRun({ orderMs: 100 })])),
    );
    expectError(null, /not a baseline file/);
    expectError([], /not a baseline file/);
    expectError({ key: 'x', entries: [] }, /no schemaVersion/);
    expectError({ ...good, schemaVersion: 2 }, /unsupported baseline schemaVersion 2/);
    expectError({ ...good, key: '../x' }, /at key: expected a file-name-safe key/);
    expectError({ ...good, entries: 'no' }, /at entries: /);

    const noSha = structuredClone(good);
    delete noSha.entries[1].sha;
    expectError(noSha, /invalid baseline at entries\[1\]\.sha/);

    const badDate = structuredClone(good);
    badDate.entries[0].recordedAt = 'yesterday';
    expectError(badDate, /entries\[0\]\.recordedAt/);

    const badResults = structuredClone(good);
    badResults.entries[1].results.steps.order.latencyMs.p95 = -1;
    expectError(badResults, /entries\[1\]\.results: invalid results at steps\.order\.latencyMs\.p95/);

    const badHistogram = structuredClone(good);
    badHistogram.entries[0].results.steps.cart.histogram = 'not-base64!';
    expectError(badHistogram, /entries\[0\]\.results: invalid results at steps\.cart\.histogram/);
    expect(BASELINE_SCHEMA_VERSION).toBe(1);
  });
});

describe('baseline files on disk', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('reads a missing file as undefined, and writes then reads a file back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-baseline-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'users-100.json');
    expect(await readBaselineFile(path)).toBeUndefined();
    const file = baselineOf([makeRun({ orderMs: 100 })]);
    await writeBaselineFile(path, file);
    expect(await readBaselineFile(path)).toEqual(file);
    await writeFile(path, '{"schemaVersion": 1,', 'utf8');
    await expect(readBaselineFile(path)).rejects.toThrow(/users-100\.json: not valid JSON/);
    expect(() => parseBaselineText('[]', 'x.json')).toThrow(/x\.json: not a baseline file/);
  });
});
