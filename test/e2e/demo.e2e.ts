import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIST, catalogue, visit, type Visit } from './browser.ts';
import { WAIT, expectStaticRequestsOnly, exportHistory, latestEvent, listIds, observeLongTasks } from './visit-checks.ts';

// Needs no data directory: it runs on the generated catalogue the demo builds without one, and on the real one.
// The photo search needs the real photos and MobileNet: demo-photos.data.e2e.ts.
describe('demo shop, built and served as static files: a scripted visit', () => {
  let v: Visit;
  const products = new Map(catalogue().products.map((p) => [p.productId, p]));
  const text = (selector: string) => v.page.locator(selector).textContent();
  const databases = () => v.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

  beforeAll(async () => {
    v = await visit(inject('demoUrl'), { initScript: observeLongTasks });
  });
  afterAll(async () => {
    await v?.browser.close();
  });

  it('starts TensorFlow.js offline and shows which backend runs and what was tried', async () => {
    const status = v.page.locator('#runtime-status');
    await status.filter({ hasText: /^Running on / }).waitFor(WAIT);
    // Chromium here has no WebGPU adapter, so auto mode reports the skip and runs on WASM from the build's assets.
    expect(await status.textContent()).toMatch(/^Running on WASM \(asked for auto\)/);
    const rows = await v.page.locator('#runtime-attempts tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^webgpuskipped: /);
    expect(rows[1]).toMatch(/^wasmstarted/);
  });

  it('names the image model the worker actually loaded, from its metadata.json (none without the data directory)', async () => {
    const fact = v.page.locator('#runtime-facts dd[data-fact="image-model"]');
    await fact.filter({ hasNotText: /loading/ }).waitFor(WAIT);
    if (catalogue().imageModel) {
      const { name, version, embeddingSize } = JSON.parse(readFileSync(path.join(DIST, catalogue().imageModel!, 'metadata.json'), 'utf8'));
      expect(await fact.textContent()).toBe(`${name} v${version} (layers model, 224×224 input, ${embeddingSize}-d features), self-hosted at /${catalogue().imageModel}`);
    } else {
      expect(await fact.textContent()).toMatch(/^none: no MobileNet in this build/);
      expect(await text('#work-categories-status')).toMatch(/^off: no MobileNet/);
    }
  });

  it('records nothing before consent', async () => {
    const cards = v.page.locator('#catalogue-grid article.product');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(products.size);
    await cards.first().getByRole('button', { name: 'View' }).click();
    await expect.poll(() => text('#product-detail h2')).toBe(await cards.first().locator('h3').textContent());
    expect(await text('#consent-status')).toMatch(/^Not recording/);
    expect(await text('#history-count')).toBe('Nothing recorded.');
    expect((await databases()).filter((name) => name?.includes('history'))).toEqual([]);
    await v.screenshot('demo-1-before-consent');
  });

  it('loads the recommender the CLI trained at build time from the simulated log, and trains nothing on the page', async () => {
    await v.page.locator('#work-recommender-status').filter({ hasText: /done$|failed/ }).waitFor(WAIT);
    expect(await text('#work-recommender-status')).toMatch(/^Loaded data\/models\/recommender\/ \(\d+ products\), trained by storefront-ml [\d.]+ train recommend at build time · done$/);
    await v.page.locator('#recs-status').filter({ hasNotText: /Loading/ }).waitFor(WAIT); // the lists came from the worker
    expect(await listIds(v, 'recs-personal')).toHaveLength(6);
    // The folder the worker fetched is the one prepare.mjs had the CLI write, and its metadata says how it was made.
    const paths = v.requests.map((r) => new URL(r.url()).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/data/models/recommender/metadata.json', '/data/models/recommender/weights.bin']));
    const { provenance } = JSON.parse(readFileSync(path.join(DIST, 'data/models/recommender/metadata.json'), 'utf8')).info;
    expect(provenance.tool).toMatch(/^storefront-ml [\d.]+ train recommend$/);
    expect(provenance.source).toMatchObject({ file: 'simulated-events.csv', format: 'ecommerce-csv', events: catalogue().simulated.events, skipped: 0 });
    expect(await text('#recs-provenance')).toContain(`Simulated: these lists come from a recommender trained by ${provenance.tool} ` +
      `from a simulated event log (simulated-events.csv) of ${provenance.source.events.toLocaleString('en')} events`);
    expect(await text('#recs-provenance')).toMatch(/Held out .*: HR@10 0\.\d\d, against 0\.\d\d for popularity/);
    // No training on a visit: the built page has no recommender training code in it at all.
    const assets = path.join(DIST, 'assets');
    expect(readdirSync(assets).filter((f) => f.endsWith('.js') && readFileSync(path.join(assets, f), 'utf8').includes('Recommender training'))).toEqual([]);
  });

  it('after consent, records browsing and updates history, recommendations and the intent gauge after each action', async () => {
    await v.page.locator('#consent').check();
    await v.page.locator('#consent-status').filter({ hasText: /^Recording/ }).waitFor();
    const cards = v.page.locator('#catalogue-grid article.product');
    const a = cards.nth(0);
    const b = cards.nth(products.size - 1); // a different category: the catalogue is grouped by category
    const [idA, idB] = [await a.getAttribute('data-product-id'), await b.getAttribute('data-product-id')];
    expect(products.get(idA!)!.category).not.toBe(products.get(idB!)!.category);

    await a.getByRole('button', { name: 'View' }).click();
    await v.page.locator('#recs-status').filter({ hasText: products.get(idA!)!.title }).waitFor();
    await expect.poll(() => latestEvent(v)).toContain(`view · product · ${products.get(idA!)!.title} (${idA})`);
    await expect.poll(() => listIds(v, 'recs-similar')).toHaveLength(6);
    const similarA = await listIds(v, 'recs-similar');
    expect(similarA).not.toContain(idA);
    expect(await v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value)).toBeGreaterThan(0);
    expect(await v.page.locator('#intent-why li').count()).toBe(4);

    await b.getByRole('button', { name: 'View' }).click();
    await v.page.locator('#recs-status').filter({ hasText: products.get(idB!)!.title }).waitFor();
    await expect.poll(() => listIds(v, 'recs-similar')).not.toEqual(similarA);
    expect((await listIds(v, 'recs-similar')).filter((id) => products.get(id!)?.category === products.get(idB!)!.category).length).toBeGreaterThanOrEqual(3);
    expect(await listIds(v, 'recs-together')).toHaveLength(6);
    expect(await listIds(v, 'recs-trending')).toHaveLength(6);
    expect(await listIds(v, 'recs-personal')).not.toContain(idB); // seen products are left out
    const history = await v.page.locator('#history-list li').allTextContents();
    expect(history[0]).toContain(`view · product · ${products.get(idB!)!.title}`);
    expect(history[1]).toMatch(new RegExp(`dwell \\d+\\.\\d s · product · .*\\(${idA}\\)`)); // time spent on A

    const beforeCart = await v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value);
    await v.page.locator('#product-detail').getByRole('button', { name: 'Add to cart' }).click();
    expect(await text('#cart-count')).toBe('Cart: 1 item');
    await expect.poll(() => latestEvent(v)).toContain(`cart_add · product · ${products.get(idB!)!.title}`);
    // The live model (models/purchase-intent-live/) reads a cart addition as the cart page view it is in the UCI data.
    await expect.poll(() => v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value)).toBeGreaterThan(beforeCart);
    const before = await v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value);
    await v.page.locator('#checkout').click();
    await expect.poll(() => latestEvent(v)).toContain('view · checkout');
    // Reaching checkout (an Administrative page in the UCI data) raises it again. A two-product visit of a few
    // seconds stays below the model's threshold: that is what the data says of such short sessions.
    await expect.poll(() => v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value)).toBeGreaterThan(before);
    expect(await text('#intent-score')).toMatch(/^\d+ % chance this session ends in a purchase \((likely to buy|browsing); threshold \d+ %\)$/);
    expect(await text('#data-facts')).toMatch(/Stored events\d+/);
    expect(await text('#recs-panel')).toContain('Simulated:');
    // Scored by watchIntent() with the live model, which reads only what the browser sees (no simulated analytics);
    // its threshold crossings over a long visit are checked by demo-live.e2e.ts.
    expect(await text('#intent-source')).toContain('live model (models/purchase-intent-live/)');
    expect(await text('#intent-thresholds')).toMatch(/^watchIntent\(\) reports when this session's score crosses \d+ % or \d+ %/);
    await v.screenshot('demo-2-browsing');
  });

  it('answers the chat in English and in Chinese, and hands off what it cannot read', async () => {
    await v.page.locator('#chat-status').filter({ hasText: /^Answers from the shop FAQ/ }).waitFor(WAIT);
    expect(await text('#chat-status')).toMatch(/Trained when the demo was built, by storefront-ml [\d.]+ train assistant\.$/);
    const ask = async (question: string) => {
      const before = await v.page.locator('#chat-log li.bot').count();
      await v.page.locator('#chat-input').fill(question);
      await v.page.locator('#chat-form button').click();
      await v.page.locator('#chat-log li.bot').nth(before).waitFor();
      return v.page.locator('#chat-log li.bot').nth(before);
    };
    const english = await ask('Where is my order #A-10023?');
    expect(await english.locator('.meta').textContent()).toMatch(/^track_order · \d+ % sure · en · found order_number: A-10023$/);
    const chinese = await ask('我的订单什么时候发货？');
    expect(await chinese.locator('.meta').textContent()).toMatch(/ · zh/);
    expect(await chinese.locator('p').textContent()).toMatch(/[\u4e00-\u9fff]/);
    const emoji = await ask('🙂🙂');
    expect(await emoji.locator('.meta').textContent()).toMatch(/^Handing off to a person \(no text\)/);
    // The chat is not part of the history: messages are not stored.
    expect(await v.page.locator('#history-list').textContent()).not.toContain('10023');
    await v.screenshot('demo-4-chat');
  });

  it('shows per-call timings and exports the stored history', async () => {
    const calls = await v.page.locator('#runtime-timings tbody td:first-child').allTextContents();
    for (const call of ['intent: explain', 'history: read', 'worker: lists']) expect(calls).toContain(call);
    const exported = await exportHistory(v);
    expect(exported.format).toBe('storefront-ml/history');
    // The photo search's 'search' event is checked by demo-photos.data.e2e.ts, which has the photos.
    expect(exported.events.map((e) => e.type)).toEqual(expect.arrayContaining(['view', 'dwell', 'cart_add']));
  });

  it('sends nothing: every request of the visit is a same-origin GET of a static file the build contains', () => {
    const paths = expectStaticRequestsOnly(v, inject('demoUrl'), products);
    // The worker's own fetches are in the log too (WASM here; the MobileNet's in demo-photos.data.e2e.ts).
    expect(paths.some((p) => p.endsWith('.wasm'))).toBe(true);
  });

  it('erases everything: afterwards indexedDB.databases() lists nothing of ours', async () => {
    // After the worker's photo indexing has ended (done with the data directory, failed without a MobileNet),
    // so that it cannot write its index after the erase.
    await v.page.locator('#work-index-status').filter({ hasText: /done$|failed: / }).waitFor(WAIT);
    expect(await databases()).toEqual(expect.arrayContaining(['storefront-ml-history']));
    // The panel lists what is stored as the library finds it (listStoredData), and erases through it (eraseAllData).
    // (Viewing a product records an event, which refreshes the panel after the worker's databases exist.)
    await v.page.locator('#catalogue-grid article.product').nth(1).getByRole('button', { name: 'View' }).click();
    await v.page.locator('#data-facts').filter({ hasText: 'storefront-ml-history (your history)' }).waitFor();
    if (catalogue().imageModel) await v.page.locator('#data-facts').filter({ hasText: 'storefront-ml-vision-categories (the shop categories)' }).waitFor(WAIT);
    const ours = (await databases()).filter((name) => name?.startsWith('storefront-ml-'));
    for (const name of ours) expect(await text('#data-facts')).toContain(name!);
    await v.page.locator('#data-erase').click();
    await v.page.locator('#data-erase-result').filter({ hasText: /^Erased/ }).waitFor(WAIT);
    expect(await text('#data-erase-result')).toContain('your history (storefront-ml-history)');
    if (catalogue().imageModel) {
      expect(await text('#data-erase-result')).toContain('the catalogue photo index (storefront-ml-vision-index:demo-catalogue)');
      expect(await text('#data-erase-result')).toContain('the shop categories (storefront-ml-vision-categories)');
    }
    expect(await text('#data-erase-result')).toMatch(/Databases left on this device: none\.$/);
    expect(await databases()).toEqual([]);
    expect(await v.page.evaluate(() => localStorage.length)).toBe(0);
    expect(await v.page.locator('#consent').isChecked()).toBe(false);
    await expect.poll(() => text('#history-count')).toBe('Nothing recorded.');
    await v.screenshot('demo-5-erased');
  });
});

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
