import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseShopArgs, ShopFlagError } from '../../src/shop/index.js';
import { captureIo } from '../support/capture.js';

describe('order-load-gate shop: help and bad flags', () => {
  it('prints its options on --help and -h, with the defaults, and exits 0', async () => {
    for (const flag of ['--help', '-h']) {
      const io = captureIo();
      expect(await runCli(['shop', '--port', '9', flag], io)).toBe(0);
      expect(io.out()).toContain('Usage: order-load-gate shop [options]');
      expect(io.out()).toMatch(/--port N .*default 8000/);
      expect(io.out()).toContain('--fail-rate P');
      expect(io.err()).toBe('');
    }
  });

  it('names a bad flag with a stable code, without a stack trace, and exits 2', async () => {
    const io = captureIo();
    expect(await runCli(['shop', '--port', 'abc'], io)).toBe(2);
    expect(io.err()).toContain('Invalid value for --port: "abc"');
    expect(io.err()).toContain('[SHOP_ERR_FLAG]');
    expect(io.err()).not.toMatch(/unexpected failure|\n\s+at /);

    const unknown = captureIo();
    expect(await runCli(['shop', '--frobnicate'], unknown)).toBe(2);
    expect(unknown.err()).toMatch(
      /Unknown option '--frobnicate'.*Known flags: --port.*--help.*\[SHOP_ERR_FLAG\]/,
    );
  });

  it('throws ShopFlagError for callers of the shop', () => {
    expect(() => parseShopArgs(['--fail-rate', '2'], {})).toThrow(ShopFlagError);
  });
});
