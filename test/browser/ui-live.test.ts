/**
 * The live UI in a real Chromium against the reference shop: the form refuses a bad value with
 * the CLI's message, a 100-user run moves the charts and the table while it runs and ends with
 * the results block and the downloads, and a longer run is stopped midway. Screenshots go to
 * test-artifacts/ for a person to look at. Each case has its own UI server and page (the shop
 * and the browser are shared), so any one of them runs alone (vitest -t) or in any order.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../src/cli/run-args.js';
import { silentLogger } from '../../src/core/logger.js';
import type { RunResults } from '../../src/results/results.js';
import { resolveRunSettings } from '../../src/settings/run-settings.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { type RunningUi, startUiServer } from '../../src/ui/server.js';
import { chartPoints, legendLabels, overflowsX, seriesPixels } from './support/charts.js';
import { launchChromium, newPage, type PageWatch, screenshot, watchPage } from './support/chromium.js';

const TOKEN = 'browser-ui-admin-token';

function cliMessage(argv: string[]): string {
  try {
    resolveRunSettings(parseRunArgs(argv, {}).raw);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
}

async function stepCell(page: Page, step: string, column: number): Promise<string> {
  return page.$eval(
    `#step-table tr[data-step="${step}"]`,
    (tr, i) => (tr as HTMLTableRowElement).cells[i]!.textContent ?? '',
    column,
  );
}

async function waitForStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`body[data-status="${status}"]`, { timeout });
}

describe('the live UI in Chromium', () => {
  let shop: RunningShop;
  let ui: RunningUi;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 5 });
    browser = await launchChromium();
  }, 120_000);

  beforeEach(async () => {
    ui = await startUiServer({ port: 0, target: shop.url, logger: silentLogger, version: 'test' });
    page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    watch = watchPage(page);
    await page.goto(ui.url);
    await page.waitForSelector('#charts[data-drawn="true"]');
  }, 120_000);

  afterEach(async () => {
    await page?.close();
    await ui?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  /** The page logged no error but `expected`, and asked nothing of any other server. */
  function expectCleanPage(expected: string[] = []): void {
    expect(watch.errors).toEqual(expected);
    const foreign = watch.requests.filter((u) => !u.startsWith(`${ui.url}/`) && !u.startsWith('data:'));
    expect(foreign).toEqual([]);
  }

  /** Seeds the shop from the form (idempotent: the reference seed resets users and stock). */
  async function seedFromForm(): Promise<void> {
    await page.check('#f-seed');
    await page.fill('#f-adminToken', TOKEN);
  }

  it('refuses a bad value in the form with the CLI’s message, next to the field', async () => {
    await page.fill('#f-users', 'a hundred');
    await page.click('#start');
    const expected = cliMessage(['--target', shop.url, '--users', 'a hundred']);
    await page.waitForSelector('#e-users:not(:empty)');
    expect(await page.textContent('#e-users')).toBe(expected);
    expect(await page.getAttribute('#f-users', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('#form-error')).toBe(true);
    expect(await page.getAttribute('body', 'data-status')).toBe('idle');
    await screenshot(page, 'ui-form-error-1280x800', false);
    // The refused form is answered 400, which Chromium logs; nothing else may be there.
    expectCleanPage([
      `console: Failed to load resource: the server responded with a status of 400 (Bad Request) (at ${ui.url}/api/runs)`,
    ]);
  });

  it('runs 100 users: the charts and the table move while it runs, the results block comes at the end', async () => {
    await page.fill('#f-users', '100');
    await page.fill('#f-spawnRate', '20');
    await seedFromForm();
    await page.click('#start');
    await waitForStatus(page, 'running');
    expect(await page.textContent('#e-users')).toBe('');

    // Two successive updates of the charts and of the table while the run goes on.
    await page.waitForFunction(
      () =>
        Number(document.querySelector('figure[data-chart="throughput"]')?.getAttribute('data-points')) >= 1,
    );
    const first = await chartPoints(page);
    const loginFirst = Number(await stepCell(page, 'login', 1));
    await page.waitForFunction(
      (n) =>
        Number(document.querySelector('figure[data-chart="throughput"]')?.getAttribute('data-points')) >=
        n + 2,
      first.throughput!,
    );
    const second = await chartPoints(page);
    const loginSecond = Number(await stepCell(page, 'login', 1));
    expect(await page.getAttribute('body', 'data-status')).toBe('running');
    expect(second.throughput!).toBeGreaterThanOrEqual(first.throughput! + 2);
    expect(second.users).toBe(second.throughput);
    expect(second.p95).toBe(second.throughput);
    expect(loginSecond).toBeGreaterThan(loginFirst);
    expect(await seriesPixels(page, 'throughput', '#0f766e')).toBeGreaterThan(30);
    expect(await legendLabels(page, 'p95')).toEqual(['login', 'products', 'cart', 'order']);
    expect(Number(await page.textContent('#s-rps'))).toBeGreaterThan(0);
    await screenshot(page, 'ui-running-1280x800', false);

    await page.waitForSelector('#end:not([hidden])', { timeout: 60_000 });
    expect(await page.getAttribute('body', 'data-status')).toBe('finished');
    const block = (await page.textContent('#end-body pre.results-block')) ?? '';
    expect(block).toContain('Order Concurrency Test Results');
    expect(block).toMatch(/Total order attempts: 100\n/);
    expect(block).toMatch(/Successful orders: +100\n/);
    expect(await page.textContent('#end-verdict')).toContain('Passed');
    expect(await page.isVisible('#end-integrity')).toBe(true);
    expect(await stepCell(page, 'order', 1)).toBe('100');
    expect(await page.textContent('#steps-note')).toContain('whole run');

    const resultsHref = await page.getAttribute('#dl-results', 'href');
    const reportHref = await page.getAttribute('#dl-report', 'href');
    const results = (await (await page.request.get(`${ui.url}${resultsHref}`)).json()) as RunResults;
    expect(results.orders).toMatchObject({ attempted: 100, succeeded: 100 });
    const report = await (await page.request.get(`${ui.url}${reportHref}`)).text();
    expect(report).toContain('id="olg-charts"');
    await screenshot(page, 'ui-finished-1280x800', true);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await overflowsX(page)).toBe(false);
    await screenshot(page, 'ui-finished-narrow-390', true);
    await page.evaluate(() => document.getElementById('live')?.scrollIntoView());
    await screenshot(page, 'ui-finished-narrow-390-live', false);
    await page.setViewportSize({ width: 1280, height: 800 });
    expectCleanPage();
  });

  it('stops a longer run midway; the stopped run ends with its results', async () => {
    await page.click('details.advanced summary');
    await page.fill('#f-iterations', '0');
    await page.fill('#f-runTime', '2m');
    await page.fill('#f-thinkTime', '300ms-500ms');
    await page.fill('#f-spawnRate', '50');
    await seedFromForm();
    await page.click('#start');
    await waitForStatus(page, 'running');
    expect(await page.isHidden('#end')).toBe(true);
    await page.waitForFunction(
      () => Number(document.querySelector('figure[data-chart="users"]')?.getAttribute('data-points')) >= 3,
    );
    await page.click('#stop');
    // Stopped, not run to its 2 minutes: the wait below is a bound, the status is the signal.
    await waitForStatus(page, 'stopped', 60_000);
    expect(await page.textContent('#end-verdict')).toContain('Stopped before the end');
    expect(await page.textContent('#end-body pre.results-block')).toContain(
      'Interrupted: stopped before the end',
    );
    expect(await page.isEnabled('#start')).toBe(true);
    expect(await page.isDisabled('#stop')).toBe(true);
    expect(await seriesPixels(page, 'users', '#2563eb')).toBeGreaterThan(30);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'ui-stopped-1280x800', true);
    expectCleanPage();
  });
});
