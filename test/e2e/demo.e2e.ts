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

  it('makes only same-origin GET requests to 127.0.0.1', () => {
    const origin = new URL(inject('demoUrl')).origin;
    expect(v.requests.length).toBeGreaterThan(0);
    const offending = v.requests.filter((r) => new URL(r.url()).origin !== origin || r.method() !== 'GET');
    expect(offending.map((r) => `${r.method()} ${r.url()}`)).toEqual([]);
    expect(v.requests.some((r) => r.url().endsWith('.wasm'))).toBe(true);
  });
});
