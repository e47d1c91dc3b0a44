/**
 * The integrity and flash-sale settings, from the same raw inputs as the rest of a run (CLI argv
 * or action inputs): --integrity auto|on|off, --wait-processed D, --read-back N, --profile
 * standard|flash-sale, --stock N, --sale-product ID. Errors name the input as the user typed it.
 */

import { parseDuration } from '../core/duration.js';
import { ConfigError } from '../core/errors.js';
import { INTEGRITY_MODES } from '../results/integrity-types.js';
import { parseChoice, parseIntInRange, present } from './parse-values.js';
import { defaultOf } from './run-inputs.js';
import {
  type BaseRunSettings,
  type FlashSaleSettings,
  type InputNamer,
  type IntegritySettings,
  PROFILES,
  type RawRunInputs,
  type RunSettings,
} from './types.js';

function flashSale(base: BaseRunSettings, raw: RawRunInputs, name: InputNamer): Partial<RunSettings> {
  if (base.plan.kind !== 'spawn') {
    throw new ConfigError(
      name('profile'),
      raw.profile,
      `a load without ${name('stages')}, ${name('shape')} or ${name('arrivalRate')} for flash-sale (every user orders once, all at the same moment)`,
    );
  }
  if (present(raw.iterations) && raw.iterations.trim() !== '1') {
    throw new ConfigError(name('iterations'), raw.iterations, '1 (or nothing) with the flash-sale profile');
  }
  if (present(raw.itemsPerOrder) && raw.itemsPerOrder.trim() !== '1') {
    throw new ConfigError(
      name('itemsPerOrder'),
      raw.itemsPerOrder,
      '1 (or nothing) with the flash-sale profile: one unit of one product',
    );
  }
  const stock = parseIntInRange(raw.stock ?? defaultOf('stock'), name('stock'), 0, 1_000_000_000);
  const sale: FlashSaleSettings = { stock, ...(present(raw.stock) ? { stockGiven: true } : {}) };
  if (present(raw.saleProduct)) sale.productId = raw.saleProduct.trim();
  return {
    iterations: 1,
    itemsPerOrder: [1, 1],
    seed: { ...base.seed, products: 1, stock },
    flashSale: sale,
  };
}

/** The base settings with the integrity and profile settings applied (see the module comment). */
export function applyIntegritySettings(
  base: BaseRunSettings,
  raw: RawRunInputs,
  name: InputNamer,
): RunSettings {
  const profile = parseChoice(raw.profile ?? defaultOf('profile'), name('profile'), PROFILES);
  const mode = parseChoice(raw.integrity ?? defaultOf('integrity'), name('integrity'), INTEGRITY_MODES);
  const waitProcessedMs = parseDuration(
    raw.waitProcessed ?? defaultOf('waitProcessed'),
    name('waitProcessed'),
  );
  if (waitProcessedMs > 3_600_000)
    throw new ConfigError(name('waitProcessed'), raw.waitProcessed, 'a duration up to 1h, such as 60s');
  if (waitProcessedMs > 0 && mode === 'off') {
    throw new ConfigError(
      name('waitProcessed'),
      raw.waitProcessed,
      `nothing (or 0) when ${name('integrity')} is off: the wait is part of the integrity check`,
    );
  }
  const readBackLimit = parseIntInRange(
    raw.readBack ?? defaultOf('readBack'),
    name('readBack'),
    0,
    1_000_000,
  );
  if (profile !== 'flash-sale') {
    if (present(raw.stock))
      throw new ConfigError(
        name('stock'),
        raw.stock,
        `nothing without ${name('profile')} flash-sale (see ${name('seedStock')})`,
      );
    if (present(raw.saleProduct))
      throw new ConfigError(
        name('saleProduct'),
        raw.saleProduct,
        `nothing without ${name('profile')} flash-sale`,
      );
  }
  const integrity: IntegritySettings = {
    mode,
    waitProcessedMs,
    readBackLimit,
    inputNames: { mode: name('integrity'), adminToken: name('adminToken') },
  };
  return {
    ...base,
    ...(profile === 'flash-sale' ? flashSale(base, raw, name) : {}),
    profile,
    integrity,
  } as RunSettings;
}

/** The integrity settings as recorded in the results (no secrets). */
export function publicIntegritySettings(settings: RunSettings): Record<string, unknown> {
  return {
    profile: settings.profile,
    integrity: {
      mode: settings.integrity.mode,
      waitProcessedMs: settings.integrity.waitProcessedMs,
      readBackLimit: settings.integrity.readBackLimit,
    },
    flashSale: settings.flashSale ?? null,
  };
}
