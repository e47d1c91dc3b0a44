/**
 * The action itself (dist/index.js under Node 24, as the runner starts it, GitHub faked through
 * GITHUB_API_URL) against the Django example on this machine, the way examples/django/workflow.yml
 * uses it in history mode: the start-command runs the example's serve.sh (gunicorn and a Celery
 * worker on the tests' PostgreSQL and a redis-server of the test's own), the seed command is the
 * example's `manage.py seed_load_test`, the scenario is examples/django/scenario.yaml.
 *  - a push with 200 users passes, sets its outputs, and the orders in its results equal the
 *    shop's own statistics (GET /api/admin/stats/) before and after; integrity is clean;
 *  - with SHOP_RACY_ORDERS=1 in the start-command (the order view's deliberate lost update) on two
 *    products, the step fails and its summary names the integrity violation.
 * The action stops its start-command's process group; the test checks that it did and kills the
 * group itself on any path where it did not. When the Debian packages are missing the test fails
 * and says what to install.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/bring-up/free-port.js';
import type { RunResults } from '../../src/results/results.js';
import {
  DJANGO_DIR,
  type DjangoBackends,
  type DjangoStats,
  PYTHON,
  prepareDjangoBackends,
  waitFor,
} from '../support/django-shop.js';
import { type FakeGitHub, startFakeGitHub } from '../support/fake-github.js';
import { NODE24, ROOT, runAction } from '../support/run-action.js';

const REPO = 'acme/django-shop';
const TOKEN = 'ghs_django_action_token';
const PASSWORD = 'django-action-pw';
const SCENARIO = join(DJANGO_DIR, 'scenario.yaml');

const pushEvent = (sha: string) => ({
  name: 'push',
  payload: { ref: 'refs/heads/main', after: sha, repository: { full_name: REPO, default_branch: 'main' } },
});

/** The runner's annotations and the target's log tail: what a failing assertion should show. */
async function explain(r: { stdout: string; stderr: string }, reportDir: string): Promise<string> {
  const annotations = r.stdout
    .split('\n')
    .filter((l) => /^::(error|warning)/.test(l))
    .join('\n');
  const target = await readFile(join(reportDir, 'target.log'), 'utf8').catch(() => '(no target.log)');
  return `${annotations}\n${r.stderr.slice(-2000)}\n--- target.log ---\n${target.slice(-3000)}`;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('the action (dist/index.js, Node 24) against the Django example: serve.sh, manage.py seed, scenario file', () => {
  let backends: DjangoBackends;
  let github: FakeGitHub;
  let work: string;
  /** Process groups of start-commands, killed after each case if the action left them running. */
  const groups: number[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'index.js')))
      throw new Error('dist/index.js is missing: run npm run bundle');
    if (!existsSync(NODE24)) throw new Error(`${NODE24} is missing: run npm ci`);
    backends = await prepareDjangoBackends();
    github = await startFakeGitHub({ repos: { [REPO]: {} } });
    work = await mkdtemp(join(tmpdir(), 'olg-django-action-'));
  }, 90_000);
  afterEach(() => {
    for (const pgid of groups.splice(0)) if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
  });
  afterAll(async () => {
    await github?.close();
    await backends?.close();
    if (work) await rm(work, { recursive: true, force: true });
  }, 30_000);

  /** The shop's own statistics, read from a gunicorn of the test's own while the action's is down. */
  async function shopStats(): Promise<DjangoStats> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const web: ChildProcess = backends.start(
      'stats-gunicorn',
      [PYTHON, '-m', 'gunicorn', '--workers', '1', '--bind', `127.0.0.1:${port}`, 'shop_project.wsgi'],
      backends.env,
    );
    try {
      await waitFor(
        async () => (await fetch(`${url}/api/health/`)).ok,
        'gunicorn (stats)',
        30_000,
        backends.logs,
      );
      return await backends.stats(url);
    } finally {
      await backends.stopOne(web);
    }
  }

  async function run(
    name: string,
    sha: string,
    seedArgs: string,
    extra: Record<string, string>,
    users: number,
  ) {
    const port = await freePort();
    const reportDir = join(work, `report-${name}`);
    const pidFile = join(work, `${name}.pid`);
    // `sh -c` is the group leader; $$ is the group the action signals at the end.
    const startCommand = `echo $$ > '${pidFile}' && exec ${backends.serveCommand(port, {
      WEB_WORKERS: '3',
      WEB_THREADS: '4',
      ...extra,
    })}`;
    const r = await runAction({
      inputs: {
        'target-url': `http://127.0.0.1:${port}`,
        'start-command': startCommand,
        'ready-path': '/api/health/',
        'ready-timeout': '60s',
        scenario: SCENARIO,
        seed: 'command',
        'seed-command': backends.manage(`seed_load_test ${seedArgs}`),
        'admin-token': backends.adminToken,
        password: PASSWORD,
        users: String(users),
        'spawn-rate': '100',
        iterations: '1',
        'wait-processed': '60s',
        thresholds: 'success_rate>=0.95\n',
        baseline: 'branch:order-load-gate-baselines',
        'update-baseline': 'auto',
        comment: 'auto',
        'github-token': TOKEN,
        'report-dir': reportDir,
      },
      event: pushEvent(sha),
      cwd: work,
      env: {
        GITHUB_REPOSITORY: REPO,
        GITHUB_SHA: sha,
        GITHUB_REF: 'refs/heads/main',
        GITHUB_API_URL: github.url,
        // The scenario's accounts.passwordEnv and the seed command read it.
        SHOP_LOAD_TEST_PASSWORD: PASSWORD,
      },
      timeoutMs: 240_000,
    });
    const pgid = Number((await readFile(pidFile, 'utf8').catch(() => '0')).trim());
    if (pgid > 0) groups.push(pgid);
    const why = await explain(r, reportDir);
    // The action stopped serve.sh's whole group: gunicorn, its workers and the Celery worker.
    expect(pgid, `the start-command never ran\n${why}`).toBeGreaterThan(0);
    await waitFor(
      async () => !groupAlive(pgid),
      'the end of the start-command group',
      15_000,
      () => why,
    ).catch(() => {});
    expect(groupAlive(pgid), `the action left the start-command's processes running\n${why}`).toBe(false);
    const results = r.outputs['report-path']
      ? (JSON.parse(await readFile(r.outputs['report-path'], 'utf8')) as RunResults)
      : undefined;
    return { ...r, results, why };
  }

  it('a push with 200 users: pass, outputs set, orders equal to the shop’s own statistics, integrity clean', async () => {
    const before = await shopStats();
    const sha = 'd'.repeat(40);
    const r = await run('clean', sha, '--users 200 --products 50 --stock 10000', {}, 200);
    expect(r.code, r.why).toBe(0);
    expect(r.outputs.result).toBe('pass');
    expect(r.outputs['orders-attempted']).toBe('200');
    expect(r.outputs['orders-succeeded']).toBe('200');
    expect(Number(r.outputs['success-rate'])).toBe(1);
    expect(Number(r.outputs['p95-ms'])).toBeGreaterThan(0);
    expect(Number(r.outputs.rps)).toBeGreaterThan(0);
    const results = r.results!;
    expect(results.orders).toEqual({ attempted: 200, succeeded: 200, failed: 0, outOfStock: 0 });
    const after = await shopStats();
    const units = results.ledger.reduce((n, o) => n + o.items.reduce((m, i) => m + i.quantity, 0), 0);
    expect(after.orders - before.orders).toBe(results.orders.succeeded);
    expect(after.units_sold - before.units_sold).toBe(units);
    expect(after.by_status.processed ?? 0).toBe(after.orders); // serve.sh's Celery worker processed them
    expect(results.integrity?.checked).toBe(true);
    expect(results.integrity?.violations).toEqual([]);
    expect(results.integrity?.summary.ordersCreated).toBe(200);
    expect(r.summary.split('\n')[0]).toMatch(/pass/i);
    expect(r.summary).toContain('Integrity: ✅ clean');
    expect(r.summary).not.toContain('this PR'); // a push is a run, not a pull request
    // History mode: the push recorded the run in the baseline branch.
    const files = github.state.files(REPO, 'order-load-gate-baselines');
    expect(Object.keys(files ?? {}).some((p) => p.startsWith('baselines/'))).toBe(true);
    const log = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    expect(log + r.summary).not.toContain(PASSWORD);
    expect(log + r.summary).not.toContain(backends.adminToken);
  }, 300_000);

  it('SHOP_RACY_ORDERS=1 in the start-command: the lost updates are caught, the step fails, the summary names them', async () => {
    const sha = 'e'.repeat(40);
    const r = await run('racy', sha, '--users 100 --products 2 --stock 1000', { SHOP_RACY_ORDERS: '1' }, 100);
    expect(r.code, r.why).not.toBe(0);
    expect(r.outputs.result, r.why).toBe('fail');
    const kinds = new Set(r.results?.integrity?.violations.map((v) => v.kind));
    expect(kinds.has('lost_decrement') || kinds.has('oversell'), r.why).toBe(true);
    expect(r.summary).toMatch(/### Integrity: ❌ \d+ violations?/);
    expect(r.summary).toMatch(/lost_decrement|oversell/);
    expect(r.stdout).toMatch(/^::error.*integrity/im);
  }, 300_000);
});
