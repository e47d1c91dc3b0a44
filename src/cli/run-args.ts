import { parseArgs } from 'node:util';
import { ConfigError } from '../core/errors.js';
import type { RawRunInputs } from '../settings/run-settings.js';

/** The `run` command's options. Names are fixed: the action's inputs map onto them. */
export const RUN_OPTIONS = {
  target: { type: 'string' },
  users: { type: 'string', short: 'u' },
  'spawn-rate': { type: 'string', short: 'r' },
  iterations: { type: 'string' },
  'run-time': { type: 'string', short: 't' },
  'think-time': { type: 'string' },
  stages: { type: 'string' },
  shape: { type: 'string' },
  'arrival-rate': { type: 'string' },
  'max-users': { type: 'string' },
  scenario: { type: 'string' },
  'user-prefix': { type: 'string' },
  password: { type: 'string' },
  timeout: { type: 'string' },
  seed: { type: 'boolean' },
  'seed-command': { type: 'string' },
  'admin-token': { type: 'string' },
  'seed-users': { type: 'string' },
  'seed-products': { type: 'string' },
  'seed-stock': { type: 'string' },
  integrity: { type: 'string' },
  'wait-processed': { type: 'string' },
  'read-back': { type: 'string' },
  profile: { type: 'string' },
  stock: { type: 'string' },
  'sale-product': { type: 'string' },
  threshold: { type: 'string', multiple: true },
  out: { type: 'string', short: 'o' },
  report: { type: 'string' },
  'items-per-order': { type: 'string' },
  progress: { type: 'string' },
  shard: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const RUN_USAGE = `Usage: order-load-gate run --target URL [options]

Load profile (closed model unless --arrival-rate):
  --users N               virtual users, each its own account (default 500)
  --spawn-rate R          users started per second (default 50)
  --iterations K          orders per user; 0 = loop until --run-time (default 1)
  --run-time D            hard cap on the run (default 10m)
  --think-time A-B        pause between a user's orders (default 1s-3s)
  --stages "1m:100,..."   load shape: users at each time point, linear between
  --shape NAME            a named shape: ramp-1000 (the origin's), ramp-500, smoke
  --arrival-rate 50/s     open model: new shopper flows per second (with --stages: rates)
  --max-users N           open model: users available to take the flows (default --users)
Scenario:
  --scenario FILE         YAML/JSON adapting the flow to another shop's API
  --user-prefix P         account names P0, P1, ... (default load_test_user_)
  --password S            the accounts' password (default loadtest123)
  --items-per-order A-B   distinct products per order (default 1-2)
  --timeout D             per-request timeout (default 30s)
Seeding:
  --seed                  seed the reference shop first (needs --admin-token)
  --seed-command CMD      run your own seeding script first
  --admin-token T         the reference shop's admin token (or ORDER_LOAD_GATE_ADMIN_TOKEN)
  --seed-users N --seed-products N --seed-stock N   (defaults: the users needed, 100, 100000)
Integrity (stock and orders reconciled after the load; violations fail the run):
  --integrity MODE        auto | on | off (default auto: on when the inventory can be read)
  --wait-processed D      wait up to D for every accepted order to be processed (e.g. 60s)
  --read-back N           read back every accepted order up to N, then a sample of N (default 1000)
  --profile P             standard | flash-sale: every user buys one scarce product at once
  --stock N               flash-sale: units of the scarce product (default 100; seeded with --seed)
  --sale-product ID       flash-sale: the product (default: the first in stock)
Results:
  --threshold EXPR        e.g. success_rate>=0.95, order.p95<500ms, mean<1s (repeatable)
  --out FILE              write the versioned results JSON (also when cut short)
  --report FILE           write a self-contained HTML report (charts, steps, results)
  --progress MODE         auto | tty | plain | off (default auto)
Sharding (one profile over several machines; see "order-load-gate merge --help"):
  --shard k/n             run shard k of n, 1-based (1/4 .. 4/4): a disjoint slice of the users
                          and 1/n of the plan; thresholds are judged on the merged results

Exit codes: 0 passed, 1 a threshold failed or an integrity violation, 2 the run could not be done.`;

export interface ParsedRunArgs {
  raw: RawRunInputs;
  help: boolean;
}

export function parseRunArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ParsedRunArgs {
  let values: ReturnType<
    typeof parseArgs<{ options: typeof RUN_OPTIONS; allowPositionals: false }>
  >['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: RUN_OPTIONS, allowPositionals: false, strict: true }));
  } catch (err) {
    throw new ConfigError(
      'run arguments',
      argv.join(' '),
      `valid options (${(err as Error).message}); see --help`,
    );
  }
  const raw: RawRunInputs = {
    target: values.target,
    users: values.users,
    spawnRate: values['spawn-rate'],
    iterations: values.iterations,
    runTime: values['run-time'],
    thinkTime: values['think-time'],
    stages: values.stages,
    shape: values.shape,
    arrivalRate: values['arrival-rate'],
    maxUsers: values['max-users'],
    scenario: values.scenario,
    userPrefix: values['user-prefix'],
    password: values.password,
    timeout: values.timeout,
    seed: values['seed-command'] !== undefined ? 'command' : values.seed ? 'reference' : 'none',
    seedCommand: values['seed-command'],
    adminToken: values['admin-token'] ?? env.ORDER_LOAD_GATE_ADMIN_TOKEN,
    seedUsers: values['seed-users'],
    seedProducts: values['seed-products'],
    seedStock: values['seed-stock'],
    integrity: values.integrity,
    waitProcessed: values['wait-processed'],
    readBack: values['read-back'],
    profile: values.profile,
    stock: values.stock,
    saleProduct: values['sale-product'],
    thresholds: values.threshold ?? [],
    out: values.out,
    report: values.report,
    itemsPerOrder: values['items-per-order'],
    progress: values.progress,
    shard: values.shard,
  };
  return { raw, help: values.help ?? false };
}
