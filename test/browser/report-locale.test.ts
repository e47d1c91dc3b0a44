/**
 * report.html draws its charts whatever the browser's locale: Chromium with the locale
 * `en-US@posix` (what it reports when started with LANG=C) made uPlot throw "Invalid language tag"
 * as it loaded, and no chart was drawn. The same report without the locale guard is opened too,
 * to show that this browser does reproduce the failure.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { LOCALE_GUARD_SCRIPT } from '../../src/report/html/assets.js';
import { type ReferenceFake, startReferenceFake } from '../servers/reference-shop-fake.js';
import { captureIo } from '../support/capture.js';
import { chartPoints } from './support/charts.js';
import { launchChromium, watchPage } from './support/chromium.js';

const LOCALE = 'en-US@posix';

describe(`report.html in Chromium with the locale ${LOCALE}`, () => {
  let shop: ReferenceFake;
  let browser: Browser;
  let report: string;

  beforeAll(async () => {
    shop = await startReferenceFake({ products: 5, stock: 100_000 });
    const dir = await mkdtemp(join(tmpdir(), 'olg-locale-'));
    report = join(dir, 'report.html');
    const io = captureIo();
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--users',
        '20',
        '--spawn-rate',
        '10',
        '--report',
        report,
        '--progress',
        'off',
      ],
      io,
    );
    expect(code).toBe(0);
    browser = await launchChromium({ LANG: 'C', LC_ALL: 'C' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  async function open(path: string) {
    const context = await browser.newContext({ locale: LOCALE });
    const page = await context.newPage();
    const watch = watchPage(page);
    await page.goto(pathToFileURL(path).href);
    const language = await page.evaluate(() => navigator.language);
    const drawn = await page
      .waitForSelector('#olg-charts[data-drawn="true"]', { timeout: 5_000 })
      .then(() => true)
      .catch(() => false);
    return { page, context, watch, drawn, language };
  }

  it('draws every chart, with no error', async () => {
    const { page, context, watch, drawn } = await open(report);
    expect(watch.errors).toEqual([]);
    expect(drawn).toBe(true);
    expect(Object.keys(await chartPoints(page)).sort()).toEqual(['p50', 'p95', 'throughput', 'users']);
    await context.close();
  });

  it('without the locale guard the same browser fails as reported (the test can fail)', async () => {
    const html = await readFile(report, 'utf8');
    expect(html).toContain(LOCALE_GUARD_SCRIPT.trim());
    const unguarded = report.replace(/\.html$/, '-unguarded.html');
    await writeFile(unguarded, html.replace(LOCALE_GUARD_SCRIPT.trim(), ''));
    const { context, watch, drawn, language } = await open(unguarded);
    expect(language).toBe(LOCALE);
    expect(drawn).toBe(false);
    expect(watch.errors.join('\n')).toMatch(/Invalid language tag/);
    await context.close();
  });
});
