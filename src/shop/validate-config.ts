import type { ShopConfig } from './config.js';

/** An error that names the flag, the bad value and what is expected. */
export function invalidFlag(flag: string, value: unknown, expected: string): Error {
  return new Error(`Invalid value for --${flag}: ${JSON.stringify(value)}. Expected ${expected}.`);
}

function integerIn(flag: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidFlag(flag, value, `an integer from ${min} to ${max}`);
  }
}

function numberIn(flag: string, value: number, min: number, max: number, expected: string): void {
  if (!Number.isFinite(value) || value < min || value > max) throw invalidFlag(flag, value, expected);
}

const MAX_DELAY_MS = 3_600_000;

/** Checks a resolved config, whether it came from flags or from a programmatic caller. */
export function validateShopConfig(config: ShopConfig): ShopConfig {
  integerIn('port', config.port, 0, 65535);
  if (config.host.trim() === '') throw invalidFlag('host', config.host, 'a host name or IP address');
  if (config.databaseUrl !== undefined) {
    let protocol = '';
    try {
      protocol = new URL(config.databaseUrl).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw invalidFlag('database-url', config.databaseUrl, 'a postgres:// or postgresql:// URL');
    }
    if (config.dataDir !== undefined) {
      throw invalidFlag('data-dir', config.dataDir, 'no --data-dir together with --database-url');
    }
  }
  if (config.postgres !== undefined) {
    if (config.postgres !== 'embedded') throw invalidFlag('postgres', config.postgres, '"embedded"');
    if (config.databaseUrl !== undefined) {
      throw invalidFlag('postgres', config.postgres, 'no --postgres together with --database-url');
    }
    if (config.dataDir !== undefined) {
      throw invalidFlag(
        'data-dir',
        config.dataDir,
        'no --data-dir with --postgres embedded (its data lives in a temp dir)',
      );
    }
  }
  if (config.dataDir !== undefined && config.dataDir.trim() === '') {
    throw invalidFlag('data-dir', config.dataDir, 'a directory path');
  }
  integerIn('pool-size', config.poolSize, 1, 1000);
  if (config.adminToken !== undefined && !/^\S+$/.test(config.adminToken)) {
    throw invalidFlag('admin-token', config.adminToken, 'a non-empty token without whitespace');
  }
  integerIn('kdf-cost', config.kdfCost, 1, 20);
  integerIn('processing-delay-ms', config.processingDelayMs, 0, MAX_DELAY_MS);
  integerIn('workers', config.workers, 0, 64);
  numberIn(
    'inject-latency-ms',
    config.injectLatencyMs,
    0,
    MAX_DELAY_MS,
    `a number of ms from 0 to ${MAX_DELAY_MS}, such as 2 or 1.5`,
  );
  numberIn('fail-rate', config.failRate, 0, 1, 'a number from 0 to 1');
  return config;
}
