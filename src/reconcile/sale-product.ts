/**
 * The flash-sale profile's product: the one every buyer will order (--sale-product, else the first
 * product in stock), read once before the load so that every shopper targets the same one even
 * after it sells out. (Seeding the scarce product is the seed phase's: src/seed/seed-run.ts.)
 */
import { SeedMissingError, TargetUnavailableError } from '../core/errors.js';
import { probeForRun } from '../scenario/probe.js';
import type { Product } from '../scenario/products.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSettings } from '../settings/run-settings.js';

/** The product every buyer orders: --sale-product among the listed products, else the first in stock. */
export async function resolveSaleProduct(settings: RunSettings, scenario: Scenario): Promise<Product> {
  const wanted = settings.flashSale?.productId;
  const probe = probeForRun(settings, scenario);
  try {
    const login = await probe.loginOnce(settings.userOffset);
    if (!login.ok) {
      throw new TargetUnavailableError(`Flash sale: logging in to list the products failed: ${login.detail}`);
    }
    // A sale of 0 units (--stock 0): every order must be refused cleanly; the product is sold out.
    const soldOut = settings.flashSale?.stock === 0;
    const products = await probe.fetchProducts(undefined, { soldOutToo: soldOut });
    const product = soldOut
      ? soldOutProduct(settings, products, wanted)
      : wanted === undefined
        ? products[0]
        : products.find((p) => String(p.id) === wanted);
    if (!product) {
      throw new SeedMissingError(
        wanted === undefined
          ? soldOut
            ? `Flash sale of 0 units: no sold-out product is listed at ${settings.target}; name it with --sale-product.`
            : `Flash sale: no product is in stock at ${settings.target}; seed one (--seed with --stock N, or your seed command).`
          : `Flash sale: product ${wanted} is not among the products in stock at ${settings.target}.`,
      );
    }
    // Only the id goes into the flow: the pick must not depend on the stock left.
    return { id: product.id, stock: null, ...(product.name ? { name: product.name } : {}) };
  } finally {
    await probe.close();
  }
}

/**
 * The product of a sale of 0 units: the one named (listed or not: a shop may list only what is in
 * stock), else the one the reference seed reset (product 1), else the first listed with no stock.
 */
function soldOutProduct(
  settings: RunSettings,
  listed: Product[],
  wanted: string | undefined,
): Product | undefined {
  const id = wanted ?? (settings.seed.mode === 'reference' ? '1' : undefined);
  if (id !== undefined) {
    return listed.find((p) => String(p.id) === id) ?? { id: /^\d+$/.test(id) ? Number(id) : id, stock: 0 };
  }
  return listed.find((p) => p.stock === 0);
}
