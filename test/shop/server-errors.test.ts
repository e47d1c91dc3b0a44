import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listen, urlFor } from '../../src/shop/http/lifecycle.js';
import { createRouter } from '../../src/shop/http/router.js';
import { createShopServer } from '../../src/shop/http/server.js';
import { memoryLogger } from './helpers.js';

describe('shop HTTP server error handling', () => {
  const log = memoryLogger();
  const router = createRouter([
    {
      method: 'GET',
      path: '/boom',
      async handler() {
        throw new Error('database exploded');
      },
    },
  ]);
  const server = createShopServer({ getRouter: () => router, log });
  let url = '';
  beforeAll(async () => {
    url = urlFor('127.0.0.1', await listen(server, 0, '127.0.0.1'));
  });
  afterAll(async () => {
    await closeServer(server);
  });

  it('answers an unexpected exception with a 500 JSON error and logs it', async () => {
    const res = await request(`${url}/boom`);
    expect(res.statusCode).toBe(500);
    expect(await res.body.json()).toEqual({ error: 'internal server error' });
    expect(log.lines.some((l) => l.startsWith('error: GET /boom failed: Error: database exploded'))).toBe(
      true,
    );
    const health = await request(`${url}/health`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
  });

  it('is tuned for keep-alive under load', () => {
    expect(server.keepAliveTimeout).toBe(65_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    expect(server.maxRequestsPerSocket).toBe(0);
  });
});
