import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../harness/chromium.mjs';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../results/screenshots');

export interface Visit {
  browser: Browser;
  page: Page;
  /** Every request the page made, in order. */
  requests: Request[];
  screenshot(name: string): Promise<string>;
}

/** Opens a fresh headless Chromium profile on `url`, recording every request the page makes. */
export async function visit(url: string): Promise<Visit> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
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
