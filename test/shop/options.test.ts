import { describe, expect, it } from 'vitest';
import { DEFAULT_KDF_COST, parseShopArgs } from '../../src/shop/index.js';

describe('parseShopArgs', () => {
  it('gives the defaults for no flags', () => {
    expect(parseShopArgs([], {})).toEqual({
      port: 8000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      dataDir: undefined,
      poolSize: 20,
      adminToken: undefined,
      kdfCost: DEFAULT_KDF_COST,
      processingDelayMs: 100,
      workers: 2,
      injectLatencyMs: 0,
      race: false,
      failRate: 0,
    });
  });

  it('reads every flag', () => {
    const options = parseShopArgs(
      [
        '--port=0',
        '--host',
        '0.0.0.0',
        '--database-url',
        'postgres://u@127.0.0.1:5432/shop',
        '--pool-size',
        '50',
        '--admin-token',
        'tok',
        '--kdf-cost',
        '10',
        '--processing-delay-ms',
        '0',
        '--workers',
        '4',
        '--inject-latency-ms',
        '250',
        '--race',
        '--fail-rate',
        '0.25',
      ],
      {},
    );
    expect(options).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: 'postgres://u@127.0.0.1:5432/shop',
      dataDir: undefined,
      poolSize: 50,
      adminToken: 'tok',
      kdfCost: 10,
      processingDelayMs: 0,
      workers: 4,
      injectLatencyMs: 250,
      race: true,
      failRate: 0.25,
    });
    expect(parseShopArgs(['--data-dir', '/tmp/shop-data'], {}).dataDir).toBe('/tmp/shop-data');
  });

  it('takes the admin token from ORDER_LOAD_GATE_ADMIN_TOKEN unless the flag is given', () => {
    const env = { ORDER_LOAD_GATE_ADMIN_TOKEN: 'from-env' };
    expect(parseShopArgs([], env).adminToken).toBe('from-env');
    expect(parseShopArgs(['--admin-token', 'flag'], env).adminToken).toBe('flag');
    expect(parseShopArgs([], { ORDER_LOAD_GATE_ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
  });

  it('takes a fraction of a millisecond for --inject-latency-ms', () => {
    expect(parseShopArgs(['--inject-latency-ms', '1.5'], {}).injectLatencyMs).toBe(1.5);
  });

  it.each([
    [['--port', 'abc'], /--port: "abc"\. Expected a non-negative integer/],
    [['--port', '70000'], /--port: 70000\. Expected an integer from 0 to 65535/],
    [['--port=-1'], /--port: "-1"/],
    [['--pool-size', '0'], /--pool-size: 0\. Expected an integer from 1 to 1000/],
    [['--kdf-cost', '25'], /--kdf-cost: 25\. Expected an integer from 1 to 20/],
    [['--kdf-cost', '1.5'], /--kdf-cost: "1.5"/],
    [['--workers', 'many'], /--workers: "many"/],
    [['--processing-delay-ms', '1e3'], /--processing-delay-ms: "1e3"/],
    [['--inject-latency-ms', ''], /--inject-latency-ms: ""/],
    [['--inject-latency-ms=-1'], /--inject-latency-ms: "-1"\. Expected a non-negative number of ms/],
    [['--inject-latency-ms', '1e3'], /--inject-latency-ms: "1e3"/],
    [['--fail-rate', '1.5'], /--fail-rate: 1\.5\. Expected a number from 0 to 1/],
    [['--fail-rate', 'half'], /--fail-rate: "half"\. Expected a number from 0 to 1/],
    [['--database-url', 'mysql://x/y'], /--database-url: "mysql:\/\/x\/y"\. Expected a postgres:\/\//],
    [['--database-url', 'postgres://h/db', '--data-dir', 'd'], /--data-dir: "d"\. Expected no --data-dir/],
    [['--host', ' '], /--host: " "/],
    [['--admin-token', 'has space'], /--admin-token: "has space"/],
    [['--frobnicate'], /Unknown option '--frobnicate'.*Known flags: --port/],
    [['extra'], /positional.*Known flags/i],
  ])('rejects %j naming the flag, the value and what is expected', (argv, message) => {
    expect(() => parseShopArgs(argv, {})).toThrow(message);
  });
});
