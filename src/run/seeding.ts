import type { Logger } from '../logger.js';
import { seedReferenceShop } from '../seed/reference-seed.js';
import { runSeedCommand } from '../seed/seed-command.js';
import type { RunSettings } from '../settings/run-settings.js';

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
