/** The shop's settings: what the CLI flags set, with defaults for programmatic callers. */
export interface ShopOptions {
  /** TCP port; 0 picks a free one. Default 8000. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** A PostgreSQL server's URL; without it (and without `postgres`) the shop runs on PGlite. */
  databaseUrl?: string;
  /** 'embedded': start a private PostgreSQL server from the npm package for the shop's lifetime. */
  postgres?: 'embedded';
  /** Where PGlite persists its data; without it PGlite lives in memory. */
  dataDir?: string;
  /** pg.Pool `max` for a real PostgreSQL server. Default 20. */
  poolSize?: number;
  /** Value the admin routes require in X-Admin-Token; random (and logged) when absent. */
  adminToken?: string;
  /** scrypt cost as a power of two: 11 means N = 2048. */
  kdfCost?: number;
  /** How long the worker takes per order, in ms. Default 100. */
  processingDelayMs?: number;
  /** Number of worker loops. Default 2. */
  workers?: number;
  /** Fault: order creation takes this many ms longer. Default 0. */
  injectLatencyMs?: number;
  /** Fault: unlocked read-then-write of stock, so concurrent orders oversell. Default false. */
  race?: boolean;
  /** Fault: this share (0..1) of order creations fails with 500 before changing anything. Default 0. */
  failRate?: number;
}

export interface ShopConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  postgres: 'embedded' | undefined;
  dataDir: string | undefined;
  poolSize: number;
  adminToken: string | undefined;
  kdfCost: number;
  processingDelayMs: number;
  workers: number;
  injectLatencyMs: number;
  race: boolean;
  failRate: number;
}

/**
 * scrypt N = 2^11 (r = 8, p = 1). Measured on a 2-core machine: ~3 ms of CPU per login, so
 * 1,000 logins cost ~3 s of CPU (~1.5 s wall on two cores). 2^14 (the usual interactive
 * setting) would make a 1,000-user load test spend ~27 s of CPU on logins alone.
 */
export const DEFAULT_KDF_COST = 11;

export const SHOP_DEFAULTS = {
  port: 8000,
  host: '127.0.0.1',
  poolSize: 20,
  kdfCost: DEFAULT_KDF_COST,
  processingDelayMs: 100,
  workers: 2,
  injectLatencyMs: 0,
  race: false,
  failRate: 0,
} as const;

export const ADMIN_TOKEN_ENV = 'ORDER_LOAD_GATE_ADMIN_TOKEN';

export function resolveShopConfig(options: ShopOptions): ShopConfig {
  return {
    port: options.port ?? SHOP_DEFAULTS.port,
    host: options.host ?? SHOP_DEFAULTS.host,
    databaseUrl: options.databaseUrl,
    postgres: options.postgres,
    dataDir: options.dataDir,
    poolSize: options.poolSize ?? SHOP_DEFAULTS.poolSize,
    adminToken: options.adminToken,
    kdfCost: options.kdfCost ?? SHOP_DEFAULTS.kdfCost,
    processingDelayMs: options.processingDelayMs ?? SHOP_DEFAULTS.processingDelayMs,
    workers: options.workers ?? SHOP_DEFAULTS.workers,
    injectLatencyMs: options.injectLatencyMs ?? SHOP_DEFAULTS.injectLatencyMs,
    race: options.race ?? SHOP_DEFAULTS.race,
    failRate: options.failRate ?? SHOP_DEFAULTS.failRate,
  };
}
