import { describe, expect, it } from 'vitest';
import { reconcileIntegrity, skippedIntegrity } from '../../src/reconcile/reconcile.js';
import { emptyTally, recordAttempt } from '../../src/reconcile/tally.js';
import { formatIntegrityBlock, integrityFailureReasons } from '../../src/report/integrity-format.js';
import { renderMarkdownReport } from '../../src/report/markdown.js';
import { parseResults } from '../../src/results/results-schema.js';
import { sampleResults } from '../engine/fixtures.js';

function oversold() {
  const orderErrors = emptyTally();
  const ledger = Array.from({ length: 12 }, (_, i) => ({
    orderId: String(i + 1),
    userIndex: i,
    items: [{ productId: '<b>7</b>', quantity: 1 }],
  }));
  for (const o of ledger) recordAttempt(orderErrors, { ...o, status: 201, outcome: 'accepted', endedAt: 0 });
  const snap = (stock: number) => ({
    takenAt: '2025-01-01T00:00:00.000Z',
    products: [{ id: '<b>7</b>', stock }],
  });
  return { ledger, report: reconcileIntegrity({ ledger, before: snap(10), after: snap(-2), orderErrors }) };
}

describe('the integrity report in the terminal, the results JSON, the summary and the PR comment', () => {
  const { ledger, report } = oversold();

  it('lists the violations with the product id and the counts in the terminal block', () => {
    const text = formatIntegrityBlock(report);
    expect(text.split('\n')[0]).toBe('Integrity: FAILED, 2 violations');
    expect(text).toContain(
      '✗ [oversell] product <b>7</b>: oversold by 2: 12 units accepted with only 10 in stock',
    );
    expect(text).toContain('✗ [negative_stock] product <b>7</b>: stock is -2 after the run');
    expect(integrityFailureReasons(report)[0]).toBe(
      'integrity: product <b>7</b>: oversold by 2: 12 units accepted with only 10 in stock',
    );
    expect(formatIntegrityBlock(skippedIntegrity('auto', 'no token'))).toBe(
      'Integrity: not checked: no token',
    );
  });

  it('leads the markdown report: the headline names the violation, the section lists them, escaped', () => {
    const results = { ...sampleResults(), ledger, integrity: report };
    const md = renderMarkdownReport({
      results,
      thresholds: [],
      verdict: 'fail',
      failureReasons: integrityFailureReasons(report),
      profile: 'flash sale',
    });
    const first = md.split('\n')[0]!;
    expect(first).toMatch(
      /^## ❌ order-load-gate: integrity violation: product &lt;b&gt;7&lt;\/b&gt;: oversold by 2/,
    );
    expect(first).toContain('(+1 more)');
    expect(md).toContain('### Integrity: ❌ 2 violations');
    expect(md).toContain('- ❌ `oversell` product &lt;b&gt;7&lt;/b&gt;: oversold by 2');
    expect(md).not.toContain('<b>7</b>');
    expect(md.indexOf('### Integrity')).toBeLessThan(md.indexOf('### Compared with the baseline'));
  });

  it('round-trips through the results JSON with its raw inputs, so shards can be reconciled again', () => {
    const results = { ...sampleResults(), ledger, integrity: report };
    const back = parseResults(JSON.parse(JSON.stringify(results)), 'results.json');
    expect(back.integrity?.violations).toEqual(report.violations);
    const again = reconcileIntegrity({ ledger: back.ledger, ...back.integrity!.inputs! });
    expect(again.violations).toEqual(report.violations);
    expect(() =>
      parseResults({ ...JSON.parse(JSON.stringify(results)), integrity: { checked: 'yes' } }, 'bad.json'),
    ).toThrow(/bad.json: invalid results at integrity/);
  });
});
