import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../bring-up/free-port.js';
import type { Logger } from '../core/logger.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { type RoundOptions, runRound } from '../round/run-round.js';
import { type RawRunInputs, resolveRunSettings } from '../settings/run-settings.js';

/**
 * `npm run demo`: the whole job with nothing installed but the package. Starts the reference
 * shop on its embedded PostgreSQL in a child process on a free port, seeds it, runs the origin's
 * first headless profile (500 users, spawn rate 50, one order each), prints the results, stops.
 */
export interface DemoOptions extends Omit<RoundOptions, 'bringUp'> {
  /** Overrides of the run's inputs (the CLI's run options). */
  raw?: RawRunInputs;
  reportDir?: string;
  /** The command line that starts the shop; defaults to this package's CLI. */
  shopCommand?: (port: number) => string;
}

export const DEMO_DEFAULTS: RawRunInputs = {
  users: '500',
  spawnRate: '50',
  iterations: '1',
  seed: 'reference',
  seedUsers: '1000',
  seedProducts: '100',
  seedStock: '100000',
  thresholds: ['success_rate>=0.95', 'mean<500ms'],
};

export async function runDemo(logger: Logger, options: DemoOptions = {}): Promise<RunOutcome> {
  const port = await freePort();
  const adminToken = randomBytes(18).toString('base64url');
  const reportDir = options.reportDir ?? 'reports';
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  const command = options.shopCommand?.(port) ?? `"${process.execPath}" "${cli}" shop --port ${port}`;
  const target = `http://127.0.0.1:${port}`;
  logger.info(`Starting the reference shop (embedded PostgreSQL) on ${target}`);
  const overrides = Object.fromEntries(
    Object.entries(options.raw ?? {}).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
  const settings = resolveRunSettings({
    ...DEMO_DEFAULTS,
    out: join(reportDir, 'demo-results.json'),
    ...overrides,
    target,
    adminToken,
    seed: 'reference',
  });
  return runRound(settings, logger, {
    ...options,
    bringUp: {
      command,
      logFile: join(reportDir, 'demo-shop.log'),
      env: { ORDER_LOAD_GATE_ADMIN_TOKEN: adminToken },
      readyUrl: `${target}/health`,
      readyTimeoutMs: 60_000,
    },
  });
}
