/**
 * Diagnoses that name the likely cause (on 127.0.0.1, in-process, a handful of requests each):
 * a refused password, a target that is not the shop's API, seeding an HTML page, a busy port,
 * inputs that used to be accepted silently, and a looping run of 200 users without a
 * MaxListenersExceededWarning.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { silentLogger } from '../../src/core/logger.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { startUiServer } from '../../src/ui/server.js';
import { captureIo } from '../support/capture.js';
import { observe, runCli as runCliProcess, startFaultTarget } from './support/harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function serve(handler: (path: string) => [number, string, string]): Promise<string> {
  const server: Server = createServer((req, res) => {
    const [status, type, body] = handler((req.url ?? '/').split('?')[0]!);
    req.resume();
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function cli(args: string[]) {
  const io = captureIo();
  const code = await runCli(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Debian's Node 20 when present (the CLI's minimum, `engines`), else the Node running the tests. */
const NODE20 = ['/usr/bin/node'].find(
  (p) => existsSync(p) && execFileSync(p, ['-v']).toString().startsWith('v20'),
);

describe('diagnoses', () => {
  it('a refused login (401) names --password', async () => {
    const url = await serve((path) =>
      path === '/api/auth/login'
        ? [401, 'application/json', '{"detail":"bad credentials"}']
        : [200, 'text/plain', 'ok'],
    );
    const r = await cli(['run', '--target', url, '--users', '2', '--password', 'wrong-pass-1']);
    observe('wrong --password (401)', { exit: r.code, message: r.err.trim() });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/OLG_ERR_LOGIN_REJECTED/);
    expect(r.err).toMatch(/--password/);
    expect(r.err).not.toMatch(/seed data is probably missing/);
  });

  it('a target that answers 404 or HTML names the path that answered', async () => {
    const html = await serve(() => [200, 'text/html', '<!doctype html><p>Welcome to nginx']);
    const missing = await serve(() => [404, 'text/plain', 'Not Found']);
    for (const url of [html, missing]) {
      const r = await cli(['run', '--target', url, '--users', '2']);
      observe(`login against a ${url === html ? 'HTML page' : '404'}`, {
        exit: r.code,
        message: r.err.trim(),
      });
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/OLG_ERR_NOT_A_SHOP/);
      expect(r.err).toContain('POST /api/auth/login');
      expect(r.err).toMatch(url === html ? /HTML page/ : /404/);
    }
  });

  it('seeding an HTML page: one line with a code, no stack trace', async () => {
    const url = await serve(() => [200, 'text/html', '<html><body>login</body></html>']);
    const r = await cli(['seed', '--target', url, '--admin-token', 'tok-123456', '--users', '2']);
    observe('seed against an HTML page', { exit: r.code, message: r.err.trim() });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/HTML page.*\[OLG_ERR_SEED_FAILED\]/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('ui and shop on a busy port: one line with a code', async () => {
    const url = await serve(() => [200, 'text/plain', 'busy']);
    const port = new URL(url).port;
    const ui = await cli(['ui', '--port', port]);
    const shop = await cli(['shop', '--port', port, '--database-url', 'postgres://127.0.0.1:1/none']);
    observe('ui / shop on a busy port', {
      ui: ui.err.trim(),
      shop: shop.err.trim().split('\n').slice(-1)[0],
    });
    expect(ui.code).toBe(2);
    expect(ui.err).toMatch(/already in use.*\[OLG_ERR_PORT_IN_USE\]/);
    expect(ui.err).not.toMatch(/\n\s+at /);
    await expect(startUiServer({ port: Number(port), logger: silentLogger })).rejects.toMatchObject({
      code: 'OLG_ERR_PORT_IN_USE',
    });
  });

  it('the four inputs that used to be accepted silently are refused, naming the input', () => {
    const base = { target: 'http://127.0.0.1:1' };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["--threshold ''", { thresholds: [''] }, /--threshold/],
      ['--arrival-rate 0/s --stages', { arrivalRate: '0/s', stages: '10s:5' }, /--arrival-rate/],
      ['--spawn-rate with --arrival-rate', { arrivalRate: '5/s', spawnRate: '10' }, /--spawn-rate/],
      [
        '--seed-users 10 --users 50',
        { users: '50', seedUsers: '10', seed: 'reference', adminToken: 'tok-1' },
        /--seed-users/,
      ],
    ];
    for (const [name, raw, input] of cases) {
      let message = '';
      try {
        resolveRunSettings({ ...base, ...raw });
      } catch (err) {
        message = `${(err as Error).message} [${(err as { code?: string }).code}]`;
      }
      observe(`refused: ${name}`, { message });
      expect(message, name).toMatch(input);
      expect(message, name).toMatch(/OLG_ERR_CONFIG/);
    }
  });

  it('a looping run of 200 users prints no MaxListenersExceededWarning', async () => {
    const shop = await startFaultTarget('shop');
    closers.push(() => shop.stop());
    const r = await runCliProcess(
      [
        'run',
        ...['--target', shop.url, '--users', '200', '--spawn-rate', '1000', '--iterations', '0'],
        ...['--think-time', '0.2s-0.4s', '--run-time', '3s', '--progress', 'off'],
      ],
      // Node 20 (the oldest Node the CLI supports) prints the warning; Node 24 no longer does.
      { timeoutMs: 60_000, node: NODE20 },
    );
    const warned = /MaxListenersExceededWarning/.test(r.stderr);
    observe('looping 200-user run', { exit: r.code, maxListenersWarning: warned });
    expect(r.code).toBe(0);
    expect(warned).toBe(false);
  });
});
