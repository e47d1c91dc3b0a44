/**
 * What a failed first login most likely means, in one sentence that names what to change:
 * no answer: the target is down; 401/403: the password (--password / password); 404 or an HTML
 * page: the target is not the shop's API (the path that answered is named); anything else (the
 * reference shop answers 400 to an unknown user): the seed data is missing, or the password.
 */
import { GateError, SeedMissingError, TargetUnavailableError } from '../core/errors.js';
import type { LoginCheck } from '../scenario/probe.js';
import type { RunSettings } from '../settings/run-settings.js';

export function loginFailure(login: LoginCheck, settings: RunSettings, user: string): GateError {
  const target = settings.target;
  const sent = login.request ?? 'the login request';
  if (login.status === 0) {
    return new TargetUnavailableError(`Logging in ${user} got no answer from ${target}: ${login.detail}`);
  }
  if (login.status === 404 || login.html) {
    const what =
      login.status === 404 ? 'answered 404 (no such path)' : `answered an HTML page (HTTP ${login.status})`;
    return new GateError(
      'OLG_ERR_NOT_A_SHOP',
      `${sent} on ${target} ${what}: the target does not look like the shop's API. Check --target ` +
        `(target-url in the action): the base URL the API paths start from; for another API, describe it ` +
        `with --scenario.`,
    );
  }
  if (login.status === 401 || login.status === 403) {
    return new GateError(
      'OLG_ERR_LOGIN_REJECTED',
      `Logging in ${user} was refused (HTTP ${login.status}: ${login.detail}): the password is probably wrong. ` +
        `Set --password (password in the action, ORDER_LOAD_GATE_PASSWORD, or the scenario's accounts) to the test accounts' password, the one they were seeded with.`,
    );
  }
  return new SeedMissingError(
    `Logging in ${user} failed (HTTP ${login.status}: ${login.detail}), so the ${settings.usersNeeded} users ` +
      `would fail too: the seed data is probably missing, or the password (--password, ORDER_LOAD_GATE_PASSWORD, or the scenario's accounts) is not ` +
      `the accounts' password. Seed the reference shop with ` +
      `"order-load-gate seed --target ${target} --admin-token <token> --users ${settings.userOffset + settings.usersNeeded}", ` +
      `add --seed to the run (seed: reference in the action), or run your own script with --seed-command.`,
  );
}
