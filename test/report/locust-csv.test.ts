import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeLocustCsv } from '../../src/report/locust-csv.js';
import { sampleResults } from '../engine/fixtures.js';

/** A small RFC 4180 reader (what Python's csv module and pandas read), no dependency. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      cell += c;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

// Locust's StatsCSVFileWriter headers (locust/stats.py), with its default PERCENTILES_TO_REPORT.
const PCT = ['50%', '66%', '75%', '80%', '90%', '95%', '98%', '99%', '99.9%', '99.99%', '100%'];
const LOCUST_STATS = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...PCT,
];
const LOCUST_HISTORY = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...PCT,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];
const LOCUST_FAILURES = ['Method', 'Name', 'Error', 'Occurrences'];

describe('--csv PREFIX: Locust’s CSV files', () => {
  it('have Locust’s header rows and column counts, and the values of results.json', async () => {
    const results = sampleResults();
    const dir = await mkdtemp(join(tmpdir(), 'olg-csv-'));
    const methods = { login: 'POST', products: 'GET', cart: 'POST', order: 'POST' };
    const paths = await writeLocustCsv(join(dir, 'run'), results, methods);
    expect(paths.map((p) => p.slice(dir.length + 1))).toEqual([
      'run_stats.csv',
      'run_stats_history.csv',
      'run_failures.csv',
    ]);
    const [stats, history, failures] = await Promise.all(
      paths.map(async (p) => readCsv(await readFile(p, 'utf8'))),
    );

    expect(stats![0]).toEqual(LOCUST_STATS);
    expect(stats!.every((r) => r.length === 22)).toBe(true);
    const byName = new Map(stats!.slice(1).map((r) => [r[1], r]));
    expect([...byName.keys()]).toEqual(['login', 'products', 'cart', 'order', 'Aggregated']);
    for (const step of ['login', 'products', 'cart', 'order'] as const) {
      const r = byName.get(step)!;
      const s = results.steps[step];
      expect(r[0]).toBe(methods[step]);
      expect(Number(r[2])).toBe(s.count);
      expect(Number(r[3])).toBe(s.failures);
      expect(Number(r[4])).toBe(s.latencyMs.p50);
      expect(Number(r[5])).toBeCloseTo(s.latencyMs.mean, 2);
      expect(Number(r[6])).toBe(s.latencyMs.min);
      expect(Number(r[7])).toBe(s.latencyMs.max);
      expect(Number(r[9])).toBeCloseTo(s.rps, 2);
      expect(Number(r[15])).toBe(s.latencyMs.p90);
      expect(Number(r[16])).toBe(s.latencyMs.p95);
      expect(Number(r[18])).toBe(s.latencyMs.p99);
      expect(Number(r[21])).toBe(s.latencyMs.max);
    }
    const agg = byName.get('Aggregated')!;
    expect(agg[0]).toBe('');
    const requests = ['login', 'products', 'cart', 'order'] as const;
    expect(Number(agg[2])).toBe(requests.reduce((n, s) => n + results.steps[s].count, 0));
    expect(Number(agg[3])).toBe(requests.reduce((n, s) => n + results.steps[s].failures, 0));
    expect(Number(agg[9])).toBeCloseTo(results.rps, 1);

    expect(history![0]).toEqual(LOCUST_HISTORY);
    expect(history!.every((r) => r.length === 24)).toBe(true);
    expect(history!.length - 1).toBe(results.timeline.length);
    const last = history!.at(-1)!;
    expect(Number(last[17])).toBe(results.timeline.reduce((n, p) => n + p.requests, 0));
    expect(Number(last[18])).toBe(results.timeline.reduce((n, p) => n + p.failures, 0));
    const first = history![1]!;
    expect(Number(first[0])).toBe(Math.floor(Date.parse(results.startedAt) / 1000) + results.timeline[0]!.t);
    expect(Number(first[4])).toBe(results.timeline[0]!.requests);
    expect(Number(first[6])).toBe(results.timeline[0]!.p50);

    expect(failures![0]).toEqual(LOCUST_FAILURES);
    expect(failures!.every((r) => r.length === 4)).toBe(true);
    for (const step of requests) {
      const sum = failures!.filter((r) => r[1] === step).reduce((n, r) => n + Number(r[3]), 0);
      expect(sum).toBe(results.steps[step].failures);
    }
  });
});
