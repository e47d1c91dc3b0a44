/**
 * `order-load-gate ui`: serves the live page until Ctrl-C. Ctrl-C stops a run in progress
 * (its results are kept as at any stop), then closes the server.
 */

import { ExitCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { toolVersion } from '../results/results.js';
import { isLoopback } from './http-guard.js';
import { startUiServer } from './server.js';
import { parseUiArgs, UI_USAGE } from './ui-args.js';

export interface UiCommandIo {
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

/** Resolves when the server has closed (after SIGINT/SIGTERM, or `until` when given). */
export async function uiCommand(
  argv: string[],
  io: UiCommandIo,
  logger: Logger,
  until?: Promise<void>,
): Promise<number> {
  const args = parseUiArgs(argv, io.env);
  if (args.help) {
    io.stdout.write(`${UI_USAGE}\n`);
    return ExitCode.pass;
  }
  if (!isLoopback(args.host)) {
    logger.warn(
      `the UI listens on ${args.host}, not only on this machine: whoever reaches it can launch load against any target. Use it only on a network you trust.`,
    );
  }
  const ui = await startUiServer({
    port: args.port,
    host: args.host,
    target: args.target,
    adminToken: args.adminToken,
    logger,
    version: toolVersion(),
  });
  logger.info(`order-load-gate UI on ${ui.url} (Ctrl-C to quit)`);
  await (until ?? waitForSignal());
  logger.info('Closing the UI (a run in progress is stopped first)');
  await ui.close();
  return ExitCode.pass;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}
