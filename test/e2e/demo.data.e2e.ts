import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIST, catalogue, visit, type Visit } from './browser.ts';

// The scripted visit needs the real catalogue: its photos, and the MobileNet the photo search runs (data directory).
const WAIT = { timeout: 150_000 };

/** Installed before the page's scripts: every main-thread long task (> 50 ms), with its start and duration. */
function observeLongTasks(): void {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

describe('demo shop, built and served as static files: a scripted visit', () => {
  let v: Visit;
  const products = new Map(catalogue().products.map((p) => [p.productId, p]));
  const text = (selector: string) => v.page.locator(selector).textContent();
  const latestEvent = () => v.page.locator('#history-list li').first().textContent();
  const databases = () => v.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  const listIds = (id: string) => v.page.locator(`#${id} button.rec`).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-product-id')));

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
    expect(await text('#runtime-facts')).toContain('MobileNet v1 α0.25');
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

  /** Waits for a worker task to finish; prints the main thread's long tasks while it ran (reported, not asserted). */
  async function reportLongTasks(task: 'train' | 'index', what: string): Promise<void> {
    const status = v.page.locator(`#work-${task}-status`);
    await status.filter({ hasText: /done$/ }).waitFor(WAIT);
    const [start, end] = await Promise.all([status.getAttribute('data-start'), status.getAttribute('data-end')]).then((a) => a.map(Number));
    expect(end).toBeGreaterThan(start!);
    const tasks = await v.page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    const during = tasks.filter((t) => t.start < end! && t.start + t.duration > start!);
    const longest = Math.max(0, ...during.map((t) => t.duration));
    console.log(`[e2e] ${what} in the worker: ${((end! - start!) / 1000).toFixed(1)} s; main-thread long tasks meanwhile: ` +
      `${during.length}, longest ${longest.toFixed(0)} ms (whole visit so far: ${tasks.length}, longest ${Math.max(0, ...tasks.map((t) => t.duration)).toFixed(0)} ms)`);
  }

  it('trains the recommender in a Web Worker with progress while the main thread stays responsive', async () => {
    await reportLongTasks('train', 'recommender training');
    await v.page.locator('#recs-status').filter({ hasNotText: /training/ }).waitFor(WAIT); // the lists came from the worker
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
    await expect.poll(() => latestEvent()).toContain(`view · product · ${products.get(idA!)!.title} (${idA})`);
    await expect.poll(() => listIds('recs-similar')).toHaveLength(6);
    const similarA = await listIds('recs-similar');
    expect(similarA).not.toContain(idA);
    expect(await v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value)).toBeGreaterThan(0);
    expect(await v.page.locator('#intent-why li').count()).toBe(4);

    await b.getByRole('button', { name: 'View' }).click();
    await v.page.locator('#recs-status').filter({ hasText: products.get(idB!)!.title }).waitFor();
    await expect.poll(() => listIds('recs-similar')).not.toEqual(similarA);
    expect((await listIds('recs-similar')).filter((id) => products.get(id!)?.category === products.get(idB!)!.category).length).toBeGreaterThanOrEqual(3);
    expect(await listIds('recs-together')).toHaveLength(6);
    expect(await listIds('recs-trending')).toHaveLength(6);
    expect(await listIds('recs-personal')).not.toContain(idB); // seen products are left out
    const history = await v.page.locator('#history-list li').allTextContents();
    expect(history[0]).toContain(`view · product · ${products.get(idB!)!.title}`);
    expect(history[1]).toMatch(new RegExp(`dwell \\d+\\.\\d s · product · .*\\(${idA}\\)`)); // time spent on A

    await v.page.locator('#product-detail').getByRole('button', { name: 'Add to cart' }).click();
    expect(await text('#cart-count')).toBe('Cart: 1 item');
    await expect.poll(() => latestEvent()).toContain(`cart_add · product · ${products.get(idB!)!.title}`);
    const before = await v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value);
    await v.page.locator('#checkout').click();
    await expect.poll(() => latestEvent()).toContain('view · checkout');
    // The simulated analytics give checkout pages a high page value, the UCI model's strongest signal.
    await expect.poll(() => v.page.locator('#intent-meter').evaluate((m: HTMLMeterElement) => m.value)).toBeGreaterThan(before);
    expect(await text('#intent-score')).toMatch(/likely to buy/);
    expect(await text('#data-facts')).toMatch(/Stored events\d+/);
    expect(await text('#recs-panel')).toContain('Simulated:');
    expect(await text('#intent-panel')).toContain('Simulated:');
    await v.screenshot('demo-2-browsing');
  });

  it('searches by photo with the visual index built in the worker', async () => {
    await reportLongTasks('index', 'catalogue photo indexing');
    const jeans = [...products.values()].find((p) => p.category === 'jeans') ?? [...products.values()][0]!;
    await v.page.locator('#photo-input').setInputFiles(path.join(DIST, jeans.image));
    await v.page.locator('#photo-status').filter({ hasText: /similar products/ }).waitFor(WAIT);
    const hits = await listIds('photo-results');
    expect(hits).toHaveLength(6);
    expect(hits[0]).toBe(jeans.productId); // the photo is in the catalogue: it finds itself first
    expect(hits.filter((id) => products.get(id!)?.category === jeans.category).length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => latestEvent()).toContain('search · search · photo search');

    // Dropping a photo and picking one of the samples search the same way.
    const watch = [...products.values()].find((p) => p.category === 'watches')!;
    await v.page.evaluate(async (src) => {
      const file = new File([await (await fetch(src)).blob()], 'dropped.jpg', { type: 'image/jpeg' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      document.getElementById('photo-drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, `/${watch.image}`);
    await v.page.locator('#photo-status').filter({ hasText: /dropped\.jpg|similar products; best: .*watch/ }).waitFor(WAIT);
    await expect.poll(() => listIds('photo-results')).toContain(watch.productId);
    await v.page.locator('#photo-picks button').first().click();
    await expect.poll(async () => products.get((await listIds('photo-results'))[0]!)?.category).toBe('tshirts');
    await v.page.locator('#photo-input').setInputFiles(path.join(DIST, jeans.image));
    await expect.poll(async () => (await listIds('photo-results'))[0]).toBe(jeans.productId);
    await v.screenshot('demo-3-photo-search');
  });

  it('answers the chat in English and in Chinese, and hands off what it cannot read', async () => {
    await v.page.locator('#chat-status').filter({ hasText: /^Answers from the shop FAQ/ }).waitFor(WAIT);
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
    await v.page.locator('#data-export').click();
    await v.page.locator('#data-export-view').filter({ hasText: 'storefront-ml/history' }).waitFor();
    expect(await v.page.locator('#data-download').getAttribute('href')).toMatch(/^blob:/);
    const exported = JSON.parse((await v.page.locator('#data-export-view').textContent()) ?? '{}') as { format: string; events: { type: string; productId?: string }[] };
    expect(exported.format).toBe('storefront-ml/history');
    expect(exported.events.map((e) => e.type)).toEqual(expect.arrayContaining(['view', 'dwell', 'cart_add', 'search']));
  });

  it('sends nothing: every request of the visit is a same-origin GET of a static file the build contains', () => {
    const origin = new URL(inject('demoUrl')).origin;
    const log = v.requests.map((r) => ({ method: r.method(), url: new URL(r.url()), body: r.postData(), type: r.resourceType() }));
    const byType = new Map<string, number>();
    for (const r of log) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    console.log(`[e2e] ${log.length} requests: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}; ` +
      `${log.filter((r) => r.method === 'GET' && r.url.origin === origin).length} same-origin GETs`);
    expect(log.length).toBeGreaterThan(0);
    expect(log.filter((r) => r.method !== 'GET' || r.url.origin !== origin || r.url.hostname !== '127.0.0.1').map((r) => `${r.method} ${r.url}`)).toEqual([]);
    expect(log.filter((r) => r.body !== null || r.url.search !== '' || r.url.hash !== '').map((r) => `${r.url}`)).toEqual([]);
    // Every path is a file of the static build: nothing computed (history, features, embeddings, ids) is in a URL.
    expect(log.filter((r) => r.url.pathname !== '/' && !existsSync(path.join(DIST, decodeURIComponent(r.url.pathname)))).map((r) => r.url.pathname)).toEqual([]);
    // Product ids appear only in the catalogue's own image paths.
    const images = new Set([...products.values()].map((p) => `/${p.image}`));
    const idPattern = new RegExp(`(^|[^0-9])(${[...products.keys()].join('|')})([^0-9]|$)`);
    expect(log.filter((r) => idPattern.test(r.url.pathname) && !images.has(r.url.pathname)).map((r) => r.url.pathname)).toEqual([]);
    // The worker's own fetches are in the log too (model weights, WASM).
    expect(log.some((r) => r.url.pathname.endsWith('/data/models/mobilenet/group1-shard1of1'))).toBe(true);
    expect(log.some((r) => r.url.pathname.endsWith('.wasm'))).toBe(true);
  });

  it('erases everything: afterwards indexedDB.databases() lists nothing of ours', async () => {
    expect(await databases()).toEqual(expect.arrayContaining(['storefront-ml-history']));
    await v.page.locator('#data-erase').click();
    await v.page.locator('#data-erase-result').filter({ hasText: /^Erased/ }).waitFor(WAIT);
    expect(await text('#data-erase-result')).toMatch(/Databases left on this device: none\.$/);
    expect(await databases()).toEqual([]);
    expect(await v.page.evaluate(() => localStorage.length)).toBe(0);
    expect(await v.page.locator('#consent').isChecked()).toBe(false);
    await expect.poll(() => text('#history-count')).toBe('Nothing recorded.');
    await v.screenshot('demo-5-erased');
  });
});
