/**
 * The no-bundler build (tools/build/browser.mjs, part of `npm run build`) read as files: what a browser gets from a
 * static server with only `storefront-ml` in its import map. Built from the current sources into a temporary folder.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ENTRIES, WASM_FILES, buildBrowser } from '../../../tools/build/browser.mjs';
import { closure, hasTfjs, jsFiles, specifiers } from '../../../tools/build/browser-graph.mjs';
import { REPO_ROOT } from '../../../tools/harness/plugins.mjs';

let tmp: string;
let dir: string;
beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'storefront-browser-build-'));
  dir = await buildBrowser({ outDir: path.join(tmp, 'browser'), logLevel: 'silent' });
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dist/browser/', () => {
  it('has one file per browser entry and imports nothing but its own files', () => {
    const files = jsFiles(dir);
    for (const name of Object.keys(BROWSER_ENTRIES)) expect(files).toContain(`${name}.js`);
    for (const file of files) {
      const { static: direct, dynamic } = specifiers(readFileSync(path.join(dir, file), 'utf8'));
      // A bare specifier (`@tensorflow/tfjs-core`, `fs`, `perf_hooks`) would need an import map entry or a shim.
      expect([...direct, ...dynamic].filter((s) => !s.startsWith('./') && !s.startsWith('../')), file).toEqual([]);
    }
  });

  it('carries no WASM inlined as base64 and copies the binaries of the bundled tfjs beside it', () => {
    for (const file of jsFiles(dir)) expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toContain('AGFzbQ');
    const wasmDist = path.join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
    for (const name of WASM_FILES) {
      expect(readFileSync(path.join(dir, 'wasm', name)).equals(readFileSync(path.join(wasmDist, name))), name).toBe(true);
    }
  });

  it('loads TensorFlow.js once, shared, and not at all for history, eval and pipeline', () => {
    for (const name of ['history', 'eval', 'pipeline']) {
      expect(closure(dir, `${name}.js`).files.filter((f) => hasTfjs(dir, f)), name).toEqual([]);
    }
    const tfOf = (name: string) => closure(dir, `${name}.js`).files.filter((f) => hasTfjs(dir, f));
    expect(tfOf('intent').length).toBeGreaterThan(0);
    for (const name of ['recommend', 'vision', 'assistant', 'runtime']) expect(tfOf(name), name).toEqual(tfOf('intent'));
    // The backends' code comes only when initRuntime tries them.
    const lazy = closure(dir, 'runtime.js').lazy;
    expect(lazy.some((f) => /tfjs-backend-wasm-/.test(f))).toBe(true);
    expect(lazy.some((f) => /tfjs-backend-webgpu-/.test(f))).toBe(true);
  });
});
