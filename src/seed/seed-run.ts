import type { Logger } from '../core/logger.js';
import type { RunSettings } from '../settings/run-settings.js';
import { seedReferenceShop } from './reference-seed.js';
import { runSeedCommand } from './seed-command.js';

/** Seeds the target before the load, as the settings say: the reference shop's route or a command. */
export async function runSeeding(settings: RunSettings, logger: Logger): Promise<void> {
  const seed = settings.seed;
  if (seed.mode === 'none') {
    logger.info('Seeding skipped (the target is expected to hold the users and products already)');
    return;
  }
  if (seed.mode === 'reference') {
    await seedReferenceShop(
      {
        target: settings.target,
        adminToken: seed.adminToken ?? '',
        users: settings.userOffset + seed.users,
        products: seed.products,
        stock: seed.stock,
        password: settings.password,
        userPrefix: settings.userPrefix,
      },
      logger,
    );
    return;
  }
  logger.info(`Running the seed command: ${seed.command}`);
  await runSeedCommand(
    seed.command ?? '',
    {
      ORDER_LOAD_GATE_TARGET: settings.target,
      ORDER_LOAD_GATE_USERS: String(settings.userOffset + seed.users),
      ORDER_LOAD_GATE_PRODUCTS: String(seed.products),
      ORDER_LOAD_GATE_STOCK: String(seed.stock),
      ORDER_LOAD_GATE_USER_PREFIX: settings.userPrefix,
      ORDER_LOAD_GATE_PASSWORD: settings.password,
    },
    logger,
  );
}

/** Seeds as the settings say; a flash sale on the reference shop resets the scarce product's stock. */
export async function seedRun(settings: RunSettings, logger: Logger): Promise<void> {
  const sale = settings.flashSale;
  if (!sale || settings.seed.mode !== 'reference') return runSeeding(settings, logger);
  await seedReferenceShop(
    {
      target: settings.target,
      adminToken: settings.seed.adminToken ?? '',
      users: settings.userOffset + settings.seed.users,
      products: 1,
      stock: sale.stock,
      password: settings.password,
      userPrefix: settings.userPrefix,
      resetStock: true,
    },
    logger,
  );
  logger.info(`Flash sale: product 1 reset to ${sale.stock} units`);
}
