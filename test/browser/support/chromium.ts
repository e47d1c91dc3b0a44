/**
 * The browser tests' Chromium, driven by playwright-core (no browser download): the one the
 * global setup chose (test/support/test-chromium.ts: CHROMIUM_PATH, the machine's, or the npm
 * package @sparticuz/chromium). Pages get an explicit locale, so that what they show does not
 * depend on the machine's.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** The locale every test page gets (number and date formats in the pages follow it). */
export const PAGE_LOCALE = 'en-US';

/** Without the background-networking flags Chromium dials out, and this machine refuses that. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraEnv` sets variables for the browser process only (e.g. LANG=C for the locale test). */
export async function launchChromium(extraEnv: Record<string, string> = {}): Promise<Browser> {
  const choice = inject('chromium');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  if (choice.libraryPath) {
    env.LD_LIBRARY_PATH = [choice.libraryPath, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  }
  if (choice.fontconfigFile) env.FONTCONFIG_FILE = choice.fontconfigFile;
  Object.assign(env, extraEnv);
  return chromium.launch({
    executablePath: choice.executablePath,
    args: CHROMIUM_ARGS,
    env,
    timeout: 60_000,
  });
}

/** A new page with the fixed locale (and the given viewport). */
export function newPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return browser.newPage({ locale: PAGE_LOCALE, ...options });
}

/** Screenshots go to test-artifacts/ (gitignored), for a person to look at. */
export const ARTIFACTS_DIR = new URL('../../../test-artifacts/', import.meta.url).pathname;

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

export interface PageWatch {
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Every URL the page requested. */
  requests: string[];
}

/** Collects the page's console errors, uncaught errors and requests. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(`console: ${msg.text()} (at ${msg.location().url})`);
  });
  page.on('pageerror', (err) => watch.errors.push(`pageerror: ${err.message}`));
  page.on('request', (req) => watch.requests.push(req.url()));
  return watch;
}
