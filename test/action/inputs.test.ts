import { describe, expect, it } from 'vitest';
import { readGateSettings, secretInputs } from '../../src/action/inputs.js';

const getter = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

describe('the action inputs', () => {
  it('build the same run settings as the CLI, with the action defaults', () => {
    const s = readGateSettings(
      getter({
        'target-url': 'http://127.0.0.1:8000',
        users: '1000',
        'spawn-rate': '100',
        thresholds: 'success_rate>=0.9\n# a comment\n\nmean<1s\n',
        'report-dir': 'out',
      }),
      {},
    );
    expect(s.run.plan).toEqual({ kind: 'spawn', users: 1000, spawnRate: 100 });
    expect(s.run.thresholds.map((t) => t.expression)).toEqual(['success_rate>=0.9', 'mean<1s']);
    expect(s.run.out).toBe('out/results.json');
    expect(s.baseline).toEqual({ kind: 'branch', branch: 'order-load-gate-baselines' });
    expect(s.tolerance).toBeCloseTo(0.1);
    expect(s.updateBaseline).toBe('auto');
    expect(s.comment).toBe('auto');
    expect(s.readyPath).toBe('/health');
    expect(s.readyTimeoutMs).toBe(60_000);
    expect(s.run.graceMs).toBe(10_000);
  });

  it('take the graceful-stop window after run-time (grace)', () => {
    const s = readGateSettings(getter({ 'target-url': 'http://127.0.0.1:8000', grace: '3s' }), {});
    expect(s.run.graceMs).toBe(3_000);
  });

  it.each([
    [{ 'target-url': '' }, 'target-url'],
    [{ 'target-url': 'http://x', users: 'lots' }, 'users'],
    [{ 'target-url': 'http://x', 'spawn-rate': '-1' }, 'spawn-rate'],
    [{ 'target-url': 'http://x', seed: 'maybe' }, 'seed'],
    [{ 'target-url': 'http://x', seed: 'reference' }, 'admin-token'],
    [{ 'target-url': 'http://x', baseline: 's3:bucket' }, 'baseline'],
    [{ 'target-url': 'http://x', 'regression-tolerance': 'ten' }, 'regression-tolerance'],
    [{ 'target-url': 'http://x', comment: 'sometimes' }, 'comment'],
    [{ 'target-url': 'http://x', 'update-baseline': 'yes please' }, 'update-baseline'],
    [{ 'target-url': 'http://x', 'ready-timeout': 'soon' }, 'ready-timeout'],
    [{ 'target-url': 'http://x', grace: 'soon' }, 'grace'],
  ])('refuse %j naming the input %s, the value and what is expected', (inputs, name) => {
    let message = '';
    try {
      readGateSettings(getter(inputs as Record<string, string>), {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(name);
    expect(message).toMatch(/Expected|expected/);
  });

  it('lists the secrets to mask', () => {
    expect(secretInputs(getter({ 'admin-token': 'a', 'github-token': 'g', password: 'p' }))).toEqual([
      'a',
      'g',
      'p',
    ]);
  });
});
