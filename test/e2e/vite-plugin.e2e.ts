/**
 * storefront-ml/vite end to end: a tiny shop app under a base path (`/shop/`), built by `vite build` with the plugin
 * and served by `vite preview`, in headless Chromium: WASM starts from the emitted binaries and the shipped live
 * intent model loads from the emitted models, with no other set-up in the app.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storefrontMl } from '../../src/vite/index.ts';
import { PACKAGE_ALIASES } from '../../tools/harness/aliases.mjs';
import { visit, type Visit } from './browser.ts';

let app: string;
let server: PreviewServer;
let v: Visit | undefined;

beforeAll(async () => {
  app = mkdtempSync(path.join(tmpdir(), 'storefront-vite-app-'));
  writeFileSync(path.join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/main.js"></script>\n');
  writeFileSync(path.join(app, 'main.js'), `
import { initRuntime, loadIntentModel } from 'storefront-ml';
try {
  const info = await initRuntime({ wasmPaths: import.meta.env.BASE_URL + 'wasm/' });
  const model = await loadIntentModel(import.meta.env.BASE_URL + 'models/purchase-intent-live/');
  window.result = { backend: info.backend, attempts: info.attempts, score: await model.predict({ ProductRelated: 3 }) };
} catch (error) {
  window.result = { error: String(error) };
}
`);
  const config = {
    root: app, base: '/shop/', configFile: false as const, logLevel: 'warn' as const,
    resolve: { alias: PACKAGE_ALIASES },
    build: { outDir: path.join(app, 'dist'), target: 'es2022', chunkSizeWarningLimit: 4000 },
    plugins: [storefrontMl({ models: ['purchase-intent-live'] })],
  };
  await build(config);
  server = await preview({ ...config, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
}, 180_000);

afterAll(async () => {
  await v?.browser.close();
  await server?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

describe('storefrontMl() in a built Vite app under /shop/', () => {
  it('starts WASM from <base>wasm/ and loads a model from <base>models/', async () => {
    const address = server.httpServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    v = await visit(`http://127.0.0.1:${port}/shop/`);
    await v.page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, { timeout: 90_000 });
    const result = await v.page.evaluate(() => (window as { result?: unknown }).result) as { backend?: string; score?: number; error?: string };
    expect(result.error).toBeUndefined();
    expect(result.backend).toBe('wasm');
    expect(result.score).toBeGreaterThan(0);
    expect(result.score).toBeLessThan(1);
    const paths = v.requests.map((r) => new URL(r.url()).pathname);
    expect(paths).toContain('/shop/wasm/tfjs-backend-wasm-simd.wasm');
    expect(paths).toContain('/shop/models/purchase-intent-live/model.json');
    const wasm = v.requests.find((r) => r.url().endsWith('/shop/wasm/tfjs-backend-wasm-simd.wasm'));
    expect((await wasm?.response())?.headers()['content-type']).toBe('application/wasm');
  });
});
