import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIST, visit, type Visit } from './browser.ts';
import { WAIT } from './visit-checks.ts';

// The page's clock is Playwright's (installed before the page loads): time runs as usual, and fastForward() lets a
// scripted visit spend minutes on a page in no time, as a real shopper does. Needs no data directory.
const live = JSON.parse(readFileSync(path.join(DIST, 'data/models/purchase-intent-live/metadata.json'), 'utf8')) as { threshold: number };

describe('demo shop: live purchase intent through watchIntent', () => {
  let v: Visit;
  const text = (selector: string) => v.page.locator(selector).textContent();
  const percent = () => text('#intent-score').then((t) => Number(/^(\d+) %/.exec(t ?? '')?.[1]));

  beforeAll(async () => {
    v = await visit(inject('demoUrl'), { prepare: (page) => page.clock.install() });
  });
  afterAll(async () => {
    await v?.browser.close();
  });

  it('shows each threshold crossing of this session\'s score as the shopper browses', async () => {
    await v.page.locator('#intent-thresholds').filter({ hasText: /^watchIntent\(\) reports/ }).waitFor(WAIT);
    expect(await text('#intent-thresholds')).toContain(`the model's threshold is ${(live.threshold * 100).toFixed(0)} %`);
    await v.page.locator('#recs-status').filter({ hasNotText: /Loading/ }).waitFor(WAIT); // the worker has started
    await v.page.locator('#consent').check();
    await v.page.locator('#consent-status').filter({ hasText: /^Recording/ }).waitFor();
    expect(await v.page.locator('#intent-crossings li').count()).toBe(0);

    const cards = v.page.locator('#catalogue-grid article.product');
    const scores: number[] = [];
    const history = v.page.locator('#history-list li');
    for (let i = 0; i < 8; i++) {
      const card = cards.nth(i * 2);
      await card.getByRole('button', { name: 'View' }).click();
      await expect.poll(() => history.first().textContent()).toContain(`view · product · ${await card.locator('h3').textContent()}`);
      await expect.poll(() => text('#intent-score')).toMatch(/^\d+ % chance/);
      scores.push(await percent());
      await v.page.clock.fastForward('01:30'); // a minute and a half on each product page
    }
    await v.page.locator('#product-detail').getByRole('button', { name: 'Add to cart' }).click();
    await v.page.clock.fastForward('00:40');
    await v.page.locator('#checkout').click();
    await expect.poll(() => history.first().textContent()).toContain('view · checkout');
    await expect.poll(async () => (await percent()) !== scores.at(-1)).toBe(true);
    scores.push(await percent());
    const crossings = await v.page.locator('#intent-crossings li').allTextContents();
    console.log(`[e2e] live intent over the visit (%): ${scores.join(', ')}; crossings: ${crossings.reverse().join(' | ')}`);

    // The session's first score rises from 0 and the long visit ends above the model's threshold: watchIntent said so.
    const up = v.page.locator(`#intent-crossings li[data-direction="up"][data-threshold="${live.threshold}"]`);
    await expect.poll(() => up.count()).toBe(1);
    expect(await up.textContent()).toMatch(/^↑ crossed \d+ % at \d+ % \(was \d+ %\): likely to buy/);
    expect(scores.at(-1)!).toBeGreaterThanOrEqual(live.threshold * 100 - 0.5);
    expect(await text('#intent-score')).toContain('likely to buy');
    expect(await v.page.locator('#intent-why li').count()).toBe(4);
    await v.screenshot('demo-intent-crossings');
  });
});

describe('demo shop: a worker that cannot start', () => {
  const failing = async (body: { status: number; body: string }, after?: (page: Visit['page']) => Promise<void>) => {
    const v = await visit(inject('demoUrl'), {
      prepare: async (page) => {
        await page.clock.install();
        await page.route(/\/assets\/ml\.worker-[^/]*\.js$/, (route) => route.fulfill({ ...body, contentType: 'text/javascript' }));
      },
    });
    await after?.(v.page);
    await v.page.locator('#worker-error').waitFor({ state: 'visible', ...WAIT });
    return v;
  };

  it('reports a worker whose script fails to load, rejects its calls, and keeps the rest of the shop working', async () => {
    const v = await failing({ status: 404, body: '' });
    try {
      expect(await v.page.locator('#worker-error').textContent()).toBe('The background worker failed: its script could not be loaded or run. ' +
        'Photo search, recommendations and shop categories are off; reload the page to try again.');
      // The call the page had made (start) rejected with the same message instead of staying pending.
      await v.page.locator('#recs-status').filter({ hasText: /^The recommender could not be loaded: Error: The background worker failed/ }).waitFor(WAIT);
      expect(await v.page.locator('#photo-status').textContent()).toMatch(/^Photo search is off: The background worker failed/);
      // Later calls fail at once too: a photo search says so (a 1×1 PNG: readable whatever the catalogue).
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
      await v.page.locator('#photo-input').setInputFiles({ name: 'one-pixel.png', mimeType: 'image/png', buffer: png });
      await v.page.locator('#photo-status').filter({ hasText: /^Photo search failed: Error: The background worker failed/ }).waitFor(WAIT);
      // What runs on the page does not need the worker: the catalogue, the intent model, the chat.
      expect(await v.page.locator('#catalogue-grid article.product').count()).toBeGreaterThan(0);
      await v.page.locator('#intent-thresholds').filter({ hasText: /^watchIntent\(\) reports/ }).waitFor(WAIT);
      await v.page.locator('#chat-status').filter({ hasText: /^Answers from the shop FAQ/ }).waitFor(WAIT);
      expect(await v.page.locator('#runtime-facts dd[data-fact="image-model"]').textContent()).toBe('none: the worker that loads it failed');
      await v.screenshot('demo-worker-failed');
    } finally {
      await v.browser.close();
    }
  });

  it('reports a worker that loads but never says it is ready, after the start timeout', async () => {
    const v = await failing({ status: 200, body: '// a worker that never answers' }, async (page) => {
      await page.locator('#catalogue-grid article.product').first().waitFor(WAIT);
      expect(await page.locator('#worker-error').isHidden()).toBe(true);
      await page.clock.fastForward('01:01');
    });
    try {
      expect(await v.page.locator('#worker-error').textContent()).toMatch(/^The background worker failed: it did not start within 60 s\./);
      await v.page.locator('#recs-status').filter({ hasText: /^The recommender could not be loaded: Error: The background worker failed/ }).waitFor(WAIT);
    } finally {
      await v.browser.close();
    }
  });
});
