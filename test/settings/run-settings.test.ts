import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { ConfigError } from '../../src/core/errors.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';

const fromArgv = (argv: string[], env: NodeJS.ProcessEnv = {}) =>
  resolveRunSettings(parseRunArgs(argv, env).raw);

describe('run settings from argv', () => {
  it('applies the origin defaults: 500 users at 50/s, one order each, 10 minute cap', () => {
    const s = fromArgv(['--target', 'http://127.0.0.1:8000/']);
    expect(s.target).toBe('http://127.0.0.1:8000');
    expect(s.plan).toEqual({ kind: 'spawn', users: 500, spawnRate: 50 });
    expect(s.iterations).toBe(1);
    expect(s.runTimeMs).toBe(600_000);
    expect(s.thinkTimeMs).toEqual([1000, 3000]);
    expect(s.usersNeeded).toBe(500);
    expect(s.itemsPerOrder).toEqual([1, 2]);
    expect(s.seed.mode).toBe('none');
  });

  it('stops gracefully within --grace after the run time (default: the timeout, at most 10 s)', () => {
    expect(fromArgv(['--target', 'http://127.0.0.1:1']).graceMs).toBe(10_000);
    expect(fromArgv(['--target', 'http://127.0.0.1:1', '--timeout', '4s']).graceMs).toBe(4_000);
    expect(fromArgv(['--target', 'http://127.0.0.1:1', '--grace', '2s']).graceMs).toBe(2_000);
    expect(fromArgv(['--target', 'http://127.0.0.1:1', '--grace', '0s']).graceMs).toBe(0);
    expect(() => fromArgv(['--target', 'http://127.0.0.1:1', '--grace', 'soon'])).toThrow(/--grace/);
    expect(() => fromArgv(['--target', 'http://127.0.0.1:1', '--grace', '2h'])).toThrow(/--grace/);
  });

  it('takes a named shape and makes its users loop', () => {
    const s = fromArgv(['--target', 'http://localhost:1', '--shape', 'ramp-1000']);
    expect(s.plan.kind).toBe('stages');
    expect(s.iterations).toBe(0);
    expect(s.usersNeeded).toBe(1000);
  });

  it('builds an open-model plan from --arrival-rate', () => {
    const s = fromArgv([
      '--target',
      'http://localhost:1',
      '--arrival-rate',
      '50/s',
      '--max-users',
      '200',
      '--run-time',
      '30s',
    ]);
    expect(s.plan).toEqual({ kind: 'arrival', rate: 50, maxUsers: 200, durationMs: 30_000 });
    expect(s.usersNeeded).toBe(200);
  });

  it('seeds through the reference shop with the token from the environment', () => {
    const s = fromArgv(['--target', 'http://localhost:1', '--seed', '--users', '20'], {
      ORDER_LOAD_GATE_ADMIN_TOKEN: 'tok',
    });
    expect(s.seed).toMatchObject({
      mode: 'reference',
      adminToken: 'tok',
      users: 20,
      products: 100,
      stock: 100_000,
    });
  });

  it.each([
    [['--users', 'many'], '--users', 'an integer from 1 to 100000'],
    [['--spawn-rate', '0'], '--spawn-rate', 'users per second'],
    [['--run-time', '10 minutes'], '--run-time', 'a duration'],
    [['--stages', '1m:100,30s:50'], '--stages', 'strictly increasing'],
    [['--shape', 'zigzag'], '--shape', 'ramp-1000'],
    [['--think-time', '3s-1s'], '--think-time', 'range'],
    [['--items-per-order', '0'], '--items-per-order', '1 to 20'],
    [['--seed'], '--admin-token', 'admin token'],
    [['--threshold', 'p95 <'], 'Invalid threshold', 'expected'],
  ])('rejects %j naming %s and what is expected', (extra, input, expected) => {
    let error: unknown;
    try {
      fromArgv(['--target', 'http://localhost:1', ...extra]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(input);
    expect((error as Error).message.toLowerCase()).toContain(expected.toLowerCase());
  });

  it('requires a target and refuses URLs with credentials without echoing them', () => {
    expect(() => fromArgv([])).toThrow(ConfigError);
    expect(() => fromArgv(['--target', 'ftp://x'])).toThrow(/--target.*http/);
    let message = '';
    try {
      fromArgv(['--target', 'http://bob:s3cret@localhost:1']);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('--target');
    expect(message).not.toContain('s3cret');
  });

  it('refuses unknown options with a pointer to --help', () => {
    expect(() => parseRunArgs(['--userz', '5'])).toThrow(/--userz|Unknown option/);
  });
});
