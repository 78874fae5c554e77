/**
 * storefront-ml/vite in a real Vite: a tiny app in a temporary folder, built with `vite build` and served by
 * `createServer`, with a base path, so both answer the contract's URLs (`<base>models/…`, `<base>wasm/…`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storefrontMl, type StorefrontMlPluginOptions } from '../../../src/vite/index.ts';
import { REPO_ROOT } from '../../../tools/harness/plugins.mjs';

const WASM_DIR = path.join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
let app: string;

beforeAll(() => {
  app = mkdtempSync(path.join(tmpdir(), 'storefront-vite-'));
  writeFileSync(path.join(app, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>\n');
  writeFileSync(path.join(app, 'main.js'), 'document.title = "shop";\n');
  // Vision weights pulled into a folder of the app (a stand-in file; the real ones are megabytes).
  mkdirSync(path.join(app, 'pulled/mobilenet_v1_025_layers'), { recursive: true });
  writeFileSync(path.join(app, 'pulled/mobilenet_v1_025_layers/model.json'), '{"pulled":true}');
  // The shop's own retrained copy of a shipped model, in Vite's public folder.
  mkdirSync(path.join(app, 'public/models/purchase-intent'), { recursive: true });
  writeFileSync(path.join(app, 'public/models/purchase-intent/metadata.json'), '{"shop":true}');
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function buildApp(outDir: string, options: StorefrontMlPluginOptions, base = '/shop/'): Promise<string> {
  const out = path.join(app, outDir);
  await build({ root: app, base, logLevel: 'silent', configFile: false, build: { outDir: out }, plugins: [storefrontMl(options)] });
  return out;
}

describe('storefrontMl() in vite build', () => {
  it('writes every shipped model folder and the three WASM binaries into the output, byte for byte', async () => {
    const out = await buildApp('dist-all', {});
    for (const rel of ['purchase-intent-live/model.json', 'purchase-intent-live/weights.bin', 'assistant/faq/model.json']) {
      expect(readFileSync(path.join(out, 'models', rel)).equals(readFileSync(path.join(REPO_ROOT, 'models', rel))), rel).toBe(true);
    }
    for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      expect(readFileSync(path.join(out, 'wasm', name)).equals(readFileSync(path.join(WASM_DIR, name))), name).toBe(true);
    }
    // The app's public/ file wins over the package's file of the same path; the package's other files still come.
    expect(readFileSync(path.join(out, 'models/purchase-intent/metadata.json'), 'utf8')).toBe('{"shop":true}');
    expect(existsSync(path.join(out, 'models/purchase-intent/weights.bin'))).toBe(true);
    // models/vision/ holds the pins `models pull` checks and maintainer scripts, no model: not part of a shop's site.
    expect(existsSync(path.join(out, 'models/vision'))).toBe(false);
  });

  it('copies only the folders named, plus the extra model folders, and no WASM when told so', async () => {
    const out = await buildApp('dist-some', { models: ['purchase-intent-live'], modelDirs: ['pulled'], wasm: false });
    expect(existsSync(path.join(out, 'models/purchase-intent-live/model.json'))).toBe(true);
    expect(existsSync(path.join(out, 'models/purchase-intent/model.json'))).toBe(false);
    expect(existsSync(path.join(out, 'models/assistant'))).toBe(false);
    expect(readFileSync(path.join(out, 'models/mobilenet_v1_025_layers/model.json'), 'utf8')).toBe('{"pulled":true}');
    expect(existsSync(path.join(out, 'wasm'))).toBe(false);
  });

  it('refuses a model folder the package does not ship, naming the ones it does', async () => {
    await expect(buildApp('dist-bad', { models: ['purchase-intnet'] })).rejects.toThrow(
      /storefront-ml\/vite: option models names purchase-intnet, which the package does not ship as a model\. Use some of: assistant, purchase-intent, purchase-intent-live; vision weights come from npx storefront-ml models pull <name>\./,
    );
    await expect(buildApp('dist-bad', { models: ['vision'] })).rejects.toThrow(/option models names vision, which the package does not ship as a model/);
  });
});

describe('storefrontMl() in the dev server', () => {
  let server: ViteDevServer;
  let origin: string;
  beforeAll(async () => {
    server = await createServer({
      root: app, base: '/shop/', logLevel: 'silent', configFile: false,
      server: { host: '127.0.0.1', port: 0, strictPort: false },
      plugins: [storefrontMl({ modelDirs: ['pulled'] })],
    });
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    origin = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => server?.close());

  it('answers model files under the base with their content types', async () => {
    const json = await fetch(`${origin}/shop/models/purchase-intent-live/model.json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.text()).toBe(readFileSync(path.join(REPO_ROOT, 'models/purchase-intent-live/model.json'), 'utf8'));
    const bin = await fetch(`${origin}/shop/models/assistant/faq/weights.bin`);
    expect(bin.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await bin.arrayBuffer()).equals(readFileSync(path.join(REPO_ROOT, 'models/assistant/faq/weights.bin')))).toBe(true);
    const pulled = await fetch(`${origin}/shop/models/mobilenet_v1_025_layers/model.json?v=2`);
    expect(await pulled.text()).toBe('{"pulled":true}');
    const own = await fetch(`${origin}/shop/models/purchase-intent/metadata.json`);
    expect(await own.text()).toBe('{"shop":true}');
  });

  it('answers the WASM binaries as application/wasm', async () => {
    for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
      const response = await fetch(`${origin}/shop/wasm/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/wasm');
      expect([...new Uint8Array(await response.arrayBuffer()).slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    }
  });

  it('leaves other URLs, maintainer scripts and paths that climb out to Vite', async () => {
    for (const url of ['/shop/models/vision/write-all.sh', '/shop/models/vision/mobilenet_v1_025_layers/metadata.json', '/shop/models/%2e%2e/package.json', '/shop/wasm/other.wasm', '/models/purchase-intent-live/model.json']) {
      const response = await fetch(`${origin}${url}`);
      expect(response.headers.get('content-type') ?? '', url).not.toMatch(/application\/(json|wasm)|octet-stream/);
    }
  });
});
