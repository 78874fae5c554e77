import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { catalogue, visit } from './browser.ts';

// Needs no data directory: the generated catalogue the demo builds without one is enough.
describe('demo shop, with hostile catalogue data', () => {
  it('renders product text as text: markup in a title is shown, never parsed', async () => {
    const hostile = `<img src="/x-injected.png" onerror="window.__injected = 1">Evil <b>bag</b>`;
    const v = await visit(inject('demoUrl'), {
      prepare: (page) => page.route('**/data/catalogue.json', async (route) => {
        const data = catalogue();
        data.products = data.products.slice(0, 3).map((p) => ({ ...p, title: hostile }));
        await route.fulfill({ json: data });
      }),
    });
    try {
      const cards = v.page.locator('#catalogue-grid article.product');
      await cards.first().waitFor();
      expect(await cards.first().locator('h3').textContent()).toBe(hostile);
      expect(await cards.first().locator('h3 img, h3 b').count()).toBe(0);
      await cards.first().getByRole('button', { name: 'View' }).click();
      expect(await v.page.locator('#product-detail h2').textContent()).toBe(hostile);
      expect(await v.page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
      expect(v.requests.filter((r) => r.url().includes('x-injected'))).toEqual([]);
    } finally {
      await v.browser.close();
    }
  });

  it('the demo sources never build HTML from strings', () => {
    const dir = path.resolve(import.meta.dirname, '../../demo');
    const offenders = readdirSync(dir).filter((f) => f.endsWith('.ts'))
      .filter((f) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/.test(readFileSync(path.join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
