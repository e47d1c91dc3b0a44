import { describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../src/compare/compare.js';
import {
  GITHUB_COMMENT_LIMIT,
  type MarkdownReportInput,
  markerComment,
  renderMarkdownReport,
} from '../../src/report/markdown.js';
import type { RunResults } from '../../src/results/results.js';
import { evaluateThresholds, parseThresholds } from '../../src/results/thresholds.js';
import { baselineOf, makeRun, NOISY_ORDER_MS } from '../compare/fixtures.js';
import { sampleResults } from '../engine/fixtures.js';

const HEAD = '0123456789abcdef0123456789abcdef01234567';
const BASE = 'fedcba9876543210fedcba9876543210fedcba98';
const MARKER = '<!-- order-load-gate:users-500 -->';
const HOSTILE = '<script>alert(1)</script> | @octocat `whoami` [x](javascript:alert(1))\n## heading';

function input(results: RunResults, extra: Partial<MarkdownReportInput> = {}): MarkdownReportInput {
  return {
    results,
    thresholds: [],
    verdict: 'pass',
    failureReasons: [],
    headSha: HEAD,
    baseSha: BASE,
    baseRef: 'main',
    profile: '500 users, spawn 50/s, 1 order each',
    runUrl: 'https://github.com/acme/shop/actions/runs/42',
    marker: MARKER,
    ...extra,
  };
}

function mermaidLines(text: string): string[] {
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(text);
  if (!m) throw new Error('no mermaid block');
  return m[1]!.split('\n');
}

/** Table rows of the report that start with `| <label>`. */
function tableRow(md: string, label: string): string[] {
  const line = md.split('\n').find((l) => l.startsWith(`| ${label} `));
  if (!line) throw new Error(`no row ${label}`);
  return line
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}

const noisy = baselineOf(NOISY_ORDER_MS.map((orderMs) => makeRun({ orderMs })));

describe('renderMarkdownReport: a regression', () => {
  const results = makeRun({ orderMs: 151, failedOrders: 2 });
  const comparison = compareWithBaseline(results, noisy);
  const thresholds = evaluateThresholds(parseThresholds('order.p95<200ms, success_rate>=99%'), results);
  const md = renderMarkdownReport(
    input(results, {
      comparison,
      thresholds,
      verdict: 'fail',
      failureReasons: ['regression in order.p95', 'threshold success_rate>=99% failed'],
    }),
  );
  const lines = md.split('\n');

  it('says the verdict in the first line', () => {
    expect(lines[0]).toBe(
      '## ❌ order-load-gate: regression in order.p50, order.p95, flow.mean; threshold failed: success_rate&gt;=99%',
    );
    expect(md).toContain('- regression in order.p95\n- threshold success_rate&gt;=99% failed');
  });

  it('has the results block, then the table, the chart, the thresholds, the details and the footer', () => {
    const order = [
      '```text\nOrder Concurrency Test Results\n==============================\nTotal order attempts: 100\n',
      '| metric | baseline | this PR | change | verdict |',
      '```mermaid\nxychart-beta\n',
      '### Thresholds (1 of 2 failed)',
      '<details>\n<summary>Per-step details',
      '<sub>Compared',
    ].map((s) => md.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toMatch(/^Success rate: +98\.00%$/m);
  });

  it('has a comparison row per metric with units, signed changes and verdict icons', () => {
    const p95 = tableRow(md, 'order p95');
    expect(p95[0]).toBe('order p95 (`order.p95`)');
    expect(p95[1]).toMatch(/^100\.\d\dms ± 1\d\.\d\dms$/);
    expect(p95[2]).toBe('151.04ms');
    expect(p95[3]).toMatch(/^\+50\.\d%$/);
    expect(p95[4]).toBe('❌ regressed');
    const success = tableRow(md, 'success rate');
    expect(success.slice(1)).toEqual(['100.00%', '98.00%', '-2.0%', '✅ ok']);
    expect(tableRow(md, 'throughput').slice(1)).toEqual(['40.00 req/s', '40.00 req/s', '0.0%', '✅ ok']);
    expect(md).toContain('Baseline = median of the last 10 runs');
    expect(md).not.toContain('noise band not reliable');
  });

  it('charts the order percentiles, baseline vs this PR, with the same numbers in a table', () => {
    const chart = mermaidLines(md);
    expect(chart[0]).toBe('xychart-beta');
    expect(chart[1]).toMatch(/^ {4}title "[^"]+"$/);
    expect(chart[2]).toBe('    x-axis [p50, p90, p95, p99]');
    expect(chart[3]).toMatch(/^ {4}y-axis "ms" 0 --> \d+(\.\d+)?$/);
    const bar = /^ {4}bar \[([\d., ]+)\]$/.exec(chart[4]!);
    const line = /^ {4}line \[([\d., ]+)\]$/.exec(chart[5]!);
    expect(bar && line).toBeTruthy();
    const barValues = bar![1]!.split(', ');
    const lineValues = line![1]!.split(', ');
    for (const v of [...barValues, ...lineValues]) expect(v).toMatch(/^\d+(\.\d{1,2})?$/);
    expect(tableRow(md, 'baseline (bars, 10 runs merged)').slice(1)).toEqual(barValues);
    expect(tableRow(md, 'this PR (line)').slice(1)).toEqual(lineValues);
    expect(Number(lineValues[2])).toBeCloseTo(151, 0);
    // merged over the history, p99 reaches the 150 ms outlier
    expect(Number(barValues[3])).toBeCloseTo(150, 0);
  });

  it('lists the thresholds', () => {
    expect(tableRow(md, '✅ pass')).toEqual(['✅ pass', 'order.p95&lt;200ms', '151.04ms']);
    expect(tableRow(md, '❌ fail')).toEqual(['❌ fail', 'success_rate&gt;=99%', '98.00%']);
  });

  it('puts the per-step table and the errors in a collapsed section', () => {
    const details = md.slice(md.indexOf('<details>'), md.indexOf('</details>'));
    expect(details).toContain('<summary>Per-step details (2 failed requests, 1 error sample)</summary>\n\n');
    expect(details).toContain(
      '| step | requests | failures | req/s | min | p50 | p90 | p95 | p99 | max | mean |',
    );
    expect(tableRow(details, 'order')).toEqual([
      'order',
      '100',
      '2',
      '10.00',
      '150.91',
      '151.04',
      '151.04',
      '151.04',
      '151.04',
      '151.04',
      '150.98',
    ]);
    expect(tableRow(details, 'order').length).toBe(11);
    expect(details).toContain('| order | http_5xx ×2 | 201 ×98, 503 ×2 |');
    expect(details).toContain('| order | http_5xx | 503 | 2 | service unavailable |');
  });

  it('ends with the commits, the profile, the run link and the marker', () => {
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe(MARKER);
    const footer = lines.at(-4)!;
    expect(footer).toContain('Compared `0123456` (this PR) with `fedcba9` (base main, baseline of 10 runs)');
    expect(footer).toContain('profile: 500 users, spawn 50/s, 1 order each');
    expect(footer).toContain('[workflow run](<https://github.com/acme/shop/actions/runs/42>)');
    expect(footer).toContain('baseline key `users-100`');
  });
});

describe('renderMarkdownReport: other verdicts and histories', () => {
  it('passes without a baseline: one chart series and a note', () => {
    const results = sampleResults();
    const md = renderMarkdownReport(input(results, { comparison: compareWithBaseline(results, undefined) }));
    expect(md.split('\n')[0]).toBe('## ✅ order-load-gate: pass');
    expect(md).toContain('No baseline yet for this profile');
    expect(tableRow(md, 'order p95').slice(1)).toEqual(['—', '195.07ms', '—', '➖ no baseline']);
    const chart = mermaidLines(md);
    expect(chart.filter((l) => /^ {4}(bar|line) /.test(l))).toHaveLength(1);
    expect(md).not.toContain('### Thresholds');
    // without any comparison at all
    const bare = renderMarkdownReport(input(results));
    expect(bare).toContain('No baseline yet for this profile');
    expect(bare).not.toContain('| metric | baseline |');
    expect(mermaidLines(bare)[4]).toBe('    bar [150.02, 190.08, 195.07, 199.04]');
  });

  it('says when the history is short', () => {
    const results = makeRun({ orderMs: 100 });
    const comparison = compareWithBaseline(
      results,
      baselineOf([makeRun({ orderMs: 100 }), makeRun({ orderMs: 101 })]),
    );
    const md = renderMarkdownReport(input(results, { comparison }));
    expect(md).toContain('> ⚠️ baseline has only 2 runs: noise band not reliable yet');
    const one = compareWithBaseline(results, baselineOf([makeRun({ orderMs: 100 })]));
    expect(renderMarkdownReport(input(results, { comparison: one }))).toMatch(
      /baseline has only 1 run: noise band not reliable yet .*only the tolerance applies/,
    );
  });

  it('puts the error reason in the first line, escaped', () => {
    const md = renderMarkdownReport(
      input(sampleResults(), {
        verdict: 'error',
        failureReasons: ['target http://shop:3000 <down>\n@admin'],
      }),
    );
    expect(md.split('\n')[0]).toBe(
      '## ⚠️ order-load-gate: error — target http://shop:3000 &lt;down&gt; @&#8203;admin',
    );
    expect(md.split('\n')[1]).toBe('');
  });

  it('wraps a bare marker, drops unsafe links and never lets a marker close early', () => {
    expect(markerComment('order-load-gate:users-500')).toBe('<!-- order-load-gate:users-500 -->');
    expect(markerComment(MARKER)).toBe(MARKER);
    expect(markerComment('<!--olg:users-500-->')).toBe('<!--olg:users-500-->');
    expect(markerComment('<!-- a --> <b>x</b> -->')).toBe('<!-- a - <b>x</b> -->');
    const md = renderMarkdownReport(
      input(sampleResults(), { runUrl: 'javascript:alert(1)', marker: 'x-->y' }),
    );
    expect(md).not.toContain('javascript:');
    expect(md.trimEnd().split('\n').at(-1)).toBe('<!-- x-y -->');
  });
});

describe('renderMarkdownReport: hostile and huge content', () => {
  it('escapes error samples and cuts a 5 KB body short', () => {
    const results = sampleResults();
    results.errorSamples.push(
      { step: 'order', kind: 'http_5xx', status: 500, detail: HOSTILE, count: 3 },
      { step: 'cart', kind: 'http_4xx', status: 400, detail: `{"html":"${'<div>'.repeat(1024)}"}`, count: 1 },
    );
    results.warnings.push('<img src=x onerror=alert(1)> @everyone');
    const md = renderMarkdownReport(input(results, { profile: 'users | <b>500</b>' }));
    for (const raw of [
      '<script>',
      '<img',
      '<div>',
      '<b>',
      '@octocat',
      '@everyone',
      '`whoami`',
      '](javascript',
    ]) {
      expect(md).not.toContain(raw);
    }
    const hostileRow = md.split('\n').find((l) => l.includes('alert(1)&lt;/script&gt;'))!;
    expect(hostileRow).toBe(
      '| order | http_5xx | 500 | 3 | &lt;script&gt;alert(1)&lt;/script&gt; &#124; @&#8203;octocat &#96;whoami&#96; &#91;x&#93;(javascript:alert(1)) &#35;&#35; heading |',
    );
    // five cells: no pipe of the sample splits the row
    expect(hostileRow.split('|')).toHaveLength(7);
    const bodyRow = md.split('\n').find((l) => l.startsWith('| cart | http_4xx |'))!;
    expect(bodyRow.endsWith('… |')).toBe(true);
    expect(bodyRow.length).toBeLessThan(1000);
    expect(md).toContain('- &lt;img src=x onerror=alert(1)&gt; @&#8203;everyone');
    expect(md).toContain('profile: users &#124; &lt;b&gt;500&lt;/b&gt;');
  });

  it('stays under the comment limit, saying what it left out, marker last', () => {
    const results = sampleResults();
    for (let i = 0; i < 400; i++) {
      results.errorSamples.push({
        step: 'order',
        kind: 'other',
        status: 0,
        detail: '|'.repeat(5000),
        count: 1,
      });
    }
    const md = renderMarkdownReport(input(results, { comparison: compareWithBaseline(results, noisy) }));
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md).toContain('<details>');
    expect(md).toMatch(/_\d+ more samples not shown \(see the results file\)\._/);
    expect(md.trimEnd().split('\n').at(-1)).toBe(MARKER);

    const tiny = renderMarkdownReport(input(results, { maxChars: 2200 }));
    expect(tiny.length).toBeLessThanOrEqual(2200);
    expect(tiny).not.toContain('<details>');
    expect(tiny).toContain('Per-step details left out');
    expect(tiny.trimEnd().split('\n').at(-1)).toBe(MARKER);

    const cut = renderMarkdownReport(input(results, { maxChars: 900 }));
    expect(cut.length).toBeLessThanOrEqual(900);
    expect(cut.startsWith('## ✅ order-load-gate: pass')).toBe(true);
    expect(cut).toContain('report truncated');
    expect(cut.trimEnd().split('\n').at(-1)).toBe(MARKER);
  });
});
