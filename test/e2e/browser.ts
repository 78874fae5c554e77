import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tools/harness/chromium.mjs';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../results/screenshots');
/** The demo as `vite build` wrote it (global-setup.ts). */
export const DIST = path.resolve(import.meta.dirname, '../../demo/dist');

export interface Product { productId: string; category: string; title: string; image: string }
/** The catalogue the build serves: real photos with the data directory, generated placeholders without. */
export const catalogue = () => JSON.parse(readFileSync(path.join(DIST, 'data/catalogue.json'), 'utf8')) as {
  source: string; products: Product[]; imageModel: string | null; simulated: { events: number };
};

export interface Visit {
  browser: Browser;
  page: Page;
  /** Every request the page made, in order. */
  requests: Request[];
  screenshot(name: string): Promise<string>;
}

/**
 * Opens a fresh headless Chromium profile on `url`, recording every request the page and its workers make.
 * `initScript` runs in the page before any of its own scripts (e.g. to start a PerformanceObserver); `prepare` gets
 * the page before it navigates (e.g. to route requests).
 */
export async function visit(url: string, options: { initScript?: () => void; prepare?: (page: Page) => Promise<unknown> } = {}): Promise<Visit> {
  const { initScript, prepare } = options;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const requests: Request[] = [];
  // On the context, not the page: that also catches requests of the page's dedicated workers.
  context.on('request', (request) => requests.push(request));
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(url);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    page,
    requests,
    async screenshot(name) {
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
  };
}
