import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { visit, type Visit } from './browser.ts';

describe('demo shop, built and served as static files', () => {
  let v: Visit;
  beforeAll(async () => {
    v = await visit(inject('demoUrl'));
  });
  afterAll(async () => {
    await v?.browser.close();
  });

  it('starts TensorFlow.js offline and shows which backend runs and what was tried', async () => {
    const status = v.page.locator('#runtime-status');
    await status.filter({ hasText: /^Running on / }).waitFor({ timeout: 60_000 });
    // Chromium here has no WebGPU adapter, so auto mode reports the skip and runs on WASM from the build's assets.
    expect(await status.textContent()).toMatch(/^Running on WASM \(asked for auto\)/);
    const rows = await v.page.locator('#runtime-attempts tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^webgpuskipped: /);
    expect(rows[1]).toMatch(/^wasmstarted/);
    await v.screenshot('demo-runtime');
  });

  it('shows the catalogue, and records views and cart additions as the visitor browses', async () => {
    const cards = v.page.locator('#catalogue-grid article.product');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(24);
    expect(await v.page.locator('#catalogue-source').textContent()).toMatch(/^Catalogue: /);
    const first = cards.first();
    const id = await first.getAttribute('data-product-id');
    await first.getByRole('button', { name: 'View' }).click();
    await expect.poll(() => v.page.locator('#product-detail h2').textContent()).toBe(await first.locator('h3').textContent());
    await first.getByRole('button', { name: 'Add to cart' }).click();
    expect(await v.page.locator('#cart-count').textContent()).toBe('Cart: 1 item');
    const history = await v.page.locator('#history-list li').allTextContents();
    expect(history[0]).toContain(`cart_add · ${id}`);
    expect(history[1]).toContain(`view · ${id}`);
    await v.screenshot('demo-browsing');
  });

  it('makes only same-origin GET requests to 127.0.0.1', () => {
    const origin = new URL(inject('demoUrl')).origin;
    expect(v.requests.length).toBeGreaterThan(0);
    const offending = v.requests.filter((r) => new URL(r.url()).origin !== origin || r.method() !== 'GET');
    expect(offending.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    expect(v.requests.some((r) => r.url().endsWith('.wasm'))).toBe(true);
  });
});
