import { registerSecret } from '../core/scrub.js';
import { chooseAccounts } from '../scenario/accounts.js';
import type { Scenario } from '../scenario/schema.js';
import { defaultOf } from '../settings/run-inputs.js';
import type { RunSettings } from '../settings/run-settings.js';

/** The settings with the accounts the scenario file names where the user gave none (see accounts.ts). */
export function withScenarioAccounts(
  settings: RunSettings,
  scenario: Scenario,
  env: NodeJS.ProcessEnv = process.env,
): RunSettings {
  if (!scenario.accounts || !settings.given) return settings;
  const choice = chooseAccounts(
    scenario,
    { ...settings.given, defaults: { password: defaultOf('password'), userPrefix: defaultOf('userPrefix') } },
    env,
  );
  // A password from the scenario file or the variable it names is as secret as --password.
  registerSecret(choice.password);
  return { ...settings, password: choice.password, userPrefix: choice.userPrefix };
}
