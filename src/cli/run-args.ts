import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.js';
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
  threshold: { type: 'string', multiple: true },
  out: { type: 'string', short: 'o' },
  'items-per-order': { type: 'string' },
  progress: { type: 'string' },
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
Results:
  --threshold EXPR        e.g. success_rate>=0.95, order.p95<500ms, mean<1s (repeatable)
  --out FILE              write the versioned results JSON (also when cut short)
  --progress MODE         auto | tty | plain | off (default auto)

Exit codes: 0 passed, 1 a threshold failed, 2 the run could not be done.`;

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
    thresholds: values.threshold ?? [],
    out: values.out,
    itemsPerOrder: values['items-per-order'],
    progress: values.progress,
  };
  return { raw, help: values.help ?? false };
}
