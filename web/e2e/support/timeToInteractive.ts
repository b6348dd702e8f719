import type { Browser } from './browser';

export interface TimeToInteractive {
  page: string;
  coldMs: number | undefined;
  warmMedianMs: number | undefined;
  runs: {
    cold: boolean;
    tti: number;
    contentVisible: number;
    domContentLoaded: number;
    lastLongTaskEnd: number;
  }[];
}

/**
 * Time to interactive of the repository page `url` (`/demo/hello`), from the Performance API in
 * Chromium: 1 cold and 3 warm loads; interactive = README and file links visible, DOM content
 * loaded and the last long task over, whichever is latest.
 */
export async function measureTimeToInteractive(
  browser: Browser,
  url: string,
): Promise<TimeToInteractive> {
  const runs: TimeToInteractive['runs'] = [];
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  // Long tasks are only observable from the page's start.
  await context.addInitScript(() => {
    const w = window as unknown as { __longTaskEnd: number };
    w.__longTaskEnd = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        w.__longTaskEnd = Math.max(w.__longTaskEnd, entry.startTime + entry.duration);
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  for (let i = 0; i < 4; i++) {
    await page.goto(url, { waitUntil: 'commit' });
    // README rendered and the file list links present: the page is usable.
    const contentVisible = (await (
      await page.waitForFunction(
        () =>
          document.querySelector('.markdown h1') &&
          document.querySelector('a[href="/demo/hello/tree/src"]')
            ? performance.now()
            : false,
        undefined,
        { polling: 'raf' },
      )
    ).jsonValue()) as number;
    await page.waitForTimeout(500); // let any trailing long task finish
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        domContentLoaded: nav.domContentLoadedEventEnd,
        lastLongTaskEnd: (window as unknown as { __longTaskEnd: number }).__longTaskEnd,
      };
    });
    runs.push({
      cold: i === 0,
      contentVisible: Math.round(contentVisible),
      domContentLoaded: Math.round(timing.domContentLoaded),
      lastLongTaskEnd: Math.round(timing.lastLongTaskEnd),
      tti: Math.round(Math.max(contentVisible, timing.lastLongTaskEnd, timing.domContentLoaded)),
    });
  }
  await context.close();
  const warm = runs
    .filter((r) => !r.cold)
    .map((r) => r.tti)
    .sort((a, b) => a - b);
  return {
    page: new URL(url).pathname,
    coldMs: runs[0]?.tti,
    warmMedianMs: warm[Math.floor(warm.length / 2)],
    runs,
  };
}
