/**
 * The integrity and flash-sale settings, from the same raw inputs as the rest of a run (CLI argv
 * or action inputs): --integrity auto|on|off, --wait-processed D, --read-back N, --profile
 * standard|flash-sale, --stock N, --sale-product ID. Errors name the input as the user typed it.
 */
import { defaultBaselineKey } from '../compare/baseline-key.js';
import { ConfigError } from '../errors.js';
import { parseChoice, parseIntInRange } from '../settings/parse-values.js';
import type { InputNamer, RawRunInputs, RunSettings } from '../settings/run-settings.js';
import { parseDuration } from '../util/duration.js';
import { INTEGRITY_MODES, type IntegrityMode } from './types.js';

export const PROFILES = ['standard', 'flash-sale'] as const;
export type Profile = (typeof PROFILES)[number];

export interface IntegritySettings {
  mode: IntegrityMode;
  /** Wait this long after the load for every accepted order to be processed; 0 = do not wait. */
  waitProcessedMs: number;
  /** Read back every accepted order up to this many, then a random sample of this many; 0 = none. */
  readBackLimit: number;
  /** How the user names the mode and the admin token (for messages): --integrity or integrity. */
  inputNames: { mode: string; adminToken: string };
}

export interface FlashSaleSettings {
  /** Units of the one scarce product (seeded with --seed). */
  stock: number;
  /** The product every buyer wants; default: the first product in stock. */
  productId?: string;
}

export const INTEGRITY_DEFAULTS = {
  integrity: 'auto',
  waitProcessed: '0s',
  readBack: '1000',
  profile: 'standard',
  stock: '100',
} as const;

const present = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

export type BaseRunSettings = Omit<RunSettings, 'integrity' | 'flashSale' | 'profile'>;

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
  const stock = parseIntInRange(raw.stock ?? INTEGRITY_DEFAULTS.stock, name('stock'), 1, 1_000_000_000);
  const sale: FlashSaleSettings = { stock };
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
  const profile = parseChoice(raw.profile ?? INTEGRITY_DEFAULTS.profile, name('profile'), PROFILES);
  const mode = parseChoice(raw.integrity ?? INTEGRITY_DEFAULTS.integrity, name('integrity'), INTEGRITY_MODES);
  const waitProcessedMs = parseDuration(
    raw.waitProcessed ?? INTEGRITY_DEFAULTS.waitProcessed,
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
    raw.readBack ?? INTEGRITY_DEFAULTS.readBack,
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

/** A flash sale's own baseline series (and sticky comment): flash-sale-users-N; undefined otherwise. */
export function profileBaselineKey(settings: RunSettings, shape?: string): string | undefined {
  if (settings.profile !== 'flash-sale') return undefined;
  const key = defaultBaselineKey({
    plan: settings.plan,
    iterations: settings.iterations,
    ...(settings.scenarioFile ? { scenarioFile: settings.scenarioFile } : {}),
    ...(shape ? { shape } : {}),
  });
  return `flash-sale-${key}`.slice(0, 100);
}
