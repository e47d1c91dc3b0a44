import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/engine/recorder.js';
import { formatKeyValues, formatLatency, formatPercent, formatTable } from '../../src/report/format.js';
import {
  formatMetricValue,
  formatResultsBlock,
  formatThresholdResults,
  RESULTS_TITLE,
} from '../../src/report/text-report.js';
import { buildResults } from '../../src/results/results.js';
import { evaluateThresholds, parseThresholds } from '../../src/results/thresholds.js';
import { sampleResults, T0 } from '../engine/fixtures.js';

describe('formatResultsBlock', () => {
  const block = formatResultsBlock(sampleResults());
  const lines = block.split('\n');

  it('starts with the origin results block', () => {
    expect(lines[0]).toBe('Order Concurrency Test Results');
    expect(RESULTS_TITLE).toBe('Order Concurrency Test Results');
    expect(lines[1]).toBe('='.repeat(30));
    expect(lines[2]).toMatch(/^Total order attempts: +1000$/);
    expect(lines[3]).toMatch(/^Successful orders: +950$/);
    expect(lines[4]).toMatch(/^Failed orders: +50$/);
    expect(lines[5]).toMatch(/^Cart failures: +10$/);
    expect(lines[6]).toMatch(/^Success rate: +95\.00%$/);
    expect(block).toMatch(/^Out of stock: +20$/m);
    expect(block).not.toContain('Login failures');
    expect(block).toMatch(/^Duration: +10s$/m);
    expect(block).toMatch(/^Requests\/s: +399\.00$/m);
    // values aligned in one column
    const col = lines.slice(2, 7).map((l) => l.search(/\S+$/));
    expect(new Set(col).size).toBe(1);
  });

  it('has an aligned per-step table', () => {
    const header = lines.find((l) => l.startsWith('step '))!;
    expect(header.split(/\s+/)).toEqual([
      'step',
      'requests',
      'failures',
      'req/s',
      'min',
      'p50',
      'p90',
      'p95',
      'p99',
      'max',
      'mean',
    ]);
    const start = lines.indexOf(header);
    const table = lines.slice(start, start + 7);
    expect(table[1]).toMatch(/^-+( +-+){10}$/);
    const cart = table.find((l) => l.startsWith('cart '))!.split(/\s+/);
    expect(cart.slice(0, 5)).toEqual(['cart', '1000', '10', '100.00', '40.00']);
    const order = table.find((l) => l.startsWith('order '))!.split(/\s+/);
    expect(order.slice(0, 4)).toEqual(['order', '990', '40', '99.00']);
    expect(table.find((l) => l.startsWith('flow '))).toBeDefined();
    // right-aligned: every row ends at the same column
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });

  it('shows dropped and late iterations, errors and warnings when present', () => {
    expect(block).toContain('Iterations: 1000 completed, 3 dropped (no free user), 2 started late');
    expect(block).toContain('Errors (samples):');
    expect(block).toContain('  cart http_5xx 500 x10: db');
    expect(block).toContain('Warnings:\n  - generator busy');
  });

  it('leaves them out of a clean run, and shows an interruption', () => {
    const r = new RunRecorder({ startedAtMs: T0 });
    r.recordIteration({ userIndex: 0, outcome: 'order_succeeded', latencyMs: 12.345, endedAt: T0 });
    const clean = formatResultsBlock(
      buildResults(r, {
        settings: {},
        startedAt: new Date(T0),
        endedAt: new Date(T0 + 90_000),
        target: 't',
        interrupted: 'SIGINT',
      }),
    );
    expect(clean).not.toContain('Iterations:');
    expect(clean).not.toContain('Warnings');
    expect(clean).not.toContain('Errors');
    expect(clean).toContain('Success rate:         100.00%');
    expect(clean).toContain('Interrupted: SIGINT');
    expect(clean).toMatch(/^Duration: +1m30s$/m);
    expect(clean).toMatch(/^login +0 +0 +0\.00 +0\.00/m);
  });
});

describe('formatThresholdResults', () => {
  it('marks each threshold PASS or FAIL with the actual value in its unit', () => {
    const rows = evaluateThresholds(
      parseThresholds(['success_rate>=96%', 'order.p95<1s', 'orders.failed<=50', 'rps>100']),
      sampleResults(),
    );
    const text = formatThresholdResults(rows);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Thresholds (1 of 4 failed):');
    expect(lines[3]).toMatch(/^FAIL +success_rate>=96% +95\.00%$/);
    expect(lines[4]).toMatch(/^PASS +order\.p95<1s +\d+\.\d\dms$/);
    expect(lines[5]).toMatch(/^PASS +orders\.failed<=50 +50$/);
    expect(lines[6]).toMatch(/^PASS +rps>100 +399\/s$/);
    expect(formatThresholdResults(rows.filter((r) => r.ok))).toMatch(/^Thresholds \(all 3 passed\):/);
    expect(formatThresholdResults([])).toBe('Thresholds: none');
  });

  it('formats metric values by kind', () => {
    expect(formatMetricValue('p95', 1500)).toBe('1.50s');
    expect(formatMetricValue('login.mean', 12.3)).toBe('12.30ms');
    expect(formatMetricValue('cart.failure_rate', 0.0125)).toBe('1.25%');
    expect(formatMetricValue('dropped', 3)).toBe('3');
    expect(formatMetricValue('rps', 12.345)).toBe('12.35/s');
  });
});

describe('format helpers', () => {
  it('aligns tables and key/values', () => {
    expect(
      formatTable([
        ['a', 'bb'],
        ['ccc', '1'],
      ]),
    ).toBe('a    bb\n---  --\nccc   1');
    expect(formatTable([])).toBe('');
    expect(
      formatKeyValues([
        ['a', '1'],
        ['long', '2'],
      ]),
    ).toBe('a:    1\nlong: 2');
    expect(formatPercent(0.95)).toBe('95.00%');
    expect(formatLatency(999.994)).toBe('999.99ms');
  });
});
