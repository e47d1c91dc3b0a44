import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.js';
import { type RunningUi, startUiServer } from '../../src/ui/server.js';

describe('the UI bound wider than loopback needs its token (DNS rebinding)', () => {
  let ui: RunningUi;
  const token = 'test-ui-token-123456';
  beforeAll(async () => {
    ui = await startUiServer({ port: 0, host: '0.0.0.0', token, logger: silentLogger });
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('refuses a page whose Host and Origin name the attacker, without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${ui.port}/api/state`, { headers: { host: 'evil.example' } });
    expect(res.status).toBe(401);
    const post = await fetch(`http://127.0.0.1:${ui.port}/api/stop`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${ui.port}` },
      body: '{}',
    });
    expect(post.status).toBe(401);
  });

  it('lets the printed URL in, then the cookie it set, or the header', async () => {
    const first = await fetch(`http://127.0.0.1:${ui.port}/?token=${token}`);
    expect(first.status).toBe(200);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const again = await fetch(`http://127.0.0.1:${ui.port}/api/state`, {
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(again.status).toBe(200);
    const header = await fetch(`http://127.0.0.1:${ui.port}/api/state`, {
      headers: { 'x-olg-ui-token': token },
    });
    expect(header.status).toBe(200);
    const wrong = await fetch(`http://127.0.0.1:${ui.port}/?token=${token}x`);
    expect(wrong.status).toBe(401);
  });
});
