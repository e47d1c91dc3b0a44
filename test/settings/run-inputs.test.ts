import { describe, expect, it } from 'vitest';
import { readGateSettings } from '../../src/action/inputs.js';
import { parseRunArgs, RUN_USAGE } from '../../src/cli/run-args.js';
import { actionInputName, cliInputName, RUN_INPUTS } from '../../src/settings/run-inputs.js';

describe('the run inputs are made from their declarations', () => {
  it('the CLI takes every declared flag into its key, and the usage lists it', () => {
    for (const input of RUN_INPUTS) {
      const argv = input.kind === 'boolean' ? [`--${input.flag}`] : [`--${input.flag}`, 'v1'];
      const { raw } = parseRunArgs(argv, {});
      const value = (raw as Record<string, unknown>)[input.key];
      if (input.kind === 'list') expect(value, input.flag).toEqual(['v1']);
      else if (input.kind === 'boolean') expect(value, input.flag).toBeDefined();
      else expect(value, input.flag).toBe('v1');
      expect(RUN_USAGE).toContain(`--${input.flag}`);
      expect(cliInputName(input.key)).toBe(`--${input.flag}`);
      if (input.short) expect(parseRunArgs([`-${input.short}`, '7'], {}).raw).toHaveProperty(input.key, '7');
    }
  });

  it('the action reads every declared action input under its own name', () => {
    for (const input of RUN_INPUTS.filter((i) => i.action !== undefined)) {
      expect(actionInputName(input.key)).toBe(input.action);
    }
    // A bad value is refused naming the action's input, so each one reached its key.
    for (const [name, bad] of [
      ['users', 'lots'],
      ['run-time', 'soon'],
      ['grace', 'soon'],
      ['read-back', '-1'],
    ] as const) {
      const get = (n: string) => ({ 'target-url': 'http://127.0.0.1:1', [name]: bad })[n] ?? '';
      expect(() => readGateSettings(get, {}), name).toThrow(new RegExp(`for ${name}: "${bad}"`));
    }
  });

  it('falls back to the environment where the declaration says so (admin token)', () => {
    const env = { ORDER_LOAD_GATE_ADMIN_TOKEN: 'from-env' };
    expect(parseRunArgs([], env).raw.adminToken).toBe('from-env');
    expect(parseRunArgs(['--admin-token', 'flag'], env).raw.adminToken).toBe('flag');
    const get = (n: string) => ({ 'target-url': 'http://127.0.0.1:1', seed: 'reference' })[n] ?? '';
    expect(readGateSettings(get, env).run.seed.adminToken).toBe('from-env');
  });
});
