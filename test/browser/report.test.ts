/**
 * The HTML report opened from disk in a real Chromium: made by `run --report` and by the action
 * (report-dir/report.html, with the baseline comparison). The charts are drawn, nothing is logged
 * as an error, and no request leaves the file. Screenshots go to test-artifacts/.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGateSettings } from '../../src/action/inputs.js';
import { runCli } from '../../src/cli/main.js';
import { silentLogger } from '../../src/core/logger.js';
import { runGate } from '../../src/gate/run-gate.js';
import { readGitHubContext } from '../../src/publish/context.js';
import type { RunResults } from '../../src/results/results.js';
import { type RunningShop, startShop } from '../../src/shop/index.js';
import { captureIo } from '../support/capture.js';
import { chartPoints, legendLabels, overflowsX, seriesPixels } from './support/charts.js';
import { launchChromium, newPage, screenshot, watchPage } from './support/chromium.js';

const TOKEN = 'browser-report-admin-token';

/** Opens a report file; returns the page and what it logged and requested. */
async function openReport(browser: Browser, path: string, width = 1280, height = 800) {
  const page = await newPage(browser, { viewport: { width, height } });
  const watch = watchPage(page);
  const url = pathToFileURL(path).href;
  await page.goto(url);
  await page.waitForSelector('#olg-charts[data-drawn="true"]');
  return { page, watch, url };
}

function expectOffline(watch: { errors: string[]; requests: string[] }, url: string): void {
  expect(watch.errors).toEqual([]);
  expect(watch.requests.filter((r) => r !== url && !r.startsWith('data:'))).toEqual([]);
}

async function expectChartsDrawn(page: Page, seconds: number): Promise<void> {
  const points = await chartPoints(page);
  expect(Object.keys(points).sort()).toEqual(['p50', 'p95', 'throughput', 'users']);
  for (const n of Object.values(points)) expect(n).toBe(seconds);
  expect(await seriesPixels(page, 'throughput', '#0f766e')).toBeGreaterThan(30);
  expect(await seriesPixels(page, 'users', '#2563eb')).toBeGreaterThan(30);
}

describe('the HTML report in Chromium', () => {
  let shop: RunningShop;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    shop = await startShop({ port: 0, adminToken: TOKEN, processingDelayMs: 5 });
    dir = await mkdtemp(join(tmpdir(), 'olg-report-'));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await shop?.close();
  });

  it('run --report writes one self-contained file: charts drawn, no errors, no network', async () => {
    const report = join(dir, 'cli', 'report.html');
    const out = join(dir, 'cli', 'results.json');
    const io = captureIo();
    const code = await runCli(
      [
        'run',
        '--target',
        shop.url,
        '--users',
        '100',
        '--spawn-rate',
        '25',
        '--seed',
        '--admin-token',
        TOKEN,
      ].concat(['--report', report, '--out', out, '--threshold', 'success_rate>=1']),
      io,
    );
    expect(io.err()).not.toMatch(/error:/);
    expect(code).toBe(0);
    expect(io.out()).toContain(`HTML report written to ${report}`);
    const results = JSON.parse(await readFile(out, 'utf8')) as RunResults;

    const { page, watch, url } = await openReport(browser, report);
    await expectChartsDrawn(page, results.timeline.length);
    expect(await legendLabels(page, 'p95')).toEqual(['login', 'products', 'cart', 'order']);
    expect(await seriesPixels(page, 'p95', '#2563eb')).toBeGreaterThan(10);
    expect(await page.textContent('#verdict')).toBe('pass');
    expect(await page.textContent('#results pre')).toMatch(/Total order attempts: 100\n/);
    expect(
      await page.$$eval('#steps tbody tr', (rows) => rows.map((r) => r.firstElementChild?.textContent)),
    ).toEqual(['login', 'products', 'cart', 'order', 'flow']);
    expect(await page.textContent('#thresholds')).toContain('success_rate>=1');
    if (results.integrity) expect(await page.isVisible('#integrity')).toBe(true);
    await screenshot(page, 'report-cli-1280x800', false);
    await screenshot(page, 'report-cli-1280-full', true);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await overflowsX(page)).toBe(false);
    await screenshot(page, 'report-cli-narrow-390', true);
    await screenshot(page, 'report-cli-narrow-390-top', false);
    expectOffline(watch, url);
    await page.close();
  });

  it('the action writes report.html into report-dir, with the history (learning) and its trend', async () => {
    const ctx = readGitHubContext({
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      GITHUB_EVENT_NAME: 'push',
    });
    const settingsFor = (n: number) =>
      readGateSettings(
        (name) =>
          ({
            'target-url': shop.url,
            seed: 'reference',
            'admin-token': TOKEN,
            users: '60',
            'spawn-rate': '20',
            baseline: `file:${join(dir, 'baseline.json')}`,
            'update-baseline': 'true',
            comment: 'never',
            'report-dir': join(dir, `gate-${n}`),
            thresholds: 'success_rate>=1',
          })[name] ?? '',
        {},
      );
    const first = await runGate(settingsFor(1), ctx, silentLogger);
    expect(first.error).toBeUndefined();
    expect(first.htmlReportPath).toBe(join(dir, 'gate-1', 'report.html'));
    const second = await runGate(settingsFor(2), ctx, silentLogger);
    expect(second.comparison?.entries).toBe(1);
    const path = join(dir, 'gate-2', 'report.html');
    expect(existsSync(path)).toBe(true);

    const { page, watch, url } = await openReport(browser, path);
    await expectChartsDrawn(page, second.results!.timeline.length);
    expect(await page.textContent('#verdict')).toBe(second.result);
    // History mode with one stored run: learning, and the stored series drawn as a trend (SVG).
    const section = (await page.textContent('#judgement')) ?? '';
    expect(section).toContain('Learning: 1 of 5 runs recorded for this profile');
    expect(await page.$$eval('#judgement svg polyline', (ls) => ls.length)).toBe(2);
    await page.evaluate(() => document.getElementById('judgement')?.scrollIntoView());
    await screenshot(page, 'report-gate-comparison-1280x800', false);
    expectOffline(watch, url);
    await page.close();
  });
});
