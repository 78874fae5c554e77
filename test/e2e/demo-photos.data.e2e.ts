import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIST, catalogue, visit, type Visit } from './browser.ts';
import { WAIT, expectStaticRequestsOnly, exportHistory, latestEvent, listIds, observeLongTasks, reportLongTasks } from './visit-checks.ts';

// The photo search needs the real catalogue: its photos and the MobileNet the demo copies from the data directory.
describe('demo shop with the real catalogue: photo search in the worker', () => {
  let v: Visit;
  const products = new Map(catalogue().products.map((p) => [p.productId, p]));
  /** Photo → the category line the few-shot classifier gave it, before the reload. */
  const predicted = new Map<string, string>();

  beforeAll(async () => {
    v = await visit(inject('demoUrl'), { initScript: observeLongTasks });
  });
  afterAll(async () => {
    await v?.browser.close();
  });

  it('searches by photo with the visual index built in the worker', async () => {
    // With consent, so that the search is recorded.
    await v.page.locator('#consent').check();
    await v.page.locator('#consent-status').filter({ hasText: /^Recording/ }).waitFor();
    await reportLongTasks(v, 'index', 'catalogue photo indexing');
    const jeans = [...products.values()].find((p) => p.category === 'jeans') ?? [...products.values()][0]!;
    await v.page.locator('#photo-input').setInputFiles(path.join(DIST, jeans.image));
    await v.page.locator('#photo-status').filter({ hasText: /similar products/ }).waitFor(WAIT);
    const hits = await listIds(v, 'photo-results');
    expect(hits).toHaveLength(6);
    expect(hits[0]).toBe(jeans.productId); // the photo is in the catalogue: it finds itself first
    expect(hits.filter((id) => products.get(id!)?.category === jeans.category).length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => latestEvent(v)).toContain('search · search · photo search');

    // Dropping a photo and picking one of the samples search the same way.
    const watch = [...products.values()].find((p) => p.category === 'watches')!;
    await v.page.evaluate(async (src) => {
      const file = new File([await (await fetch(src)).blob()], 'dropped.jpg', { type: 'image/jpeg' });
      const transfer = new DataTransfer();
      transfer.items.add(file);
      document.getElementById('photo-drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, `/${watch.image}`);
    await v.page.locator('#photo-status').filter({ hasText: /dropped\.jpg|similar products; best: .*watch/ }).waitFor(WAIT);
    await expect.poll(() => listIds(v, 'photo-results')).toContain(watch.productId);
    await v.page.locator('#photo-picks button').first().click();
    await expect.poll(async () => products.get((await listIds(v, 'photo-results'))[0]!)?.category).toBe('tshirts');
    await v.page.locator('#photo-input').setInputFiles(path.join(DIST, jeans.image));
    await expect.poll(async () => (await listIds(v, 'photo-results'))[0]).toBe(jeans.productId);
    await v.screenshot('demo-3-photo-search');
  });

  it('names the shop category of a photo with few-shot categories taught from 5 catalogue photos each, saved in IndexedDB', async () => {
    const status = v.page.locator('#work-categories-status');
    await status.filter({ hasText: /ready$/ }).waitFor(WAIT);
    const byCategory = new Map<string, (typeof products extends Map<string, infer P> ? P : never)[]>();
    for (const p of products.values()) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
    expect(await status.textContent()).toBe(`${byCategory.size} categories taught from 5 catalogue photos each and saved in IndexedDB ` +
      '(category store, "demo-shop-categories") · ready');
    expect(await v.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('storefront-ml-vision-categories');
    // One photo per category that the classifier was not taught from (the first 5 of each category were).
    const answers: string[] = [];
    for (const [category, members] of byCategory) {
      const photo = members[10]!;
      await v.page.locator('#photo-input').setInputFiles(path.join(DIST, photo.image));
      await v.page.locator(`#photo-category[data-query="${path.basename(photo.image)}"]`).waitFor(WAIT);
      await expect.poll(() => v.page.locator('#photo-category').textContent()).toMatch(/^Shop category: .+ \(similarity 0\.\d\d; next: .+\), by the few-shot classifier\.$/);
      answers.push(`${category} → ${await v.page.locator('#photo-category').getAttribute('data-label')}`);
      predicted.set(photo.image, (await v.page.locator('#photo-category').textContent())!);
    }
    const right = answers.filter((a) => a.split(' → ')[0] === a.split(' → ')[1]).length;
    console.log(`[e2e] few-shot shop categories (5 photos each) on ${answers.length} untaught photos: ${right} right; ${answers.join(', ')}`);
    expect(right).toBeGreaterThanOrEqual(answers.length - 2);
  });

  it('on the next visit loads the saved categories from IndexedDB instead of teaching them again', async () => {
    await v.page.reload();
    const status = v.page.locator('#work-categories-status');
    await status.filter({ hasText: /ready$/ }).waitFor(WAIT);
    expect(await status.textContent()).toMatch(/^\d+ categories loaded as saved in IndexedDB \(category store, "demo-shop-categories"\) · ready$/);
    // The same classifier: a photo gets the category and similarities it got before the reload.
    const [image, before] = [...predicted].at(-1)!;
    await v.page.locator('#photo-input').setInputFiles(path.join(DIST, image));
    await v.page.locator(`#photo-category[data-query="${path.basename(image)}"]`).waitFor(WAIT);
    expect(await v.page.locator('#photo-category').textContent()).toBe(before);
  });

  it('records the photo search in the exported history', async () => {
    const exported = await exportHistory(v);
    expect(exported.events.map((e) => e.type)).toEqual(expect.arrayContaining(['search']));
  });

  it('fetches the MobileNet and the WASM from the build and sends nothing', () => {
    const paths = expectStaticRequestsOnly(v, inject('demoUrl'), products);
    // The worker's own fetches are in the log too (model weights, WASM).
    expect(paths.some((p) => p.endsWith('/data/models/mobilenet/group1-shard1of1'))).toBe(true);
    expect(paths.some((p) => p.endsWith('.wasm'))).toBe(true);
  });
});
