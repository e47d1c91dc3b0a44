/**
 * The npm package as a user gets it: `npm pack` (its prepack builds lib/ afresh) in a copy of the
 * working tree, the tarball installed into an empty project, and the installed copy run: --help,
 * version, the reference shop (`shop`, on 127.0.0.1) and a short `run` with an HTML report against
 * it. Dependencies come from the npm cache when they are there (--prefer-offline).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResults } from '../../src/results/results.js';
import { childEnv, copyProject, runCommand } from '../support/project-copy.js';

interface PackedFile {
  path: string;
  size: number;
}
interface PackResult {
  name: string;
  version: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: PackedFile[];
}

const TOKEN = 'pack-test-admin-token';
/** What the package may hold: the compiled CLI and the four files every package has. */
const ALLOWED = /^(lib\/.+\.js|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;

describe('the npm package (npm pack, installed into an empty project)', () => {
  let work: string;
  let pkgDir: string;
  let app: string;
  let packed: PackResult;
  let shop: ChildProcess | undefined;

  const cli = (args: string[], timeoutMs = 60_000) =>
    runCommand('npx', ['--no', '--', 'order-load-gate', ...args], { cwd: app, timeoutMs });

  beforeAll(async () => {
    pkgDir = copyProject('olg-pack-', (path) => path.startsWith('dist/'));
    work = join(pkgDir, '..', `${pkgDir.split('/').pop()}-work`);
    mkdirSync(work);
    // What may lie in a packer's tree: reports, screenshots, a stale module in lib/.
    mkdirSync(join(pkgDir, 'reports'), { recursive: true });
    writeFileSync(join(pkgDir, 'reports', 'report.html'), '<html></html>');
    mkdirSync(join(pkgDir, 'test-artifacts'), { recursive: true });
    writeFileSync(join(pkgDir, 'test-artifacts', 'shot.png'), 'png');
    mkdirSync(join(pkgDir, 'lib'), { recursive: true });
    writeFileSync(join(pkgDir, 'lib', 'removed-module.js'), 'export {};\n');

    const pack = await runCommand('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: pkgDir,
      timeoutMs: 180_000,
    });
    expect(pack.code, pack.stderr).toBe(0);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;

    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'app', private: true }, null, 2)}\n`);
    const install = await runCommand(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename)],
      { cwd: app, timeoutMs: 180_000 },
    );
    expect(install.code, install.stderr).toBe(0);
  }, 400_000);

  afterAll(async () => {
    if (shop && shop.exitCode === null && shop.signalCode === null) shop.kill('SIGKILL');
    if (pkgDir) rmSync(pkgDir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('holds the compiled CLI, README, LICENSE and CHANGELOG, and nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths.filter((p) => !ALLOWED.test(p))).toEqual([]);
    for (const required of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'lib/cli.js',
      'lib/cli/main.js',
    ]) {
      expect(paths).toContain(required);
    }
    // no tests, maps, fixtures, reports, workflows, sources; lib/ was built afresh (prepack)
    expect(paths.filter((p) => /test|fixture|report\.html|\.map$|^\.github|^src\//.test(p))).toEqual([]);
    expect(paths).not.toContain('lib/removed-module.js');
    expect(packed.entryCount).toBe(paths.length);
    expect(packed.entryCount).toBeLessThan(300);
    expect(packed.name).toBe('order-load-gate');
  });

  it('installs with no build and no install script, and answers --help and version', async () => {
    const installed = JSON.parse(
      readFileSync(join(app, 'node_modules', 'order-load-gate', 'package.json'), 'utf8'),
    ) as { scripts?: Record<string, string>; version: string };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(installed.scripts?.[hook]).toBeUndefined();
    }
    const bin = join(app, 'node_modules', 'order-load-gate', 'lib', 'cli.js');
    expect(realpathSync(join(app, 'node_modules', '.bin', 'order-load-gate'))).toBe(realpathSync(bin));
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const help = await cli(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: order-load-gate <command>');
    const version = await cli(['version']);
    expect(version.stdout.trim()).toBe(installed.version);
  });

  it('starts the reference shop and runs a short load against it, with an HTML report', async () => {
    const started = spawn(
      process.execPath,
      [
        join(app, 'node_modules', '.bin', 'order-load-gate'),
        'shop',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--admin-token',
        TOKEN,
      ],
      { cwd: app, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    shop = started;
    let shopLog = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the shop was not ready in 60 s:\n${shopLog}`)),
        60_000,
      );
      const onData = (chunk: Buffer): void => {
        shopLog += chunk.toString();
        const match = /shop ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(shopLog);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      started.stdout!.on('data', onData);
      started.stderr!.on('data', onData);
      started.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the shop exited (${code}) before it was ready:\n${shopLog}`));
      });
    });

    const run = await cli([
      'run',
      '--target',
      url,
      '--seed',
      '--admin-token',
      TOKEN,
      '--users',
      '5',
      '--spawn-rate',
      '50',
      '--think-time',
      '0ms-0ms',
      '--run-time',
      '30s',
      '--progress',
      'off',
      '--out',
      'results.json',
      '--report',
      'report.html',
      '--threshold',
      'success_rate>=1',
    ]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('Order Concurrency Test Results');
    const results = JSON.parse(readFileSync(join(app, 'results.json'), 'utf8')) as RunResults;
    expect(results.orders).toMatchObject({ attempted: 5, succeeded: 5, failed: 0 });
    expect(results.tool).toEqual({ name: 'order-load-gate', version: packed.version });
    // uPlot found in the consumer's node_modules and inlined
    const report = readFileSync(join(app, 'report.html'), 'utf8');
    const uplot = readFileSync(join(app, 'node_modules', 'uplot', 'dist', 'uPlot.iife.min.js'), 'utf8');
    expect(report).toContain(uplot.slice(0, 200));

    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    started.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000)),
    ]);
    expect(code, shopLog).toBe(0);
    expect(shopLog).toContain('shop stopped');
  }, 120_000);
});
