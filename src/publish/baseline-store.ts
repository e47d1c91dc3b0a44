/**
 * Where baselines live: a branch of the repository (through the contents API), a local JSON
 * file, or nowhere. Every store keeps one JSON document per key.
 */
export interface SaveOptions {
  /**
   * Recombines the caller's document with one another job wrote meanwhile, when a write loses
   * the race (the branch store retries with the result). Without it the caller's data wins.
   */
  merge?: (current: unknown | undefined, mine: unknown) => unknown;
}

export interface BaselineStore {
  /** For logs: e.g. `branch order-load-gate-baselines of octo/shop (baselines/)`. */
  describe(): string;
  /** The stored document for `key`, or undefined when there is none yet. */
  load(key: string): Promise<unknown | undefined>;
  save(key: string, data: unknown, message: string, options?: SaveOptions): Promise<void>;
}
