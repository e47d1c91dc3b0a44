import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { FormError, fieldOfInput, formToRawInputs, settingsFromForm } from '../../src/ui/form-inputs.js';

const TARGET = 'http://127.0.0.1:8000';

/** The message the CLI prints for these argv (without its [code]). */
function cliMessage(argv: string[]): string {
  try {
    resolveRunSettings(parseRunArgs(argv, {}).raw);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`the CLI accepted ${argv.join(' ')}`);
}

async function formError(body: Record<string, unknown>): Promise<FormError> {
  try {
    await settingsFromForm(body);
  } catch (err) {
    expect(err).toBeInstanceOf(FormError);
    return err as FormError;
  }
  throw new Error('the form was accepted');
}

describe('the UI form, read as the CLI reads argv', () => {
  it('maps fields onto the raw inputs; empty fields take the CLI defaults', async () => {
    const raw = formToRawInputs({
      target: TARGET,
      users: '100',
      spawnRate: '',
      thresholds: 'mean<1s\n\nrps>1',
    });
    expect(raw).toMatchObject({
      target: TARGET,
      users: '100',
      seed: 'none',
      thresholds: ['mean<1s', 'rps>1'],
    });
    expect(raw.spawnRate).toBeUndefined();
    const s = await settingsFromForm({ target: TARGET, users: '100', spawnRate: '' });
    expect(s.plan).toEqual({ kind: 'spawn', users: 100, spawnRate: 50 });
    expect(s.iterations).toBe(1);
  });

  it('"seed first" seeds the reference shop, with the server’s admin token when the form has none', async () => {
    const s = await settingsFromForm({ target: TARGET, seed: true }, { adminToken: 'server-token' });
    expect(s.seed).toMatchObject({ mode: 'reference', adminToken: 'server-token' });
    const own = await settingsFromForm(
      { target: TARGET, seed: true, adminToken: 'mine' },
      { adminToken: 'x' },
    );
    expect(own.seed.adminToken).toBe('mine');
  });

  it.each([
    [{ users: 'abc' }, ['--users', 'abc'], 'users'],
    [{ spawnRate: '0' }, ['--spawn-rate', '0'], 'spawnRate'],
    [{ runTime: 'soon' }, ['--run-time', 'soon'], 'runTime'],
    [{ stages: '1m:100,0:5' }, ['--stages', '1m:100,0:5'], 'stages'],
    [{ shape: 'zigzag' }, ['--shape', 'zigzag'], 'shape'],
    [{ iterations: '-1' }, ['--iterations=-1'], 'iterations'],
    [{ profile: 'black-friday' }, ['--profile', 'black-friday'], 'profile'],
  ])('refuses %j with the CLI’s own message, naming the field', async (fields, argv, field) => {
    const err = await formError({ target: TARGET, ...fields });
    expect(err.message).toBe(cliMessage(['--target', TARGET, ...argv]));
    expect(err.field).toBe(field);
  });

  it('refuses a missing target, seeding without a token and a bad threshold as the CLI does', async () => {
    const noTarget = await formError({ users: '5' });
    expect(noTarget.message).toBe(cliMessage(['--users', '5']));
    expect(noTarget.field).toBe('target');
    const noToken = await formError({ target: TARGET, seed: true });
    expect(noToken.message).toBe(cliMessage(['--target', TARGET, '--seed']));
    expect(noToken.field).toBe('adminToken');
    const threshold = await formError({ target: TARGET, thresholds: 'speed>fast' });
    expect(threshold.message).toBe(cliMessage(['--target', TARGET, '--threshold', 'speed>fast']));
    expect(threshold.field).toBe('thresholds');
  });

  it('checks the scenario file before the start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'olg-ui-form-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'login: [1, 2\n');
    const err = await formError({ target: TARGET, scenario: file });
    expect(err.field).toBe('scenario');
    expect(err.message).toContain(file);
    const missing = await formError({ target: TARGET, scenario: join(dir, 'nope.yaml') });
    expect(missing.field).toBe('scenario');
  });

  it('refuses a body that is not an object, or fields that are not text', () => {
    expect(() => formToRawInputs([1])).toThrow(FormError);
    expect(() => formToRawInputs({ users: { $gt: 1 } })).toThrow(/users must be text/);
  });

  it('maps CLI flag names back to form fields', () => {
    expect(fieldOfInput('--spawn-rate')).toBe('spawnRate');
    expect(fieldOfInput('--threshold')).toBe('thresholds');
    expect(fieldOfInput('--seed')).toBe('seed');
    expect(fieldOfInput('--out')).toBeUndefined();
  });
});
