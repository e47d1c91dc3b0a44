/** bench:gate's PostgreSQL databases: one per build, made fresh with the client's dropdb/createdb. */
import { execFileSync } from 'node:child_process';

export const DATABASES = ['olg_bench_gate_base', 'olg_bench_gate_head'] as const;

/** dropdb/createdb's connection flags for $TEST_DATABASE_URL. */
function pgFlags(url: URL): string[] {
  return ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username || 'postgres')];
}

/**
 * Each build's database on the PostgreSQL at `dbUrl`, dropped and created anew (`drop`: only
 * dropped). Nothing without a URL: each round then starts the shop on an embedded database.
 */
export function resetDatabases(dbUrl: string | undefined, drop = false): void {
  if (!dbUrl) return;
  const flags = pgFlags(new URL(dbUrl));
  // (no NOTICE that a database to drop does not exist)
  const options = {
    stdio: 'inherit',
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' },
  } as const;
  for (const db of DATABASES) {
    execFileSync('dropdb', [...flags, '--if-exists', '--force', db], options);
    if (!drop) execFileSync('createdb', [...flags, db], options);
  }
}
