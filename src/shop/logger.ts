/**
 * The shop's own logger shape. It is a structural subset of the gate's Logger (src/core/logger.ts),
 * so the CLI can pass its logger in, while the shop stays free of imports from the rest of src/.
 */
export interface ShopLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentShopLogger: ShopLogger = {
  info() {},
  warn() {},
  error() {},
};
