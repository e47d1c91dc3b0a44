/**
 * The flash-sale profile's setup: seeding the one scarce product (the reference shop's product 1,
 * its stock reset to --stock) and the users, and choosing the product every buyer will order
 * (--sale-product, else the first product in stock), read once before the load so that every
 * shopper targets the same one even after it sells out.
 */
import { SeedMissingError, TargetUnavailableError } from '../errors.js';
import type { Logger } from '../logger.js';
import { probeForRun } from '../run/preflight.js';
import { runSeeding } from '../run/seeding.js';
import type { Product } from '../scenario/products.js';
import type { Scenario } from '../scenario/schema.js';
import { seedReferenceShop } from '../seed/reference-seed.js';
import type { RunSettings } from '../settings/run-settings.js';

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

/** The product every buyer orders: --sale-product among the listed products, else the first in stock. */
export async function resolveSaleProduct(settings: RunSettings, scenario: Scenario): Promise<Product> {
  const wanted = settings.flashSale?.productId;
  const probe = probeForRun(settings, scenario);
  try {
    const login = await probe.loginOnce(settings.userOffset);
    if (!login.ok) {
      throw new TargetUnavailableError(`Flash sale: logging in to list the products failed: ${login.detail}`);
    }
    const products = await probe.fetchProducts();
    const product = wanted === undefined ? products[0] : products.find((p) => String(p.id) === wanted);
    if (!product) {
      throw new SeedMissingError(
        wanted === undefined
          ? `Flash sale: no product is in stock at ${settings.target}; seed one (--seed with --stock N, or your seed command).`
          : `Flash sale: product ${wanted} is not among the products in stock at ${settings.target}.`,
      );
    }
    // Only the id goes into the flow: the pick must not depend on the stock left.
    return { id: product.id, stock: null, ...(product.name ? { name: product.name } : {}) };
  } finally {
    await probe.close();
  }
}
