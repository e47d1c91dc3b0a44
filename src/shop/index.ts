/**
 * The reference shop: an HTTP shop API (login, products, cart, orders, an order worker, admin
 * seeding and inventory) that the gate load-tests. It shares no code with the rest of src/:
 * the gate and the shop meet only over HTTP.
 */
export { ADMIN_TOKEN_ENV, DEFAULT_KDF_COST, SHOP_DEFAULTS, type ShopOptions } from './config.js';
export type { ShopLogger } from './logger.js';
export { parseShopArgs, SHOP_FLAGS, SHOP_USAGE, shopMain } from './options.js';
export { type RunningShop, startShop } from './start.js';
