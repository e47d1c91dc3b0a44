/**
 * The action's load process (src/action/load-process.ts): the action runs in a child started
 * with V8 limits; signals reach it, its exit code is the step's, and it never outlives the parent.
 * Behaviour only: what the limits do to speed and memory is measured by `npm run bench`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_OLD_SPACE_MB,
  DEFAULT_SEMI_SPACE_MB,
  loadProcessLimits,
  v8Flags,
} from '../../src/action/load-process-limits.js';
import { ConfigError } from '../../src/core/errors.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'supervised.ts');
const started: ChildProcess[] = [];

function start(env: Record<string, string>): { child: ChildProcess; out: () => string } {
  delete process.env.MALLOC_ARENA_MAX;
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, OLG_LOAD_PROCESS: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  let text = '';
  child.stdout!.on('data', (d: Buffer) => {
    text += d.toString();
  });
  return { child, out: () => text };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

async function until<T>(read: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const childInfo = (text: string) => {
  const m = /^child: (\{.*\})$/m.exec(text);
  return m
    ? (JSON.parse(m[1]!) as { pid: number; execArgv: string[]; role: string; arena?: string })
    : undefined;
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('the load process limits', () => {
  it('defaults, and values from the environment', () => {
    expect(loadProcessLimits({})).toEqual({
      semiSpaceMb: DEFAULT_SEMI_SPACE_MB,
      oldSpaceMb: DEFAULT_OLD_SPACE_MB,
    });
    const limits = loadProcessLimits({ OLG_MAX_SEMI_SPACE_MB: '16', OLG_MAX_OLD_SPACE_MB: ' 512 ' });
    expect(limits).toEqual({ semiSpaceMb: 16, oldSpaceMb: 512 });
    expect(v8Flags(limits)).toEqual(['--max-semi-space-size=16', '--max-old-space-size=512']);
  });

  it.each([
    ['OLG_MAX_SEMI_SPACE_MB', '0'],
    ['OLG_MAX_SEMI_SPACE_MB', '8MB'],
    ['OLG_MAX_SEMI_SPACE_MB', '1.5'],
    ['OLG_MAX_OLD_SPACE_MB', '32'],
    ['OLG_MAX_OLD_SPACE_MB', '-1'],
  ])('a bad %s (%s) is a config error naming the variable', (name, value) => {
    let error: unknown;
    try {
      loadProcessLimits({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('OLG_ERR_CONFIG');
    expect((error as ConfigError).message).toContain(name);
  });
});

describe('the supervised load process', () => {
  it('runs with the V8 flags and hands its exit code to the parent', async () => {
    const { child, out } = start({ CHILD_EXIT: '3' });
    expect(await exited(child)).toBe(3);
    const info = childInfo(out());
    expect(info?.role).toBe('child');
    expect(info?.arena).toBe('2');
    expect(info?.execArgv).toEqual(
      expect.arrayContaining(['--max-semi-space-size=4', '--max-old-space-size=96']),
    );
    expect(out()).toContain('parent: {"code":3}');
  });

  it('forwards SIGINT to the load process and ends with its code', async () => {
    const { child, out } = start({ CHILD_MS: '30000' });
    await until(() => childInfo(out()));
    child.kill('SIGINT');
    expect(await exited(child)).toBe(130);
    expect(out()).toContain('child: SIGINT');
  });

  it('the load process ends when the parent is killed', async () => {
    const { child, out } = start({ CHILD_MS: '30000' });
    const info = await until(() => childInfo(out()));
    child.kill('SIGKILL');
    await exited(child);
    await until(() => (alive(info.pid) ? undefined : true));
    expect(alive(info.pid)).toBe(false);
  });
});
