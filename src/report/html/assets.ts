/**
 * The chart library's files, from npm (uPlot): the live UI serves them from node_modules and the
 * HTML report inlines them, so neither ever loads code from a CDN.
 *
 * The paths are written as `new URL('../../../node_modules/…', import.meta.url)` on purpose: ncc
 * sees that pattern and copies the files next to the action's bundle (dist/), and from src/ or
 * lib/ it is the package's own node_modules. When the package is installed as a dependency (its
 * dependencies hoisted), the files are found through Node's resolution instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface ChartAssets {
  js: string;
  css: string;
}

const UPLOT_JS = new URL('../../../node_modules/uplot/dist/uPlot.iife.min.js', import.meta.url);
const UPLOT_CSS = new URL('../../../node_modules/uplot/dist/uPlot.min.css', import.meta.url);

let cached: ChartAssets | undefined;

/**
 * Runs before uPlot, which formats numbers with `new Intl.NumberFormat(navigator.language)` when it
 * loads: a browser whose locale is not a BCP 47 tag (Chromium started with LANG=C reports
 * `en-US@posix`) threw "Invalid language tag" there and no chart was drawn. Such a language is
 * replaced by its usable part (`en-US`), else by `en-US`.
 */
export const LOCALE_GUARD_SCRIPT = `(function () {
  try { new Intl.NumberFormat(navigator.language); return; } catch (e) {}
  var tag = 'en-US';
  try { tag = String(navigator.language).split(/[@.]/)[0].replace(/_/g, '-'); new Intl.NumberFormat(tag); } catch (e) { tag = 'en-US'; }
  try { Object.defineProperty(Object.getPrototypeOf(navigator), 'language', { get: function () { return tag; }, configurable: true }); } catch (e) {}
})();
`;

function locate(url: URL | string, specifier: string): string {
  // In the action's bundle ncc has turned the URL into a plain path string next to dist/index.js.
  const path = typeof url === 'string' ? url : fileURLToPath(url);
  return existsSync(path) ? path : createRequire(import.meta.url).resolve(specifier);
}

/** Absolute paths of uPlot's browser build and stylesheet. */
export function chartAssetPaths(): { js: string; css: string } {
  return {
    js: locate(UPLOT_JS, 'uplot/dist/uPlot.iife.min.js'),
    css: locate(UPLOT_CSS, 'uplot/dist/uPlot.min.css'),
  };
}

/** uPlot's browser build and stylesheet as text (read once). */
export function loadChartAssets(): ChartAssets {
  if (cached) return cached;
  const paths = chartAssetPaths();
  cached = { js: LOCALE_GUARD_SCRIPT + readFileSync(paths.js, 'utf8'), css: readFileSync(paths.css, 'utf8') };
  return cached;
}
