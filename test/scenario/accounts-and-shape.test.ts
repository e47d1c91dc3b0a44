import { afterEach, describe, expect, it } from 'vitest';
import { chooseAccounts } from '../../src/scenario/accounts.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { createScenarioProbe } from '../../src/scenario/probe.js';
import { startTokenRestShop } from '../servers/token-rest-shop.js';

const fixture = new URL('./fixtures/token-rest.yaml', import.meta.url).pathname;
const defaults = { password: 'loadtest123', userPrefix: 'load_test_user_' };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('the accounts a run logs in with', () => {
  const scenario = { accounts: { userPrefix: 'shopper_', password: 'from-file', passwordEnv: 'SHOP_PW' } };

  it('option first, then the variable named by passwordEnv, then the file, then the default', () => {
    expect(chooseAccounts(scenario, { password: 'opt', defaults }, { SHOP_PW: 'env' })).toMatchObject({
      password: 'opt',
      userPrefix: 'shopper_',
    });
    expect(chooseAccounts(scenario, { defaults }, { SHOP_PW: 'env' })).toMatchObject({
      password: 'env',
      passwordFrom: '$SHOP_PW',
    });
    expect(chooseAccounts(scenario, { defaults }, {})).toMatchObject({ password: 'from-file' });
    expect(chooseAccounts({}, { userPrefix: 'u', defaults }, {})).toEqual({
      userPrefix: 'u',
      password: 'loadtest123',
      passwordFrom: 'the default',
    });
  });

  it('an unset passwordEnv with no password in the file is an error naming the variable', () => {
    expect(() => chooseAccounts({ accounts: { passwordEnv: 'SHOP_PW' } }, { defaults }, {})).toThrow(
      /SHOP_PW is empty or unset/,
    );
  });
});

describe('a scenario that does not match the shop’s answer', () => {
  it('a wrong products.list is OLG_ERR_SCENARIO (not the target), naming the path with basePath', async () => {
    const shop = await startTokenRestShop({});
    cleanups.push(() => shop.close());
    const scenario = await loadScenarioFile(fixture);
    const probe = createScenarioProbe({
      target: shop.url,
      scenario: { ...scenario, products: { ...scenario.products, list: 'items' } },
      password: 'loadtest123',
      userPrefix: 'load_test_user_',
      timeoutMs: 5000,
    });
    cleanups.push(() => probe.close());
    expect((await probe.loginOnce(0)).ok).toBe(true);
    const err = await probe.fetchProducts().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OLG_ERR_SCENARIO' });
    expect((err as Error).message).toMatch(
      /products request \(GET \/api\/v2\/catalog\/.*\): no product array at items/,
    );
  });
});
