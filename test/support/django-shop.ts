/**
 * The example Django shop (examples/django) run from Debian's packages for the tests: its own
 * database on the tests' PostgreSQL, a redis-server on a free loopback port (prepareDjangoBackends),
 * and gunicorn and a Celery worker either started here (startDjangoShop, for the CLI test) or by
 * the action's start-command through the example's serve.sh (serveCommand, for the action test).
 * What is missing is said in one error (the test fails; it never skips in silence).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../src/bring-up/free-port.js';
import { createTestDatabase } from './postgres.js';
import { ROOT } from './run-action.js';

export const DJANGO_DIR = join(ROOT, 'examples', 'django');
/** Debian's interpreter (the one python3-django is installed for), unless OLG_DJANGO_PYTHON says. */
export const PYTHON = process.env.OLG_DJANGO_PYTHON ?? '/usr/bin/python3';
export const DEBIAN_PACKAGES =
  'python3-django python3-djangorestframework gunicorn python3-celery python3-redis python3-psycopg2 redis-server';

/** What the example needs that this machine lacks, as one sentence; undefined when nothing is. */
export function missingForDjango(): string | undefined {
  const missing: string[] = [];
  const modules = ['django', 'rest_framework', 'celery', 'redis', 'psycopg2', 'gunicorn'];
  const probe = spawnSync(
    PYTHON,
    [
      '-c',
      `import importlib.util,sys;print(" ".join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))`,
      ...modules,
    ],
    { encoding: 'utf8' },
  );
  if (probe.error || probe.status !== 0)
    missing.push(`${PYTHON} (${probe.error?.message ?? probe.stderr.trim()})`);
  else if (probe.stdout.trim() !== '') missing.push(`Python modules: ${probe.stdout.trim()}`);
  const redis = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (redis.error || redis.status !== 0) missing.push('redis-server');
  if (missing.length === 0) return undefined;
  return (
    `The Django example test needs ${missing.join(' and ')}. ` +
    `Install Debian's packages: apt-get install ${DEBIAN_PACKAGES} (.ci/run does), ` +
    'or point OLG_DJANGO_PYTHON at a Python with Django 3.2+, DRF, Celery, redis, psycopg2 and gunicorn.'
  );
}

/**
 * What the shop runs on, without the shop's own processes: a fresh database (migrated), a
 * redis-server on a free loopback port, the environment gunicorn, Celery and manage.py get, and
 * the admin token. The CLI test starts gunicorn and Celery on it (startDjangoShop); the action
 * test gives the action a start-command that runs the example's serve.sh (serveCommand).
 */
export interface DjangoBackends {
  adminToken: string;
  /** The environment the shop's processes and manage.py commands get. */
  env: Record<string, string>;
  /** A shell command line running manage.py with this environment. */
  manage(args: string): string;
  /** A shell command line running examples/django/serve.sh on 127.0.0.1:port with this environment. */
  serveCommand(port: number, extra?: Record<string, string>): string;
  /** The shop's own statistics (GET /api/admin/stats/ with the admin token). */
  stats(url: string): Promise<DjangoStats>;
  /** Starts a process of ours in examples/django; it is stopped by close(). */
  start(name: string, args: string[], env: Record<string, string>): ChildProcess;
  /** Stops one process start() started. */
  stopOne(child: ChildProcess): Promise<void>;
  /** Everything that went to our processes' stderr and stdout (for failure messages). */
  logs(): string;
  /** Stops every process start() started and drops the database. */
  close(): Promise<void>;
}

export interface DjangoStats {
  orders: number;
  units_sold: number;
  by_status: Record<string, number>;
}

export interface DjangoShop {
  url: string;
  adminToken: string;
  /** The environment the shop's processes and manage.py commands get. */
  env: Record<string, string>;
  /** A shell command line running manage.py with this shop's environment. */
  manage(args: string): string;
  /** Restarts gunicorn with other settings (e.g. SHOP_RACY_ORDERS=1). */
  restartWeb(extra: Record<string, string>): Promise<void>;
  stats(): Promise<DjangoStats>;
  /** Everything that went to the processes' stderr (for failure messages). */
  logs(): string;
  close(): Promise<void>;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `env A='x' B='y'` for a shell command line (PATH and HOME stay the caller's). */
function envPrefix(env: Record<string, string>): string {
  const vars = Object.entries(env)
    .filter(([k]) => k !== 'PATH' && k !== 'HOME')
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(' ');
  return `env ${vars}`;
}

export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs: number,
  logs: () => string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s:\n${logs().slice(-2000)}`);
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function prepareDjangoBackends(): Promise<DjangoBackends> {
  const missing = missingForDjango();
  if (missing) throw new Error(missing);
  const db = await createTestDatabase('olg_django');
  const children: ChildProcess[] = [];
  let log = '';
  const logs = () => log;
  const redisPort = await freePort();
  const adminToken = `django-test-admin-${redisPort}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: db.url,
    CELERY_BROKER_URL: `redis://127.0.0.1:${redisPort}/0`,
    SHOP_ADMIN_TOKEN: adminToken,
    SHOP_FAST_PASSWORDS: '1',
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const backends: DjangoBackends = {
    adminToken,
    env,
    manage: (args) =>
      `cd ${shellQuote(DJANGO_DIR)} && ${envPrefix(env)} ${shellQuote(PYTHON)} manage.py ${args}`,
    serveCommand: (port, extra = {}) =>
      `${envPrefix({ ...env, PYTHON, PORT: String(port), ...extra })} ${shellQuote(join(DJANGO_DIR, 'serve.sh'))}`,
    async stats(url) {
      const res = await fetch(`${url}/api/admin/stats/`, { headers: { 'X-Admin-Token': adminToken } });
      if (res.status !== 200) throw new Error(`stats answered ${res.status}`);
      return (await res.json()) as DjangoStats;
    },
    start(name, args, childEnv) {
      const child = spawn(args[0]!, args.slice(1), {
        cwd: DJANGO_DIR,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => {
        log = `${log}[${name}] ${chunk.toString('utf8')}`.slice(-20_000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      children.push(child);
      return child;
    },
    async stopOne(child) {
      await stop(child);
      const at = children.indexOf(child);
      if (at >= 0) children.splice(at, 1);
    },
    logs,
    async close() {
      await Promise.all(children.map(stop));
      await db.drop();
    },
  };
  try {
    const migrate = spawnSync(PYTHON, ['manage.py', 'migrate', '-v', '0'], {
      cwd: DJANGO_DIR,
      env,
      encoding: 'utf8',
    });
    if (migrate.status !== 0) throw new Error(`manage.py migrate failed: ${migrate.stderr}`);
    const redis = backends.start(
      'redis',
      [
        'redis-server',
        '--port',
        String(redisPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      env,
    );
    await waitFor(
      async () => log.includes('Ready to accept connections') || redis.exitCode !== null,
      'redis-server',
      15_000,
      logs,
    );
    if (redis.exitCode !== null)
      throw new Error(`redis-server exited with ${redis.exitCode}:\n${logs().slice(-2000)}`);
  } catch (err) {
    await backends.close();
    throw err;
  }
  return backends;
}

/** The backends plus a Celery worker and gunicorn (3 workers, 4 threads) started by the test. */
export async function startDjangoShop(): Promise<DjangoShop> {
  const backends = await prepareDjangoBackends();
  const { env, logs } = backends;
  const url = `http://127.0.0.1:${await freePort()}`;
  let web: ChildProcess | undefined;
  const startWeb = async (extra: Record<string, string>) => {
    web = backends.start(
      'gunicorn',
      [
        PYTHON,
        '-m',
        'gunicorn',
        '--workers',
        '3',
        '--threads',
        '4',
        '--bind',
        url.slice('http://'.length),
        'shop_project.wsgi',
      ],
      { ...env, ...extra },
    );
    await waitFor(async () => (await fetch(`${url}/api/products/`)).status === 401, 'gunicorn', 30_000, logs);
  };
  const shop: DjangoShop = {
    url,
    adminToken: backends.adminToken,
    env,
    manage: backends.manage,
    async restartWeb(extra) {
      if (web) await backends.stopOne(web);
      await startWeb(extra);
    },
    stats: () => backends.stats(url),
    logs,
    close: backends.close,
  };
  try {
    backends.start(
      'celery',
      [PYTHON, '-m', 'celery', '-A', 'shop_project', 'worker', '--concurrency', '2', '-l', 'warning'],
      env,
    );
    await startWeb({});
  } catch (err) {
    await shop.close();
    throw err;
  }
  return shop;
}
