import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripForBaseline } from '../../src/compare/baseline-file.js';
import { DEFAULT_GATE_METRICS } from '../../src/compare/gate-metrics.js';
import type { Logger } from '../../src/core/logger.js';
import type { GateSettings } from '../../src/gate/gate-settings.js';
import { historyStep, MIN_HISTORY_RUNS } from '../../src/gate/history-step.js';
import type { GitHubRunContext } from '../../src/publish/context.js';
import { createFileStore } from '../../src/publish/file-store.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { makeRun, sha } from '../compare/fixtures.js';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, group: (_t, fn) => fn() };
const ctx = { isPullRequest: true, baseRef: 'main', refName: 'feature' } as GitHubRunContext;

async function settingsWithHistory(orderMs: number[]): Promise<GateSettings> {
  const path = join(await mkdtemp(join(tmpdir(), 'olg-history-')), 'baselines');
  const store = createFileStore(path);
  const entries = orderMs.map((ms, i) => ({
    recordedAt: new Date(Date.UTC(2026, 0, i + 1)).toISOString(),
    sha: sha(i),
    ref: 'main',
    results: stripForBaseline(makeRun({ orderMs: ms, n: 200 })),
  }));
  if (entries.length > 0)
    await store.save('users-200', { schemaVersion: 1, key: 'users-200', entries }, 'test');
  return {
    run: resolveRunSettings({ target: 'http://127.0.0.1:9', users: '200', progress: 'off' }),
    reportDir: path,
    readyPath: '/health',
    readyTimeoutMs: 1000,
    baseline: { kind: 'file', path },
    baselineKey: 'users-200',
    updateBaseline: 'false',
    tolerance: 0.1,
    comment: 'never',
    compare: 'history',
    verdict: {
      policy: { minRounds: 6, maxRounds: 12 },
      judge: { gateMetrics: DEFAULT_GATE_METRICS, tolerance: 0.1, successTolerance: 0.01 },
      failOnInconclusive: false,
      warmUp: 'auto',
    },
  };
}

describe('history mode', () => {
  it(`never fails with fewer than ${MIN_HISTORY_RUNS} stored runs, and says it is learning`, async () => {
    const settings = await settingsWithHistory([100, 102]);
    const step = await historyStep(settings, ctx, makeRun({ orderMs: 400, n: 200 }), silent);
    expect(step.failureReasons).toEqual([]);
    expect(step.view.learning).toEqual({ have: 2, need: 5 });
    expect(step.comparison.regressions).toEqual([]);
    expect(step.view.judgement?.metrics.find((m) => m.metric === 'order.p95')?.verdict).toBe('regressed');
  });

  it('with 5 runs judges gated metrics only, with the interval language; a 4x slower order fails', async () => {
    const settings = await settingsWithHistory([100, 104, 97, 101, 99]);
    const step = await historyStep(settings, ctx, makeRun({ orderMs: 400, n: 200 }), silent);
    expect(step.view.learning).toBeUndefined();
    expect(step.failureReasons).toEqual(['regression in order p95']);
    // flow.mean regressed too, but it is not a gate metric: reported only.
    expect(step.view.judgement!.metrics.find((m) => m.metric === 'flow.mean')!.verdict).toBe('regressed');
    expect(step.view.trend!.stored.map((s) => s.value)).toHaveLength(5);
  });

  it('a run inside the stored spread does not fail', async () => {
    const settings = await settingsWithHistory([100, 130, 80, 115, 90]);
    const step = await historyStep(settings, ctx, makeRun({ orderMs: 120, n: 200 }), silent);
    expect(step.failureReasons).toEqual([]);
  });
});
