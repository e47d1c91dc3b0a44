import { SeedMissingError, TargetUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { requestOnce } from '../engine/http-client.js';
import { probeForRun } from '../scenario/probe.js';
import type { Scenario } from '../scenario/schema.js';
import type { RunSettings } from '../settings/run-settings.js';
import { loginFailure } from './login-diagnosis.js';

/**
 * Before any load: the target answers, the first user can log in, and enough stock is there.
 * The origin sent 1,000 failing logins (HTTP 400) when the seed data was missing; this stops
 * with a message that says so and how to seed.
 */
export interface PreflightReport {
  productsInStock: number;
  unitsInStock: number | null;
  unitsNeeded: number | null;
}

export async function runPreflight(
  settings: RunSettings,
  scenario: Scenario,
  logger: Logger,
): Promise<PreflightReport> {
  await checkTargetAnswers(settings.target, settings.timeoutMs);
  const probe = probeForRun(settings, scenario);
  try {
    const first = settings.userOffset;
    const login = await probe.loginOnce(first);
    const user = login.username ?? `${settings.userPrefix}${first}`;
    if (!login.ok) throw loginFailure(login, settings, user);
    logger.info(`${user} logged in (${login.status})`);
    const products = await probe.fetchProducts();
    if (products.length === 0 && settings.flashSale?.stock === 0) {
      logger.info('Flash sale of 0 units: nothing is in stock, so every order must be refused cleanly');
      return { productsInStock: 0, unitsInStock: 0, unitsNeeded: estimateUnitsNeeded(settings) };
    }
    if (products.length === 0) {
      throw new SeedMissingError(
        `No product is in stock at ${settings.target}: nothing can be ordered. Seed products first ` +
          `(order-load-gate seed ... --products 100 --stock 100000, or --seed).`,
      );
    }
    const known = products.filter((p) => p.stock !== null);
    const unitsInStock =
      known.length === products.length ? known.reduce((n, p) => n + (p.stock ?? 0), 0) : null;
    const unitsNeeded = estimateUnitsNeeded(settings);
    logger.info(
      `${products.length} products in stock` +
        (unitsInStock !== null ? ` (${unitsInStock} units)` : '') +
        (unitsNeeded !== null ? `; the run may order up to ${unitsNeeded} units` : ''),
    );
    if (settings.profile === 'flash-sale') {
      logger.info(
        'Flash sale: stock far below demand is the point of this profile; out-of-stock answers are expected',
      );
    } else if (unitsInStock !== null && unitsNeeded !== null && unitsInStock < unitsNeeded) {
      logger.warn(
        `Only ${unitsInStock} units are in stock but ${settings.usersNeeded} users × up to ${settings.itemsPerOrder[1]} items × ` +
          `${settings.iterations} order(s) may need ${unitsNeeded}: expect out-of-stock answers (seed more stock to measure ordering, not running out).`,
      );
    }
    return { productsInStock: products.length, unitsInStock, unitsNeeded };
  } finally {
    await probe.close();
  }
}

/** Units the run may order at most; null when it loops until the run time ends. */
export function estimateUnitsNeeded(settings: RunSettings): number | null {
  if (settings.iterations === 0) return null;
  return settings.usersNeeded * settings.itemsPerOrder[1] * settings.iterations;
}

async function checkTargetAnswers(target: string, timeoutMs: number): Promise<void> {
  try {
    await requestOnce(target, { method: 'GET', path: '/' }, Math.min(timeoutMs, 10_000));
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new TargetUnavailableError(
      `The target ${target} does not answer (${code ?? (err as Error).message}). Is the shop running? ` +
        `(order-load-gate shop --port <port> starts the reference shop)`,
      { cause: err },
    );
  }
}
