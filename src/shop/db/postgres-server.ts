/**
 * A private PostgreSQL server for one process's lifetime: a fresh data directory in the temp
 * dir, initdb, `postgres` as a child process listening on 127.0.0.1 only (no Unix socket),
 * trust authentication, durability off (it is thrown away). stop() ends it and deletes the
 * data; it is also ended if this process exits without calling stop().
 *
 * PostgreSQL refuses to run as root. As root the server runs as the `postgres` account, or as
 * `nobody` where there is no such account (a bare machine), owning its data directory; when
 * that account cannot reach the binaries (a clone under /root), they are copied to the temp dir.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { type PostgresBinaries, PostgresServerError } from './postgres-binaries.js';

export interface LocalPostgresOptions {
  binaries: PostgresBinaries;
  /** TCP port on 127.0.0.1; a free one when absent. */
  port?: number;
  /** As root: the account to run the server as. Default: `postgres` if it exists, else `nobody`. */
  account?: string;
  /** Bound on initdb and on the server becoming ready. Default 60 s each. */
  timeoutMs?: number;
  maxConnections?: number;
  /** Where the server's temp dir is made. Default: os.tmpdir(). */
  parentDir?: string;
}

export interface LocalPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  dataDir: string;
  pid: number;
  /** The account the server runs as. */
  account: string;
  binaries: PostgresBinaries;
  /** Ends the server (fast shutdown, bounded) and deletes its data directory. Idempotent. */
  stop(): Promise<void>;
}

interface Account {
  name: string;
  uid?: number;
  gid?: number;
}

function idOf(name: string, flag: '-u' | '-g'): number | undefined {
  try {
    return Number(
      execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
  } catch {
    return undefined;
  }
}

function serverAccount(wanted: string | undefined): Account {
  if (process.getuid?.() !== 0) return { name: 'self' };
  const names = wanted ? [wanted] : ['postgres', 'nobody'];
  for (const name of names) {
    const uid = idOf(name, '-u');
    const gid = idOf(name, '-g');
    if (uid !== undefined && gid !== undefined && uid !== 0) return { name, uid, gid };
  }
  throw new PostgresServerError(
    'OLG_SHOP_PG_ACCOUNT',
    `running as root, and none of the accounts ${names.join(', ')} exists to run PostgreSQL as`,
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The tail of a stream's output, bounded, for error messages. */
function tail(): { push(chunk: Buffer): void; text(): string } {
  let text = '';
  return {
    push(chunk) {
      text = (text + chunk.toString('utf8')).slice(-4000);
    },
    text: () => text.trim(),
  };
}

function runAs(account: Account): { uid?: number; gid?: number } {
  return account.uid === undefined ? {} : { uid: account.uid, gid: account.gid };
}

const CHILD_ENV = { ...process.env, LC_ALL: 'C', LANG: 'C', LC_MESSAGES: 'C' };

/** The binaries' directory as the account can run them: the original, or a copy it can reach. */
function reachableBinDir(binaries: PostgresBinaries, account: Account, scratch: string): string {
  if (account.uid === undefined) return binaries.binDir;
  try {
    execFileSync(join(binaries.binDir, 'postgres'), ['--version'], {
      ...runAs(account),
      cwd: '/',
      stdio: 'ignore',
      timeout: 10_000,
    });
    return binaries.binDir;
  } catch (error) {
    // Only a permission problem is mended here; anything else, initdb reports.
    if ((error as NodeJS.ErrnoException).code !== 'EACCES') return binaries.binDir;
    // The install (bin/ lib/ share/) is copied whole: the programs find their libraries and
    // share/ relative to themselves.
    const root = dirname(binaries.binDir);
    const copy = join(scratch, 'pg-install');
    try {
      cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
    } catch (copyError) {
      throw new PostgresServerError(
        'OLG_SHOP_PG_BINARIES',
        `${account.name} may not run ${binaries.binDir}, and copying ${root} failed: ${(copyError as Error).message}`,
        { cause: copyError },
      );
    }
    chmodSync(scratch, 0o755);
    return join(copy, basename(binaries.binDir));
  }
}

function runInitdb(binDir: string, dataDir: string, account: Account, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = tail();
    const child = spawn(
      join(binDir, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'],
      { ...runAs(account), cwd: dataDir, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', out.push);
    child.stderr.on('data', out.push);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new PostgresServerError('OLG_SHOP_PG_INITDB', `initdb could not run: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new PostgresServerError(
            'OLG_SHOP_PG_INITDB',
            `initdb failed (${signal ? `${signal}, after ${timeoutMs} ms at most` : `exit ${code}`}): ${out.text()}`,
          ),
        );
    });
  });
}

function waitReady(child: ChildProcess, out: ReturnType<typeof tail>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (error?: Error): void => {
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen = (seen + chunk.toString('utf8')).slice(-1000);
      if (seen.includes('ready to accept connections')) done();
    };
    const onExit = (code: number | null, signal: string | null): void =>
      done(
        new PostgresServerError(
          'OLG_SHOP_PG_START',
          `postgres exited while starting (${signal ?? `exit ${code}`}): ${out.text()}`,
        ),
      );
    const onError = (error: Error): void =>
      done(new PostgresServerError('OLG_SHOP_PG_START', `postgres could not run: ${error.message}`));
    const timer = setTimeout(
      () =>
        done(
          new PostgresServerError(
            'OLG_SHOP_PG_START',
            `postgres not ready after ${timeoutMs} ms: ${out.text()}`,
          ),
        ),
      timeoutMs,
    );
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/** Starts a private PostgreSQL server; see the file's comment. */
export async function startLocalPostgres(options: LocalPostgresOptions): Promise<LocalPostgres> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const account = serverAccount(options.account);
  const scratch = mkdtempSync(join(options.parentDir ?? tmpdir(), 'olg-pg-'));
  const dataDir = join(scratch, 'data');
  const removeScratch = (): void => rmSync(scratch, { recursive: true, force: true });
  let child: ChildProcess | undefined;
  const killOnExit = (): void => {
    child?.kill('SIGQUIT');
    removeScratch();
  };
  try {
    const binDir = reachableBinDir(options.binaries, account, scratch);
    mkdirSync(dataDir, { mode: 0o700 });
    if (account.uid !== undefined) {
      chmodSync(scratch, 0o755);
      chownSync(dataDir, account.uid, account.gid!);
    }
    await runInitdb(binDir, dataDir, account, timeoutMs);
    const port = options.port ?? (await freePort());
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: String(options.maxConnections ?? 300),
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    };
    const args = ['-D', dataDir, '-p', String(port)];
    for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${value}`);
    const out = tail();
    // Its own process group: a Ctrl-C in the terminal reaches us, and we stop the server after
    // our own clean-up, rather than the server vanishing under open connections.
    child = spawn(join(binDir, 'postgres'), args, {
      ...runAs(account),
      cwd: dataDir,
      env: CHILD_ENV,
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    // Drained for the whole life of the server, so that it never blocks on a full pipe.
    child.stderr!.on('data', out.push);
    process.once('exit', killOnExit);
    await waitReady(child, out, timeoutMs);
    const server = child;
    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      pid: server.pid!,
      account: account.name === 'self' ? (process.env.USER ?? 'the current user') : account.name,
      binaries: options.binaries,
      stop() {
        stopping ??= (async () => {
          // SIGINT: fast shutdown (open sessions are ended); SIGQUIT if that takes too long.
          server.kill('SIGINT');
          if (!(await waitExit(server, 30_000))) {
            server.kill('SIGQUIT');
            await waitExit(server, 5_000);
          }
          process.off('exit', killOnExit);
          server.stderr?.destroy();
          removeScratch();
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGQUIT');
      await waitExit(child, 5_000);
    }
    child?.stderr?.destroy();
    process.off('exit', killOnExit);
    removeScratch();
    throw error;
  }
}

/** True while a process with this id exists (for tests and checks after stop()). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
