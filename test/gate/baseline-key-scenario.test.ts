import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGateSettings } from '../../src/action/inputs.js';
import { baselineKeyOf } from '../../src/gate/baseline-step.js';

describe('the baseline key of a gate run with a scenario file', () => {
  it('comes from the file’s name: field, so two shops’ scenario.yaml do not share a series', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-key-'));
    const a = join(dir, 'a', 'scenario.yaml');
    const b = join(dir, 'b-scenario.yaml');
    await mkdir(join(dir, 'a'));
    await writeFile(a, 'version: 1\nname: Shop A\n');
    await writeFile(b, 'version: 1\n');
    const key = (scenario: string) => {
      const inputs: Record<string, string> = { 'target-url': 'http://127.0.0.1:1', users: '500', scenario };
      return baselineKeyOf(readGateSettings((n) => inputs[n] ?? '', {}));
    };
    expect(key(a)).toBe('shop-a-users-500');
    expect(key(b)).toBe('b-scenario-users-500');
  });
});
