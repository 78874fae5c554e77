/**
 * The case the no-bundler build exists for, shown loud: the plain tsc build (what `dist/index.js` is) on a static
 * page whose import map names TensorFlow.js and idb but not `@tensorflow/tfjs-backend-wasm`. The page works, and
 * `initRuntime()` says the WASM backend's module did not resolve instead of ending on CPU in silence.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../tools/harness/plugins.mjs';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { visit, type Visit } from './browser.ts';

let tmp: string;
let server: StaticServer;
let v: Visit | undefined;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'storefront-unmapped-'));
  const dist = path.join(tmp, 'dist');
  const tsc = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'src/tsconfig.build.json', '--outDir', dist],
    { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(tsc.status, `${tsc.stdout}${tsc.stderr}`).toBe(0);
  const site = path.join(tmp, 'site');
  mkdirSync(site);
  const imports = {
    'storefront-ml': '/dist/index.js',
    '@tensorflow/tfjs': '/tfjs/tf.fesm.min.js',
    idb: '/idb/index.js',
  };
  writeFileSync(path.join(site, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">
<script type="importmap">${JSON.stringify({ imports })}</script></head><body><script type="module">
import { initRuntime } from 'storefront-ml';
const info = await initRuntime();
window.result = { backend: info.backend, attempts: info.attempts };
</script></body></html>`);
  server = await serveStatic({
    '/dist/': dist,
    '/tfjs/': path.join(REPO_ROOT, 'node_modules/@tensorflow/tfjs/dist'),
    '/idb/': path.join(REPO_ROOT, 'node_modules/idb/build'),
    '/': site,
  });
}, 180_000);

afterAll(async () => {
  await v?.browser.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('an import map that leaves @tensorflow/tfjs-backend-wasm unmapped', () => {
  it('ends on CPU saying the module did not resolve, with a console warning naming the fix', async () => {
    const warnings: string[] = [];
    v = await visit(`${server.origin}/`, {
      prepare: async (p) => { p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); }); },
    });
    await v.page.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, { timeout: 90_000 });
    const info = await v.page.evaluate(() => (window as { result?: unknown }).result) as { backend: string; attempts: { backend: string; reason?: string }[] };
    expect(info.backend).toBe('cpu');
    const reason = info.attempts.find((a) => a.backend === 'wasm')?.reason ?? '';
    expect(reason).toMatch(/^the module @tensorflow\/tfjs-backend-wasm did not load \(.*Failed to resolve module specifier ["']@tensorflow\/tfjs-backend-wasm["']/);
    expect(reason).toContain('import storefront-ml from its browser build');
    expect(warnings.filter((w) => w.startsWith('storefront-ml: WASM could not start'))).toHaveLength(1);
  });
});
