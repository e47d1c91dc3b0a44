import { readFileSync } from 'node:fs';
import { parseCommandArgs } from '../core/command-args.js';
import { ExitCode, GateError, UsageError } from '../core/errors.js';
import { listenError } from '../core/listen-error.js';
import { createStreamLogger, type Logger } from '../core/logger.js';
import type { RunOutcome } from '../results/run-outcome.js';
import { reportVerdict } from '../results/run-verdict.js';
import type { RoundOptions } from '../round/run-round.js';
import { resolveRunSettings } from '../settings/run-settings.js';
import { parseRunArgs, RUN_USAGE } from './run-args.js';
import { parseSeedArgs, SEED_USAGE } from './seed-args.js';

// Each command imports what it runs when it runs (the shop's database engine, the UI, the merge):
// a `run` process carries none of the others' modules, in memory or in its start-up time.

const USAGE = `order-load-gate: a CI gate for many shoppers ordering at once

Usage: order-load-gate <command> [options]

Commands:
  run      drive virtual shoppers through the order flow of a shop and check the results
  compare  measure a base and a head build in alternating rounds; the change with a 95% CI
  diff     compare results files (benchstat-style): base first, then one or more heads
  seed     create the load-test users and products in the reference shop
  merge    merge the results of a run's shards (run --shard k/n, k from 1) into one
  shop     start the reference shop (on PGlite; --postgres embedded or --database-url for a server)
  ui       a web page on 127.0.0.1:8089 to start, watch (live charts) and stop runs
  demo     start the reference shop, seed it and run 500 users against it
  help     this text; "order-load-gate <command> --help" for a command's options
  version  print the version`;

export interface CliIo {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

/** The bin's one function: runs the command and sets the process's exit code. */
export async function cliMain(argv: string[]): Promise<void> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  };
  process.exitCode = await runCli(argv, io);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const logger = createStreamLogger({
    out: io.stdout,
    err: io.stderr,
    verbose: io.env.ORDER_LOAD_GATE_DEBUG === '1',
  });
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest, io, logger);
      case 'compare': {
        const stop = interruptSignal(logger);
        try {
          const { compareCommand } = await import('./compare-command.js');
          return await compareCommand(rest, io, logger, stop.signal);
        } finally {
          stop.dispose();
        }
      }
      case 'diff':
        return await (await import('./diff-command.js')).diffCommand(rest, io.stdout, logger);
      case 'demo':
        return await demoCommand(rest, io, logger);
      case 'seed':
        return await seedCommand(rest, io, logger);
      case 'merge':
        return await (await import('../merge/merge-command.js')).mergeCommand(rest, io.stdout, logger);
      case 'ui':
        return await (await import('../ui/ui-command.js')).uiCommand(rest, io, logger);
      case 'shop':
        return await shopCommand(rest, io, logger);
      case 'version':
      case '--version':
        io.stdout.write(`${version()}\n`);
        return ExitCode.pass;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(`${USAGE}\n`);
        return command === undefined ? ExitCode.error : ExitCode.pass;
      default:
        logger.error(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return ExitCode.error;
    }
  } catch (err) {
    if (err instanceof GateError) logger.error(`${err.message} [${err.code}]`);
    else logger.error(`unexpected failure: ${(err as Error).stack ?? String(err)}`);
    return ExitCode.error;
  }
}

/** Ctrl-C stops the run gracefully (results are still written); a second Ctrl-C exits at once. */
function interruptSignal(logger: Logger): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    logger.warn('interrupted: stopping the run and writing the results (Ctrl-C again to quit at once)');
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function statusWriter(io: CliIo, logger: Logger): (line: string, redraw: boolean) => void {
  return (line, redraw) => {
    if (redraw) io.stdout.write(`\r\x1b[2K${line}`);
    else logger.info(line);
  };
}

/** Runs a load with Ctrl-C handling and the terminal's status line; maps the outcome to an exit code. */
async function runInterruptibly(
  io: CliIo,
  logger: Logger,
  run: (options: RoundOptions) => Promise<RunOutcome>,
): Promise<number> {
  const stop = interruptSignal(logger);
  try {
    const outcome = await run({
      signal: stop.signal,
      interactive: io.isTTY,
      writeStatus: statusWriter(io, logger),
    });
    return reportVerdict(outcome.verdict, logger);
  } finally {
    stop.dispose();
  }
}

async function runCommand(argv: string[], io: CliIo, logger: Logger): Promise<number> {
  const { raw, help } = parseRunArgs(argv, io.env);
  if (help) {
    io.stdout.write(`${RUN_USAGE}\n`);
    return ExitCode.pass;
  }
  const settings = resolveRunSettings(raw);
  const { runRound } = await import('../round/run-round.js');
  return runInterruptibly(io, logger, (options) => runRound(settings, logger, { ...options, env: io.env }));
}

async function demoCommand(argv: string[], io: CliIo, logger: Logger): Promise<number> {
  const { raw, help } = parseRunArgs(argv, {}, 'demo');
  if (help) {
    io.stdout.write(`Usage: order-load-gate demo [run options except --target]\n\n${RUN_USAGE}\n`);
    return ExitCode.pass;
  }
  const { runDemo } = await import('../demo/demo.js');
  return runInterruptibly(io, logger, (options) =>
    runDemo(logger, { ...options, raw: { ...raw, seed: undefined, target: undefined } }),
  );
}

/** `shop`: the reference shop. Its flags are the shop's own; bad ones get the CLI's usage error. */
async function shopCommand(argv: string[], io: CliIo, logger: Logger): Promise<number> {
  const shop = await import('../shop/index.js');
  if (parseCommandArgs({ command: 'shop', options: shop.SHOP_FLAGS }, argv).help) {
    io.stdout.write(`${shop.SHOP_USAGE}\n`);
    return ExitCode.pass;
  }
  try {
    shop.parseShopArgs(argv, io.env); // a bad value: the shop's message, as a usage error
  } catch (err) {
    throw new UsageError('shop', (err as Error).message.replace(/\.$/, ''));
  }
  try {
    await shop.shopMain(argv, logger);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
    if (e.syscall === 'listen')
      throw listenError(err, 'The shop', e.address ?? '', e.port ?? 0, '--port / --host');
    throw err;
  }
  return ExitCode.pass;
}

async function seedCommand(argv: string[], io: CliIo, logger: Logger): Promise<number> {
  const { request, help } = parseSeedArgs(argv, io.env);
  if (help) {
    io.stdout.write(`${SEED_USAGE}\n`);
    return ExitCode.pass;
  }
  await (await import('../seed/reference-seed.js')).seedReferenceShop(request, logger);
  return ExitCode.pass;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
