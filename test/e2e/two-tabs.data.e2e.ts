/**
 * The demo shop open in two tabs of one browser profile: Erase in one tab completes at once, although the other
 * tab's worker holds the photo index open and its page the history. (Before the shared storage opener, the photo
 * index's connection never closed, and Erase hung until the other tab was closed.)
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright';
import { visit, type Visit } from './browser.ts';

const WAIT = { timeout: 170_000 };

async function consent(page: Page): Promise<void> {
  await page.locator('#consent').check();
  await page.locator('#consent-status').filter({ hasText: /^Recording/ }).waitFor();
}

describe('demo shop in two tabs', () => {
  let v: Visit | undefined;
  afterAll(async () => {
    await v?.browser.close();
  });

  it('Erase in one tab completes while the other tab keeps the history and the photo index open', async () => {
    v = await visit(inject('demoUrl'));
    const first = v.page;
    const second = await first.context().newPage();
    await second.goto(inject('demoUrl'));
    // Both tabs index the catalogue photos in their worker: each holds the visual index's database open.
    for (const page of [first, second]) await page.locator('#work-index-status').filter({ hasText: /done$/ }).waitFor(WAIT);
    await consent(first);
    await first.locator('#catalogue-grid article.product').first().getByRole('button', { name: 'View' }).click();
    await first.locator('#history-count').filter({ hasNotText: 'Nothing recorded.' }).waitFor();
    // The second tab opens the history too (consent arrives by BroadcastChannel; reloading opens it granted).
    await second.reload();
    await second.locator('#consent-status').filter({ hasText: /^Recording/ }).waitFor();
    // The reload re-indexes the photos in that tab's worker; erase once it holds the index open again, as the test
    // means to (the recommender now loads in well under a second, so the re-indexing no longer starts after the erase).
    await second.locator('#work-index-status').filter({ hasText: /done$/ }).waitFor(WAIT);
    const names = () => first.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(await names()).toEqual(expect.arrayContaining(['storefront-ml-history', 'storefront-ml-vision-index:demo-catalogue']));

    const started = Date.now();
    await first.locator('#data-erase').click();
    await first.locator('#data-erase-result').filter({ hasText: /^Erased/ }).waitFor({ timeout: 20_000 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await first.locator('#data-erase-result').textContent()).toMatch(/Databases left on this device: none\.$/);
    expect(await names()).toEqual([]);
    await v.screenshot('demo-two-tabs-erased');
  });
});
