import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { pairedFile } from '../../src/paired/paired-gate.js';
import { makeRun } from '../compare/fixtures.js';
import { captureIo } from '../support/capture.js';

describe('order-load-gate diff (benchstat for results files)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'olg-diff-'));
    await mkdir(join(dir, 'base'));
    await mkdir(join(dir, 'slow'));
    await mkdir(join(dir, 'same'));
    const jitter = [0.98, 1.01, 1.02, 0.99, 1.0];
    for (const [i, j] of jitter.entries()) {
      await writeFile(join(dir, 'base', `run-${i}.json`), JSON.stringify(makeRun({ orderMs: 100 * j })));
      await writeFile(join(dir, 'slow', `run-${i}.json`), JSON.stringify(makeRun({ orderMs: 140 * j })));
      await writeFile(
        join(dir, 'same', `run-${i}.json`),
        JSON.stringify(makeRun({ orderMs: 100 * jitter[4 - i]! })),
      );
    }
    await writeFile(join(dir, 'one.json'), JSON.stringify(makeRun({ orderMs: 100 })));
    await writeFile(join(dir, 'two.json'), JSON.stringify(makeRun({ orderMs: 130, failedOrders: 3 })));
  });

  it('groups of runs: a table per head with the change, its interval and the verdict; exit 1 on a gated regression', async () => {
    const io = captureIo();
    const code = await runCli(['diff', join(dir, 'base'), join(dir, 'slow'), join(dir, 'same')], io);
    const out = io.out();
    expect(code).toBe(1);
    expect(out).toMatch(/base \(5 runs\) vs .*slow \(5 runs\)/);
    expect(out).toMatch(
      /\* order p95 +\d+\.\d+ms +\d+\.\d+ms +\+40\.0% \(95% CI \+\d+\.\d% \.\. \+\d+\.\d%\) +regressed/,
    );
    expect(out).toMatch(/\* order p95 .*\(95% CI -\d\.\d% \.\. \+\d\.\d%\) +unchanged/);
    expect(out).toContain('~ inconclusive');
  });

  it('one run against one run: the change, no interval, "~"', async () => {
    const io = captureIo();
    const code = await runCli(['diff', join(dir, 'one.json'), join(dir, 'two.json')], io);
    expect(code).toBe(0);
    expect(io.out()).toMatch(/\* order p95 .*\+30\.0% \(no interval: too few samples\) +~/);
    expect(io.out()).toMatch(/\* success rate +100\.00% +97\.00% +-3\.00 pt \(95% CI/);
  });

  it('a paired.json written by compare is judged again from its rounds, e.g. with another tolerance', async () => {
    const rounds = [100, 130, 131, 99, 101, 129].map((orderMs, i) => ({
      round: i + 1,
      side: (['base', 'head', 'head', 'base', 'base', 'head'] as const)[i]!,
      results: makeRun({ orderMs, n: 400 }),
      durationMs: 1000,
    }));
    const judgement = { mode: 'paired' as const, metrics: [], regressions: [], inconclusive: [], n: 3 };
    const file = pairedFile({ rounds, judgement, stoppedBy: 'decided', elapsedMs: 6000 });
    await writeFile(join(dir, 'paired.json'), JSON.stringify(file));
    const io = captureIo();
    expect(await runCli(['diff', join(dir, 'paired.json')], io)).toBe(1);
    expect(io.out()).toMatch(/3 pairs of rounds \(paired log ratios\)/);
    expect(io.out()).toMatch(/\* order p95 .*\+30\.\d% \(95% CI .*\) +regressed/);
    const wide = captureIo();
    expect(await runCli(['diff', dir, '--tolerance', '50%'], wide)).toBe(0);
    expect(wide.out()).toMatch(/\* order p95 .* +unchanged/);
  });

  it('refuses what is not a results file, naming it', async () => {
    await writeFile(join(dir, 'bad.json'), '{"hello": 1}');
    const io = captureIo();
    const code = await runCli(['diff', join(dir, 'one.json'), join(dir, 'bad.json')], io);
    expect(code).toBe(2);
    expect(io.err()).toContain('bad.json: not a results file');
  });
});
