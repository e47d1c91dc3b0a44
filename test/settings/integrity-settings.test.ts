import { describe, expect, it } from 'vitest';
import { readGateSettings } from '../../src/action/inputs.js';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { ConfigError } from '../../src/core/errors.js';
import { baselineKeyOf } from '../../src/gate/baseline-step.js';
import { actionInputName } from '../../src/settings/run-inputs.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';

const fromArgv = (argv: string[]) =>
  resolveRunSettings(parseRunArgs(['--target', 'http://127.0.0.1:1', ...argv], {}).raw);

describe('integrity and flash-sale settings', () => {
  it('defaults: integrity auto, read back up to 1000 orders, no processing wait, standard profile', () => {
    const s = fromArgv([]);
    expect(s.integrity).toMatchObject({ mode: 'auto', readBackLimit: 1000, waitProcessedMs: 0 });
    expect(s.profile).toBe('standard');
    expect(s.flashSale).toBeUndefined();
  });

  it('--profile flash-sale --stock 100 --users 1000: one unit of one product per user, seeded with the stock', () => {
    const s = fromArgv([
      '--profile',
      'flash-sale',
      '--stock',
      '100',
      '--users',
      '1000',
      '--wait-processed',
      '60s',
    ]);
    expect(s.flashSale).toEqual({ stock: 100, stockGiven: true });
    expect(s.iterations).toBe(1);
    expect(s.itemsPerOrder).toEqual([1, 1]);
    expect(s.seed).toMatchObject({ products: 1, stock: 100, users: 1000 });
    expect(s.integrity.waitProcessedMs).toBe(60_000);
  });

  it('names the input in errors', () => {
    expect(() => fromArgv(['--integrity', 'maybe'])).toThrow(
      /--integrity: "maybe". Expected one of auto, on, off/,
    );
    expect(() => fromArgv(['--stock', '5'])).toThrow(/--stock.*without --profile flash-sale/);
    expect(() => fromArgv(['--profile', 'flash-sale', '--shape', 'smoke'])).toThrow(ConfigError);
    expect(() => fromArgv(['--profile', 'flash-sale', '--iterations', '3'])).toThrow(/--iterations/);
    expect(() => fromArgv(['--integrity', 'off', '--wait-processed', '10s'])).toThrow(/--wait-processed/);
    expect(() => fromArgv(['--read-back', '-1'])).toThrow(/--read-back/);
    expect(() => fromArgv(['--profile', 'flash-sale', '--stock', '-1'])).toThrow(/--stock/);
  });

  it('accepts --stock 0: a sale of nothing, where every order must be refused', () => {
    expect(fromArgv(['--profile', 'flash-sale', '--stock', '0']).flashSale).toEqual({
      stock: 0,
      stockGiven: true,
    });
  });

  it('maps the action inputs (profile, stock, integrity, wait-processed) and keys a flash sale apart', () => {
    const inputs: Record<string, string> = {
      'target-url': 'http://127.0.0.1:1',
      users: '40',
      profile: 'flash-sale',
      stock: '10',
      integrity: 'on',
      'wait-processed': '30s',
    };
    const g = readGateSettings((n) => inputs[n] ?? '', {});
    expect(g.run.flashSale).toEqual({ stock: 10, stockGiven: true });
    expect(g.run.integrity).toMatchObject({ mode: 'on', waitProcessedMs: 30_000 });
    expect(baselineKeyOf(g)).toBe('flash-sale-users-40');
    expect(actionInputName('waitProcessed')).toBe('wait-processed');
    expect(() => readGateSettings((n) => ({ ...inputs, stock: 'x' })[n] ?? '', {})).toThrow(/for stock: "x"/);
  });
});
