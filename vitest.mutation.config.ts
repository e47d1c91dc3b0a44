import { defineConfig } from 'vitest/config';

/**
 * The vitest configuration of the mutation run (npm run test:mutation): only the fast, pure
 * test files of the modules that decide outcomes (no PostgreSQL, no shop, no browser, no dist/),
 * so that each mutant runs in a second on a busy 2-core machine. Stryker's vitest runner then
 * runs, per mutant, only the tests that cover it.
 */
export default defineConfig({
  test: {
    include: [
      'test/compare/compare.test.ts',
      'test/compare/verdict-boundaries.test.ts',
      'test/results/thresholds.test.ts',
      'test/results/threshold-metrics.test.ts',
      'test/reconcile/reconcile.test.ts',
      'test/reconcile/tally.test.ts',
      'test/reconcile/reconcile-stock-counts.test.ts',
      'test/reconcile/reconcile-read-back.test.ts',
      'test/reconcile/reconcile-sale-report.test.ts',
      'test/merge/merge-integrity.test.ts',
      'test/merge/merge-processing.test.ts',
      'test/merge/merge-results.test.ts',
      'test/merge/merge-edges.test.ts',
      'test/publish/api-errors.test.ts',
      'test/action/action-source.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
