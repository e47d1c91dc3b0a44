/**
 * Which accounts the load logs in with: `{userPrefix}{index}` and one password. The first that is
 * set wins: the CLI option or action input (--password/--user-prefix, or ORDER_LOAD_GATE_PASSWORD),
 * then the scenario file's accounts.passwordEnv (the name of an environment variable), then its
 * accounts.password / accounts.userPrefix, then the defaults (loadtest123, load_test_user_).
 */
import { ConfigError } from '../core/errors.js';
import type { Scenario } from './schema.js';

export interface AccountChoice {
  userPrefix: string;
  password: string;
  /** Where the password came from, for messages (never the password itself). */
  passwordFrom: string;
}

export interface GivenAccounts {
  /** The option's value when the user gave one, else undefined. */
  password?: string;
  userPrefix?: string;
  defaults: { password: string; userPrefix: string };
}

export function chooseAccounts(
  scenario: Pick<Scenario, 'accounts'>,
  given: GivenAccounts,
  env: NodeJS.ProcessEnv = process.env,
): AccountChoice {
  const accounts = scenario.accounts;
  const userPrefix = given.userPrefix ?? accounts?.userPrefix ?? given.defaults.userPrefix;
  if (given.password !== undefined)
    return { userPrefix, password: given.password, passwordFrom: 'the option' };
  if (accounts?.passwordEnv) {
    const value = env[accounts.passwordEnv];
    if (value !== undefined && value !== '')
      return { userPrefix, password: value, passwordFrom: `$${accounts.passwordEnv}` };
    if (!accounts.password) {
      throw new ConfigError(
        `the scenario's accounts.passwordEnv`,
        accounts.passwordEnv,
        `an environment variable that is set (the seeded accounts' password): ${accounts.passwordEnv} is empty or unset`,
      );
    }
  }
  if (accounts?.password)
    return { userPrefix, password: accounts.password, passwordFrom: 'the scenario file' };
  return { userPrefix, password: given.defaults.password, passwordFrom: 'the default' };
}

/** One account's credentials. */
export interface Account {
  username: string;
  password: string;
}

/** The account of each user index (the runner's indexes start at --user-offset). */
export type AccountOf = (userIndex: number) => Account;

/**
 * The accounts as the flow logs in with them: `{userPrefix}{firstIndex + index}` with one password,
 * or row `index` of the scenario's CSV file (accounts.file, read by loadAccountsFile).
 */
export function accountBook(
  scenario: Pick<Scenario, 'accounts'>,
  base: { userPrefix: string; password: string },
  rows?: readonly Account[],
): AccountOf {
  if (rows) {
    return (userIndex) => {
      const row = rows[userIndex];
      if (!row) {
        throw new ConfigError(
          "the scenario's accounts.file",
          scenario.accounts?.file,
          `a row for every user: user ${userIndex} needs ${userIndex + 1} rows, the file has ${rows.length}`,
        );
      }
      return row;
    };
  }
  const first = scenario.accounts?.firstIndex ?? 0;
  return (userIndex) => ({ username: `${base.userPrefix}${first + userIndex}`, password: base.password });
}
