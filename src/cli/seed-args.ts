import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import type { ReferenceSeedRequest } from '../seed/reference-seed.js';
import { parseIntInRange, parseTargetUrl } from '../settings/parse-values.js';
import { DEFAULTS } from '../settings/run-settings.js';

export const SEED_USAGE = `Usage: order-load-gate seed --target URL --admin-token T [options]

Seeds the reference shop through its admin route (POST /admin/seed), idempotently.
  --users N          accounts load_test_user_0 .. N-1 (default 1000)
  --products N       products (default 100)
  --stock N          units in stock of each product (default 100000)
  --password S       the accounts' password (default loadtest123)
  --user-prefix P    account name prefix (default load_test_user_)
  --reset-stock      set every product's stock back to --stock
  --admin-token T    or the environment variable ORDER_LOAD_GATE_ADMIN_TOKEN`;

const SEED_OPTIONS = {
  target: { type: 'string' },
  'admin-token': { type: 'string' },
  users: { type: 'string' },
  products: { type: 'string' },
  stock: { type: 'string' },
  password: { type: 'string' },
  'user-prefix': { type: 'string' },
  'reset-stock': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseSeedArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { request: ReferenceSeedRequest; help: boolean } {
  let values: ReturnType<typeof parseArgs<{ options: typeof SEED_OPTIONS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, strict: true, options: SEED_OPTIONS }));
  } catch (err) {
    throw new ConfigError(
      'seed arguments',
      argv.join(' '),
      `valid options (${(err as Error).message}); see --help`,
    );
  }
  if (values.help) return { help: true, request: {} as ReferenceSeedRequest };
  const adminToken = values['admin-token'] ?? env.ORDER_LOAD_GATE_ADMIN_TOKEN;
  if (!adminToken)
    throw new ConfigError('--admin-token', '', 'the shop’s admin token (or ORDER_LOAD_GATE_ADMIN_TOKEN)');
  return {
    help: false,
    request: {
      target: parseTargetUrl(values.target ?? '', '--target'),
      adminToken,
      users: parseIntInRange(values.users ?? '1000', '--users', 1, 1_000_000),
      products: parseIntInRange(values.products ?? DEFAULTS.seedProducts, '--products', 1, 100_000),
      stock: parseIntInRange(values.stock ?? DEFAULTS.seedStock, '--stock', 0, 1_000_000_000),
      password: values.password ?? DEFAULTS.password,
      userPrefix: values['user-prefix'] ?? DEFAULTS.userPrefix,
      resetStock: values['reset-stock'] ?? false,
    },
  };
}
