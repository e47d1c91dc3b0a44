import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/compare.js';
import { integrityHtml, readIntegrity } from '../../src/report/html/integrity-view.js';
import { renderHtmlReport } from '../../src/report/html/render-report.js';
import { evaluateThresholds, parseThreshold } from '../../src/results/thresholds.js';
import { entryOf, makeRun } from '../compare/fixtures.js';
import { sampleResults } from '../engine/fixtures.js';

function embeddedData(html: string): { points: { t: number; steps?: Record<string, unknown> }[] } {
  const m = /<script type="application\/json" id="olg-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no embedded data');
  return JSON.parse(m[1]!);
}

describe('the HTML report', () => {
  it('is one self-contained file: no external script, style, image or link, and a CSP that forbids the network', () => {
    const html = renderHtmlReport({ results: sampleResults() });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'`);
    expect(html).toContain('uPlot'); // the chart library, inlined
    expect(html).toContain('window.OLGCharts');
    expect(html.length).toBeLessThan(600_000);
  });

  it('carries the per-second points, with each step’s p50/p95 when given', () => {
    const results = sampleResults();
    const stepLatency = results.timeline.map(() => ({ order: { requests: 95, p50: 150, p95: 195 } }));
    const data = embeddedData(renderHtmlReport({ results, stepLatency }));
    expect(data.points).toHaveLength(results.timeline.length);
    expect(data.points[3]).toMatchObject({ t: 3, steps: { order: { requests: 95, p50: 150, p95: 195 } } });
    expect(embeddedData(renderHtmlReport({ results })).points[0]!.steps).toBeUndefined();
  });

  it('shows the results block, the per-step table, thresholds and the verdict', () => {
    const results = sampleResults();
    const thresholds = evaluateThresholds(
      [parseThreshold('success_rate>=0.99'), parseThreshold('mean<1s')],
      results,
    );
    const html = renderHtmlReport({ results, thresholds });
    expect(html).toContain('Order Concurrency Test Results\n==============================');
    expect(html).toContain('Total order attempts: 1000');
    expect(html).toMatch(/<tr><td>order<\/td><td class="num">990<\/td><td class="num">40 \(4\.0%\)<\/td>/);
    expect(html).toContain('<span class="pill fail" id="verdict">fail</span>');
    expect(html).toContain('success_rate&gt;=0.99');
    expect(html).not.toContain('id="comparison"');
    expect(renderHtmlReport({ results, thresholds: [thresholds[1]!] })).toContain('id="verdict">pass<');
  });

  it('escapes every text it quotes and cannot be broken out of its data script', () => {
    const results = sampleResults();
    results.target = 'http://127.0.0.1:1/<img src=x onerror=alert(1)>';
    results.warnings.push('</script><script>alert("warn")</script>');
    const html = renderHtmlReport({ results, failureReasons: ['<b>bold</b>'] });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert("warn")');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(&quot;warn&quot;)');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html.match(/<\/script>/g)).toHaveLength(4); // data, uPlot, charts, mount
  });

  it('adds the baseline comparison when there is one', () => {
    const current = makeRun({ orderMs: 200 });
    const comparison = compareRuns(current, [entryOf(makeRun({ orderMs: 100 }), 0)]);
    const html = renderHtmlReport({
      results: current,
      comparison,
      verdict: 'fail',
      failureReasons: ['regression in order.p95'],
    });
    expect(html).toContain('id="comparison"');
    expect(html).toMatch(
      /order p95 <span class="muted">order\.p95<\/span><\/td><td class="num">100\.\d+ms<\/td><td class="num">200\.\d+ms<\/td><td class="num">\+100\.0%<\/td><td><span class="pill fail">regressed/,
    );
    expect(html).toContain('only 1 run');
    expect(html).toContain('regression in order.p95');
  });
});

describe('integrity, read generically', () => {
  it('renders checked yes/no, the violations and plain fields', () => {
    const report = {
      checked: true,
      mode: 'auto',
      violations: [
        { kind: 'oversold', productId: 'p1', count: 3, message: 'p1: 3 units sold beyond the stock' },
        'a plain text violation',
        { code: 7 },
      ],
      summary: { ordersAccepted: 100, orderAnswers: { attempts: 100 } },
      notes: ['sampled 10 of 100 orders'],
    };
    const view = readIntegrity(report)!;
    expect(view).toMatchObject({ checked: true, ok: false });
    expect(view.violations).toEqual([
      'oversold: p1: 3 units sold beyond the stock',
      'a plain text violation',
      '{"code":7}',
    ]);
    expect(view.details).toEqual([
      ['mode', 'auto'],
      ['summary.ordersAccepted', '100'],
    ]);
    const html = integrityHtml(report);
    expect(html).toContain('Checked: yes. 3 violations.');
    expect(html).toContain('sampled 10 of 100 orders');
  });

  it('says when it was not checked, and why', () => {
    expect(integrityHtml({ checked: false, skipped: 'no admin token', violations: [] })).toContain(
      'Checked: no (no admin token).',
    );
    expect(integrityHtml({ checked: true, violations: [] })).toContain('Checked: yes. No violations.');
    expect(integrityHtml(undefined)).toBe('');
    expect(integrityHtml('nonsense')).toBe('');
  });

  it('is taken from the results and decides the report’s verdict', () => {
    const results = Object.assign(sampleResults(), {
      integrity: { checked: true, violations: [{ message: 'order o1 missing' }] },
    });
    const html = renderHtmlReport({ results });
    expect(html).toContain('id="integrity"');
    expect(html).toContain('order o1 missing');
    expect(html).toContain('id="verdict">fail<');
  });
});
