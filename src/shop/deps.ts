import type { ShopConfig } from './config.js';
import type { Database } from './db/adapter.js';
import type { ShopLogger } from './logger.js';

/** What the route handlers share. */
export interface ShopDeps {
  db: Database;
  config: ShopConfig;
  adminToken: string;
  log: ShopLogger;
}
