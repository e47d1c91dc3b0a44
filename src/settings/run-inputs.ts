/**
 * One declaration per run input: its key in RawRunInputs, its CLI flag, its action input, its
 * environment fallback, its default and its help text. The CLI's parser and usage text
 * (src/cli/run-args.ts), the action's input map (src/action/inputs.ts), the defaults that
 * resolveRunSettings applies, and the check of action.yml (scripts/check-action-inputs.ts, in
 * `npm run lint`) are all made from this list: adding a run input is one entry here plus its use.
 */
import type { InputKey } from './types.js';

export const USAGE_GROUPS = [
  'Load profile (closed model unless --arrival-rate)',
  'Scenario',
  'Seeding',
  'Integrity (stock and orders reconciled after the load; violations fail the run)',
  'Results',
  'Sharding (one profile over several machines; see "order-load-gate merge --help")',
] as const;
export type UsageGroup = (typeof USAGE_GROUPS)[number];

export interface RunInput {
  key: InputKey;
  /** The CLI flag without its dashes; every run input has one. */
  flag: string;
  short?: string;
  /** boolean: a flag without a value; list: repeated on the CLI, one a line in the action. */
  kind?: 'string' | 'boolean' | 'list';
  /** The action's input name; absent: the action does not take it. */
  action?: string;
  /** The environment variable read when neither the flag nor the input is given. */
  env?: string;
  /** The default resolveRunSettings applies when the input is not given (absent: none or derived). */
  default?: string;
  /** action.yml's default when it differs from `default` ('' where the action leaves it unset). */
  actionDefault?: string;
  /** The usage text: the value's placeholder and what the input does. */
  arg?: string;
  help: string;
  group: UsageGroup;
  /** How the CLI's parsed flags make the raw value, where it is not simply the flag's value. */
  fromCli?: (values: Record<string, string | boolean | string[] | undefined>) => string | undefined;
}

const [LOAD, SCENARIO, SEEDING, INTEGRITY, RESULTS, SHARDING] = USAGE_GROUPS;

export const RUN_INPUTS: readonly RunInput[] = [
  {
    key: 'target',
    flag: 'target',
    action: 'target-url',
    arg: 'URL',
    help: 'base URL of the shop under test',
    group: LOAD,
  },
  {
    key: 'users',
    flag: 'users',
    short: 'u',
    action: 'users',
    default: '500',
    arg: 'N',
    help: 'virtual users, each its own account',
    group: LOAD,
  },
  {
    key: 'spawnRate',
    flag: 'spawn-rate',
    short: 'r',
    action: 'spawn-rate',
    default: '50',
    // Empty in action.yml, so that a spawn rate given next to arrival-rate can be refused.
    actionDefault: '',
    arg: 'R',
    help: 'users started per second',
    group: LOAD,
  },
  {
    key: 'iterations',
    flag: 'iterations',
    action: 'iterations',
    default: '1',
    arg: 'K',
    help: 'orders per user; 0 = loop until --run-time',
    group: LOAD,
  },
  {
    key: 'runTime',
    flag: 'run-time',
    short: 't',
    action: 'run-time',
    default: '10m',
    arg: 'D',
    help: 'hard cap on the load; flows still running get --grace to end, then are cut off and counted',
    group: LOAD,
  },
  {
    key: 'grace',
    flag: 'grace',
    action: 'grace',
    arg: 'D',
    help: 'after --run-time, how long running flows may finish before they are cut off (default: --timeout, at most 10s)',
    group: LOAD,
  },
  {
    key: 'thinkTime',
    flag: 'think-time',
    default: '1s-3s',
    arg: 'A-B',
    help: "pause between a user's orders",
    group: LOAD,
  },
  {
    key: 'stages',
    flag: 'stages',
    action: 'stages',
    arg: '"1m:100,..."',
    help: 'load shape: users at each time point, linear between',
    group: LOAD,
  },
  {
    key: 'shape',
    flag: 'shape',
    action: 'shape',
    arg: 'NAME',
    help: "a named shape: ramp-1000 (the origin's), ramp-500, smoke",
    group: LOAD,
  },
  {
    key: 'arrivalRate',
    flag: 'arrival-rate',
    action: 'arrival-rate',
    arg: '50/s',
    help: 'open model: new shopper flows per second (with --stages: rates)',
    group: LOAD,
  },
  {
    key: 'maxUsers',
    flag: 'max-users',
    arg: 'N',
    help: 'open model: users available to take the flows (default --users)',
    group: LOAD,
  },
  {
    key: 'scenario',
    flag: 'scenario',
    action: 'scenario',
    arg: 'FILE',
    help: "YAML/JSON adapting the flow to another shop's API",
    group: SCENARIO,
  },
  {
    key: 'userPrefix',
    flag: 'user-prefix',
    default: 'load_test_user_',
    arg: 'P',
    help: "account names P0, P1, ... (or the scenario's accounts.userPrefix)",
    group: SCENARIO,
  },
  {
    key: 'password',
    flag: 'password',
    action: 'password',
    env: 'ORDER_LOAD_GATE_PASSWORD',
    default: 'loadtest123',
    arg: 'S',
    help: "the accounts' password (or ORDER_LOAD_GATE_PASSWORD, or the scenario's accounts.passwordEnv / accounts.password)",
    group: SCENARIO,
  },
  {
    key: 'itemsPerOrder',
    flag: 'items-per-order',
    default: '1-2',
    arg: 'A-B',
    help: 'distinct products per order',
    group: SCENARIO,
  },
  {
    key: 'timeout',
    flag: 'timeout',
    default: '30s',
    arg: 'D',
    help: 'per-request deadline for the whole answer (not refreshed by each byte); bodies are kept up to 1 MiB (2xx) or 8 KiB (error pages)',
    group: SCENARIO,
  },
  {
    key: 'seed',
    flag: 'seed',
    kind: 'boolean',
    action: 'seed',
    actionDefault: 'none',
    help: 'seed the reference shop first (needs --admin-token)',
    group: SEEDING,
    fromCli: (v) => (v['seed-command'] !== undefined ? 'command' : v.seed ? 'reference' : 'none'),
  },
  {
    key: 'seedCommand',
    flag: 'seed-command',
    action: 'seed-command',
    arg: 'CMD',
    help: 'run your own seeding script first',
    group: SEEDING,
  },
  {
    key: 'adminToken',
    flag: 'admin-token',
    action: 'admin-token',
    env: 'ORDER_LOAD_GATE_ADMIN_TOKEN',
    arg: 'T',
    help: "the reference shop's admin token (or ORDER_LOAD_GATE_ADMIN_TOKEN)",
    group: SEEDING,
  },
  {
    key: 'seedUsers',
    flag: 'seed-users',
    arg: 'N',
    help: 'accounts to seed (default: the users needed)',
    group: SEEDING,
  },
  {
    key: 'seedProducts',
    flag: 'seed-products',
    default: '100',
    arg: 'N',
    help: 'products to seed',
    group: SEEDING,
  },
  {
    key: 'seedStock',
    flag: 'seed-stock',
    default: '100000',
    arg: 'N',
    help: "each seeded product's stock",
    group: SEEDING,
  },
  {
    key: 'integrity',
    flag: 'integrity',
    action: 'integrity',
    default: 'auto',
    arg: 'MODE',
    help: 'auto | on | off; auto: on when the inventory can be read',
    group: INTEGRITY,
  },
  {
    key: 'waitProcessed',
    flag: 'wait-processed',
    action: 'wait-processed',
    default: '0s',
    actionDefault: '',
    arg: 'D',
    help: 'wait up to D for every accepted order to be processed, e.g. 60s',
    group: INTEGRITY,
  },
  {
    key: 'readBack',
    flag: 'read-back',
    action: 'read-back',
    default: '1000',
    arg: 'N',
    help: 'read back every accepted order up to N, then a sample of N',
    group: INTEGRITY,
  },
  {
    key: 'profile',
    flag: 'profile',
    action: 'profile',
    default: 'standard',
    arg: 'P',
    help: 'standard | flash-sale: every user buys one scarce product at once',
    group: INTEGRITY,
  },
  {
    key: 'stock',
    flag: 'stock',
    action: 'stock',
    default: '100',
    actionDefault: '',
    arg: 'N',
    help: 'flash-sale: units of the scarce product (seeded with --seed; 0: every order must be refused)',
    group: INTEGRITY,
  },
  {
    key: 'saleProduct',
    flag: 'sale-product',
    action: 'sale-product',
    arg: 'ID',
    help: 'flash-sale: the product (default: the first in stock)',
    group: INTEGRITY,
  },
  {
    key: 'thresholds',
    flag: 'threshold',
    kind: 'list',
    action: 'thresholds',
    arg: 'EXPR',
    help: 'e.g. success_rate>=0.95, order.p95<500ms, mean<1s (repeatable)',
    group: RESULTS,
  },
  {
    key: 'out',
    flag: 'out',
    short: 'o',
    arg: 'FILE',
    help: 'write the versioned results JSON (also when cut short)',
    group: RESULTS,
  },
  {
    key: 'report',
    flag: 'report',
    arg: 'FILE',
    help: 'write a self-contained HTML report (charts, steps, results)',
    group: RESULTS,
  },
  {
    key: 'csv',
    flag: 'csv',
    arg: 'PREFIX',
    help: "write Locust's CSV files PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv (Locust's headers and columns)",
    group: RESULTS,
  },
  {
    key: 'progress',
    flag: 'progress',
    default: 'auto',
    arg: 'MODE',
    help: 'auto | tty | plain | off',
    group: RESULTS,
  },
  {
    key: 'shard',
    flag: 'shard',
    action: 'shard',
    arg: 'k/n',
    help: 'run shard k of n, 1-based (1/4 .. 4/4): a disjoint slice of the users and 1/n of the plan; thresholds are judged on the merged results',
    group: SHARDING,
  },
];

/** The declaration of `key`. */
export function runInput(key: InputKey): RunInput {
  const input = RUN_INPUTS.find((i) => i.key === key);
  if (!input) throw new Error(`no run input ${key}`); // a programming error: every key is declared
  return input;
}

/** The default of `key` (see RunInput.default); '' when it has none. */
export function defaultOf(key: InputKey): string {
  return runInput(key).default ?? '';
}

/** How the CLI user spells an input: --spawn-rate. */
export function cliInputName(key: InputKey): string {
  return `--${runInput(key).flag}`;
}

/** How the workflow spells an input: spawn-rate (the flag's name for inputs the action lacks). */
export function actionInputName(key: InputKey): string {
  const input = runInput(key);
  return input.action ?? input.flag;
}
