/** Checks on the uPlot charts as drawn in the page: pixels of a series' colour, points, legend. */
import type { Page } from 'playwright-core';

/** How many pixels of the chart's canvas have (about) this colour, e.g. '#0f766e'. */
export async function seriesPixels(page: Page, chart: string, hex: string): Promise<number> {
  return page.evaluate(
    ({ chart, hex }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`figure[data-chart="${chart}"] canvas`);
      if (!canvas) return -1;
      const ctx = canvas.getContext('2d');
      if (!ctx) return -1;
      const want = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        if (want.every((c, k) => Math.abs(data[i + k]! - c) < 40)) n++;
      }
      return n;
    },
    { chart, hex },
  );
}

/** The number of points each chart has drawn (its data-points attribute). */
export async function chartPoints(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const f of document.querySelectorAll<HTMLElement>('figure.chart'))
      out[f.dataset.chart ?? '?'] = Number(f.dataset.points ?? -1);
    return out;
  });
}

/** The legend labels of a chart (without the time column). */
export async function legendLabels(page: Page, chart: string): Promise<string[]> {
  return page.$$eval(`figure[data-chart="${chart}"] .u-legend .u-series .u-label`, (els) =>
    els.map((e) => e.textContent ?? '').filter((t) => t !== 'time'),
  );
}

/** The page is no wider than its window (nothing sticks out on a narrow screen). */
export async function overflowsX(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}
