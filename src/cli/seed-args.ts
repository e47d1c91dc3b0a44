import { parseCommandArgs } from '../core/command-args.js';
import { ConfigError } from '../core/errors.js';
import type { ReferenceSeedRequest } from '../seed/reference-seed.js';
import { parseIntInRange, parseTargetUrl } from '../settings/parse-values.js';
import { defaultOf } from '../settings/run-inputs.js';

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
} as const;

export function parseSeedArgs(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { request: ReferenceSeedRequest; help: boolean } {
  const { values, help } = parseCommandArgs({ command: 'seed', options: SEED_OPTIONS }, argv);
  if (help) return { help: true, request: {} as ReferenceSeedRequest };
  const adminToken = values['admin-token'] ?? env.ORDER_LOAD_GATE_ADMIN_TOKEN;
  if (!adminToken)
    throw new ConfigError('--admin-token', '', 'the shop’s admin token (or ORDER_LOAD_GATE_ADMIN_TOKEN)');
  return {
    help: false,
    request: {
      target: parseTargetUrl(values.target ?? '', '--target'),
      adminToken,
      users: parseIntInRange(values.users ?? '1000', '--users', 1, 1_000_000),
      products: parseIntInRange(values.products ?? defaultOf('seedProducts'), '--products', 1, 100_000),
      stock: parseIntInRange(values.stock ?? defaultOf('seedStock'), '--stock', 0, 1_000_000_000),
      password: values.password ?? defaultOf('password'),
      userPrefix: values['user-prefix'] ?? defaultOf('userPrefix'),
      resetStock: values['reset-stock'] ?? false,
    },
  };
}
