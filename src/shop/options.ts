import { parseArgs } from 'node:util';
import { ADMIN_TOKEN_ENV, resolveShopConfig, SHOP_DEFAULTS, type ShopOptions } from './config.js';
import type { ShopLogger } from './logger.js';
import { startShop } from './start.js';
import { invalidFlag, validateShopConfig } from './validate-config.js';

export type { ShopOptions } from './config.js';

/** The shop command's flags (the CLI's `shop` command parses them; see SHOP_USAGE). */
export const SHOP_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'database-url': { type: 'string' },
  postgres: { type: 'string' },
  'data-dir': { type: 'string' },
  'pool-size': { type: 'string' },
  'admin-token': { type: 'string' },
  'kdf-cost': { type: 'string' },
  'processing-delay-ms': { type: 'string' },
  workers: { type: 'string' },
  'inject-latency-ms': { type: 'string' },
  race: { type: 'boolean' },
  'fail-rate': { type: 'string' },
} as const;

export const SHOP_USAGE = `Usage: order-load-gate shop [options]

The reference shop: an HTTP shop API (login, products, cart, orders, an order worker, admin
seeding and inventory) to load-test. Runs until Ctrl-C (SIGINT) or SIGTERM.
  --port N                 TCP port; 0 picks a free one (default ${SHOP_DEFAULTS.port})
  --host ADDRESS           interface to listen on (default ${SHOP_DEFAULTS.host})
  --database-url URL       a PostgreSQL server; without it (or --postgres), PGlite (WebAssembly)
  --postgres embedded      start a private PostgreSQL server from the npm package with the shop
                           (data in a temp dir, deleted when the shop stops)
  --data-dir DIR           where PGlite keeps its data (default: in memory)
  --pool-size N            connections to the PostgreSQL server (default ${SHOP_DEFAULTS.poolSize})
  --admin-token T          the admin routes' token (or ${ADMIN_TOKEN_ENV}; random and logged if absent)
  --kdf-cost N             scrypt cost as a power of two (default ${SHOP_DEFAULTS.kdfCost})
  --processing-delay-ms N  the order worker's time per order (default ${SHOP_DEFAULTS.processingDelayMs})
  --workers N              order worker loops (default ${SHOP_DEFAULTS.workers})
Faults (to see the gate catch them):
  --inject-latency-ms N    order creation takes N ms longer (a fraction such as 1.5: on average,
                           each order waits 1 or 2 ms)
  --race                   unlocked read-then-write of stock: concurrent orders oversell
  --fail-rate X            this share (0..1) of order creations fails with HTTP 500`;

function integerFlag(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw invalidFlag(flag, raw, 'a non-negative integer');
  return Number(raw);
}

/** A non-negative number of milliseconds, fractions allowed ("1.5"). */
function msFlag(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw.trim()))
    throw invalidFlag(flag, raw, 'a non-negative number of ms, such as 2 or 1.5');
  return Number(raw);
}

function numberFlag(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw invalidFlag(flag, raw, 'a number from 0 to 1');
  return value;
}

function postgresFlag(raw: string | undefined): 'embedded' | undefined {
  if (raw === undefined) return undefined;
  if (raw !== 'embedded') throw invalidFlag('postgres', raw, '"embedded"');
  return raw;
}

/**
 * Parses `order-load-gate shop ...` flags. Throws an Error naming the flag, the bad value and
 * what is expected. The admin token defaults to $ORDER_LOAD_GATE_ADMIN_TOKEN.
 */
export function parseShopArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ShopOptions {
  let values: ReturnType<typeof parseArgs<{ options: typeof SHOP_FLAGS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: SHOP_FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    const known = Object.keys(SHOP_FLAGS)
      .map((f) => `--${f}`)
      .join(', ');
    throw new Error(`${(error as Error).message.replace(/\.$/, '')}. Known flags: ${known}.`);
  }
  const envToken = env[ADMIN_TOKEN_ENV];
  const options: ShopOptions = {
    port: integerFlag('port', values.port, SHOP_DEFAULTS.port),
    host: values.host ?? SHOP_DEFAULTS.host,
    databaseUrl: values['database-url'],
    postgres: postgresFlag(values.postgres),
    dataDir: values['data-dir'],
    poolSize: integerFlag('pool-size', values['pool-size'], SHOP_DEFAULTS.poolSize),
    adminToken: values['admin-token'] ?? (envToken ? envToken : undefined),
    kdfCost: integerFlag('kdf-cost', values['kdf-cost'], SHOP_DEFAULTS.kdfCost),
    processingDelayMs: integerFlag(
      'processing-delay-ms',
      values['processing-delay-ms'],
      SHOP_DEFAULTS.processingDelayMs,
    ),
    workers: integerFlag('workers', values.workers, SHOP_DEFAULTS.workers),
    injectLatencyMs: msFlag('inject-latency-ms', values['inject-latency-ms'], SHOP_DEFAULTS.injectLatencyMs),
    race: values.race ?? SHOP_DEFAULTS.race,
    failRate: numberFlag('fail-rate', values['fail-rate'], SHOP_DEFAULTS.failRate),
  };
  validateShopConfig(resolveShopConfig(options));
  return options;
}

/**
 * `order-load-gate shop ...`: parses the flags, starts the shop, logs its URL and runs until
 * SIGINT/SIGTERM (or `stop` aborts), then closes cleanly.
 */
export async function shopMain(argv: string[], log: ShopLogger, stop?: AbortSignal): Promise<void> {
  const options = parseShopArgs(argv);
  const shop = await startShop(options, log);
  log.info(`shop ready at ${shop.url}`);
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (stop?.aborted) done();
    else stop?.addEventListener('abort', done, { once: true });
  });
  log.info('shop stopping');
  await shop.close();
  log.info('shop stopped');
}
