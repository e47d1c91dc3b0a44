import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseResults } from '../../src/results/results-schema.js';
import { captureIo } from '../support/capture.js';
import { fakeShard, fakeShardSet, shardSettings } from './fixtures.js';

const PROFILE = ['--users', '200', '--threshold', 'success_rate>=0.8'];

describe('order-load-gate merge', () => {
  let dir: string;
  let paths: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'olg-merge-cli-'));
    const { files } = fakeShardSet(PROFILE, 3);
    paths = [];
    for (const [i, f] of files.entries()) {
      const path = join(dir, `shard-${i + 1}.json`);
      await writeFile(path, JSON.stringify(f.results));
      paths.push(path);
    }
  });

  it('merges the files into --out and judges the profile’s thresholds: exit 0', async () => {
    const io = captureIo();
    const out = join(dir, 'out', 'merged.json');
    expect(await runCli(['merge', ...paths, '--out', out], io)).toBe(0);
    const merged = parseResults(JSON.parse(await readFile(out, 'utf8')), out);
    expect(merged.orders.attempted).toBe(200);
    expect(io.out()).toMatch(/Merged 3 shards \(1\/3, 2\/3, 3\/3\)/);
    expect(io.out()).toMatch(/success_rate>=0\.8/);
  });

  it('exits 1 when a --threshold fails on the merged results', async () => {
    const io = captureIo();
    expect(await runCli(['merge', ...paths, '--threshold', 'success_rate>=0.95'], io)).toBe(1);
  });

  it('exits 2 with a clear message for a missing shard, a duplicate, another profile or no files', async () => {
    const cases: [string[], RegExp][] = [
      [[paths[0]!, paths[2]!], /shard 2\/3 is missing .*numbered from 1/],
      [[], /Expected the shards’ results files/],
      [[join(dir, 'nope.json')], /nope\.json: no such results file/],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      expect(await runCli(['merge', ...args], io), io.err()).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err()).toMatch(/OLG_ERR_(RESULTS|CONFIG)/);
    }
    // The same file named twice (a glob and its directory) is read once: a clean merge.
    expect(await runCli(['merge', ...paths, paths[1]!], captureIo())).toBe(0);
    const copy = join(dir, 'copy', 'shard-2.json');
    await mkdir(join(dir, 'copy'), { recursive: true });
    await writeFile(copy, await readFile(paths[1]!, 'utf8'));
    const io = captureIo();
    expect(await runCli(['merge', ...paths, copy], io)).toBe(2);
    expect(io.err()).toMatch(/shard 2\/3 appears twice/);
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify(fakeShard(shardSettings(['--users', '300'], '3/3')).results));
    const io2 = captureIo();
    expect(await runCli(['merge', paths[0]!, paths[1]!, other], io2)).toBe(2);
    expect(io2.err()).toMatch(/belong to different profiles: plan\.users is 300 in .*other\.json and 200 in/);
  });

  it('prints its help, which says shards are numbered from 1', async () => {
    const io = captureIo();
    expect(await runCli(['merge', '--help'], io)).toBe(0);
    expect(io.out()).toMatch(/k = 1\.\.n: shards are\s+numbered from 1/);
  });
});
