/**
 * The no-bundler build (dist/browser/, built here from the current sources) on a plain static server, with the
 * import map and the page of docs/no-bundler.md as written: TensorFlow.js inside, no import map entry for it, no
 * shims; history alone loads no TensorFlow.js; a backend module that fails to load is reported, not silent.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowser } from '../../tools/build/browser.mjs';
import { REPO_ROOT } from '../../tools/harness/plugins.mjs';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { visit, type Visit } from './browser.ts';

const DOC = readFileSync(path.join(REPO_ROOT, 'docs/no-bundler.md'), 'utf8');
const htmlBlocks = [...DOC.matchAll(/```html\n([\s\S]*?)```/g)].map((m) => m[1] as string);
/** The full import map of the doc's step 2, and the doc's example page. */
const importMap = htmlBlocks.find((b) => b.trimStart().startsWith('<script type="importmap">')) ?? '';
const examplePage = DOC.split('<!-- no-bundler: example page -->')[1]?.match(/```html\n([\s\S]*?)```/)?.[1] ?? '';

const page = (script: string) => `<!doctype html><html><head><meta charset="utf-8">${importMap}</head>
<body><script type="module">
try { window.result = await (async () => { ${script} })(); } catch (error) { window.result = { error: String(error), code: error.code }; }
</script></body></html>`;

let tmp: string;
let server: StaticServer;
const visits: Visit[] = [];

async function openPage(file: string, prepare?: (page: import('playwright').Page) => Promise<unknown>): Promise<{ v: Visit; warnings: string[]; errors: string[] }> {
  const warnings: string[] = [];
  const errors: string[] = [];
  const v = await visit(`${server.origin}/${file}`, {
    prepare: async (p) => {
      p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
      p.on('pageerror', (e) => errors.push(String(e)));
      await prepare?.(p);
    },
  });
  visits.push(v);
  return { v, warnings, errors };
}

const result = async (v: Visit) => {
  await v.page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, { timeout: 90_000 });
  return v.page.evaluate(() => (window as { result?: unknown }).result) as Promise<Record<string, unknown>>;
};

beforeAll(async () => {
  expect(importMap, 'docs/no-bundler.md has an import map block').toContain('"storefront-ml/history"');
  expect(examplePage, 'docs/no-bundler.md has its example page').toContain('<script type="module">');
  tmp = mkdtempSync(path.join(tmpdir(), 'storefront-no-bundler-'));
  const built = await buildBrowser({ outDir: path.join(tmp, 'storefront-ml'), logLevel: 'silent' });
  const site = path.join(tmp, 'site');
  mkdirSync(site);
  writeFileSync(path.join(site, 'index.html'), examplePage);
  writeFileSync(path.join(site, 'history.html'), page(`
    const { openHistory } = await import('storefront-ml/history');
    const history = await openHistory({ consent: 'granted' });
    await history.record({ type: 'view', time: Date.now(), sessionId: 's-1', productId: 'sku-42', page: 'product' });
    return { ids: (await history.recent(5)).map((e) => e.productId) };`));
  writeFileSync(path.join(site, 'runtime.html'), page(`
    const { initRuntime } = await import('storefront-ml/runtime');
    const options = new URLSearchParams(location.search).get('throw') ? { onWasmFailure: 'throw' } : {};
    const info = await initRuntime(options);
    return { backend: info.backend, attempts: info.attempts };`));
  // The layout of the doc's step 1: the build at /storefront-ml/, its binaries at /wasm/, the models at /models/.
  server = await serveStatic({
    '/storefront-ml/': built,
    '/wasm/': path.join(built, 'wasm'),
    '/models/': path.join(REPO_ROOT, 'models'),
    '/': site,
  });
}, 120_000);

afterAll(async () => {
  for (const v of visits) await v.browser.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('storefront-ml without a bundler (dist/browser/ and docs/no-bundler.md)', () => {
  it("runs the doc's example page as written: WASM from /wasm/, history, the live intent model", async () => {
    const { v, warnings, errors } = await openPage('index.html');
    const text = v.page.locator('#result');
    // Done when the page shows its line, or failed when it threw (the doc's page has no catch of its own).
    await expect.poll(async () => errors.length > 0 || (await text.textContent()) !== 'Loading…', { timeout: 90_000 }).toBe(true);
    expect(errors).toEqual([]);
    const shown = (await text.textContent()) ?? '';
    expect(shown).toMatch(/^wasm: 3 event\(s\), purchase intent 0\.\d\d$/);
    // A product view, a cart addition and the checkout page: the live model sees intent, not nothing.
    expect(Number(shown.split(' ').at(-1))).toBeGreaterThan(0.05);
    await v.screenshot('no-bundler-example');
    expect(warnings.filter((w) => w.startsWith('storefront-ml:'))).toEqual([]);
    const paths = v.requests.map((r) => new URL(r.url()).pathname);
    expect(paths).toContain('/wasm/tfjs-backend-wasm-simd.wasm');
    expect(paths).toContain('/models/purchase-intent-live/weights.bin');
    // Nothing but the copied folders: no CDN, no node_modules, no bare specifier left for the browser to resolve.
    expect(paths.every((p) => /^\/(storefront-ml|wasm|models)\/|^\/index\.html$|^\/favicon\.ico$/.test(p)), paths.join('\n')).toBe(true);
  });

  it('loads no TensorFlow.js for a page that imports only storefront-ml/history', async () => {
    const { v, errors } = await openPage('history.html');
    expect(await result(v)).toEqual({ ids: ['sku-42'] });
    expect(errors).toEqual([]);
    const scripts = v.requests.map((r) => new URL(r.url()).pathname).filter((p) => p.endsWith('.js'));
    expect(scripts).toContain('/storefront-ml/history.js');
    expect(scripts.filter((p) => /\/tfjs/.test(p))).toEqual([]);
  });

  it("says loudly why WASM did not start when the backend's module fails to load", async () => {
    const block = (p: import('playwright').Page) => p.route(/\/chunks\/tfjs-backend-wasm-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, body: 'not found' }));
    const { v, warnings } = await openPage('runtime.html', block);
    const info = await result(v) as { backend: string; attempts: { backend: string; ok: boolean; reason?: string }[] };
    expect(info.backend).toBe('cpu');
    const reason = info.attempts.find((a) => a.backend === 'wasm')?.reason ?? '';
    expect(reason).toMatch(/^the module @tensorflow\/tfjs-backend-wasm did not load \((TypeError: )?Failed to fetch dynamically imported module: .*tfjs-backend-wasm-[\w-]+\.js\)/);
    expect(reason).toContain('docs/no-bundler.md');
    const ours = warnings.filter((w) => w.startsWith('storefront-ml:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain(`WASM could not start although this browser supports WebAssembly: ${reason}`);

    const strict = await openPage('runtime.html?throw=1', block);
    const failed = await result(strict.v);
    expect(failed.code).toBe('BACKEND_UNAVAILABLE');
    expect(String(failed.error)).toContain('the module @tensorflow/tfjs-backend-wasm did not load');
  });

  it('passes over WASM quietly only where the browser has no WebAssembly at all', async () => {
    // Lockdown modes (iOS) remove the WebAssembly global; V8's --no-expose-wasm does not take here, so remove it first.
    const { v, warnings } = await openPage('runtime.html', (p) => p.addInitScript(() => { delete (globalThis as { WebAssembly?: unknown }).WebAssembly; }));
    const info = await result(v) as { backend: string; attempts: { backend: string; reason?: string }[] };
    expect(info.backend).toBe('cpu');
    expect(info.attempts.find((a) => a.backend === 'wasm')?.reason).toBe('this browser has no WebAssembly (switched off, as iOS Lockdown Mode does)');
    expect(warnings.filter((w) => w.startsWith('storefront-ml:'))).toEqual([]);
  });
});
