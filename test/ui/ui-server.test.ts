import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../src/core/logger.js';
import type { RunResults } from '../../src/results/results.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import type { UiSnapshot } from '../../src/ui/run-controller.js';
import { type RunningUi, startUiServer } from '../../src/ui/server.js';

const TOKEN = 'ui-server-admin-token';

async function json(ui: RunningUi, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await request(`${ui.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    body: (await res.body.json()) as Record<string, unknown>,
  };
}

async function waitForStatus(ui: RunningUi, statuses: string[], timeoutMs = 60_000): Promise<UiSnapshot> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const snap = (await json(ui, '/api/state')).body as unknown as UiSnapshot;
    if (statuses.includes(snap.state.status)) return snap;
    if (Date.now() > until) throw new Error(`still ${snap.state.status}, wanted ${statuses.join('|')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the UI server', () => {
  let shop: RunningShop;
  let ui: RunningUi;
  const logger = createMemoryLogger();

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 5 });
    ui = await startUiServer({ port: 0, target: shop.url, adminToken: TOKEN, logger, version: 'test' });
  });
  afterAll(async () => {
    await ui?.close();
    await shop?.close();
  });

  it('serves the page, the chart library from node_modules and its scripts, on 127.0.0.1', async () => {
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const page = await request(`${ui.url}/`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const html = await page.body.text();
    expect(html).toContain('<form id="run-form"');
    expect(html).toContain(`value="${shop.url}"`);
    expect(html).not.toMatch(/(src|href)="https?:/);
    for (const path of [
      '/assets/uPlot.iife.min.js',
      '/assets/charts.js',
      '/assets/page.js',
      '/assets/page.css',
    ]) {
      const res = await request(`${ui.url}${path}`);
      expect(res.statusCode, path).toBe(200);
      expect((await res.body.text()).length, path).toBeGreaterThan(500);
    }
  });

  it('answers only requests from its own page', async () => {
    const rebinding = await json(ui, '/api/state', undefined, { host: `evil.example:${ui.port}` });
    expect(rebinding.status).toBe(403);
    const form = await request(`${ui.url}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ target: shop.url }),
    });
    expect(form.statusCode).toBe(403);
    await form.body.dump();
    const crossSite = await json(ui, '/api/runs', { target: shop.url }, { origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await json(ui, '/api/state')).body.state).toMatchObject({ status: 'idle' });
  });

  it('refuses a bad form with the CLI’s message and the field', async () => {
    const res = await json(ui, '/api/runs', { target: shop.url, users: 'many' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'Invalid value for --users: "many". Expected an integer from 1 to 100000.',
      field: 'users',
    });
  });

  it('runs, refuses a second run meanwhile, and offers the results JSON and the HTML report', async () => {
    const form = { target: shop.url, users: '20', spawnRate: '20', seed: true };
    const started = await json(ui, '/api/runs', form);
    expect(started.status).toBe(202);
    const runId = started.body.runId as number;
    const again = await json(ui, '/api/runs', form);
    expect(again.status).toBe(409);
    const end = await waitForStatus(ui, ['finished', 'error']);
    expect(end.state.status).toBe('finished');
    expect(end.end?.html).toContain('Order Concurrency Test Results');
    expect(end.tick?.final).toBe(true);
    expect(end.logs.some((l) => l.message.includes('== Load =='))).toBe(true);
    const results = await request(`${ui.url}/api/runs/${runId}/results.json`);
    expect(results.headers['content-disposition']).toContain('results.json');
    const parsed = (await results.body.json()) as RunResults;
    expect(parsed.orders).toMatchObject({ attempted: 20, succeeded: 20 });
    const report = await request(`${ui.url}/api/runs/${runId}/report.html`);
    expect(report.statusCode).toBe(200);
    expect(await report.body.text()).toMatch(/^<!doctype html>[\s\S]*Total order attempts: 20/);
    expect((await request(`${ui.url}/api/runs/${runId + 5}/report.html`)).statusCode).toBe(404);
  });

  it('stops a long run midway and takes a new one after it', async () => {
    const form = {
      target: shop.url,
      users: '10',
      spawnRate: '10',
      iterations: '0',
      runTime: '60s',
      thinkTime: '200ms-300ms',
    };
    const started = await json(ui, '/api/runs', form);
    expect(started.status).toBe(202);
    await waitForStatus(ui, ['running']);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await json(ui, '/api/stop', {})).body).toEqual({ stopping: true });
    const t0 = Date.now();
    const end = await waitForStatus(ui, ['stopped', 'finished', 'error'], 20_000);
    expect(end.state.status).toBe('stopped');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(end.end?.html).toContain('Stopped before the end');
    expect(end.points.length).toBeGreaterThan(0);
    const next = await json(ui, '/api/runs', { target: shop.url, users: '5', spawnRate: '5' });
    expect(next.status).toBe(202);
    expect((await waitForStatus(ui, ['finished', 'error'])).state.status).toBe('finished');
  });
});
