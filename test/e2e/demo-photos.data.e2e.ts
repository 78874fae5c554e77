import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DIST, catalogue, visit, type Visit } from './browser.ts';
import { WAIT, expectStaticRequestsOnly, exportHistory, latestEvent, listIds, observeLongTasks, reportLongTasks } from './visit-checks.ts';

// The photo search needs the real catalogue: its photos and the MobileNet the demo copies from the data directory.
describe('demo shop with the real catalogue: photo search in the worker', () => {
  let v: Visit;
  const products = new Map(catalogue().products.map((p) => [p.productId, p]));

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
