#!/usr/bin/env node
// @ts-check
/**
 * The no-bundler build (`dist/browser/`, part of `npm run build`): every browser entry of storefront-ml as a
 * self-contained ES module, TensorFlow.js and idb inside, for a plain static site with an import map
 * (docs/no-bundler.md). Entries share chunks, so a page that imports only `storefront-ml/history` loads no TensorFlow.js,
 * and the WASM/WebGPU backends are chunks loaded on demand. The WASM binaries are not inlined (the runtime fetches
 * them from `/wasm/`, or `wasmPaths`): they are copied beside the build into `dist/browser/wasm/`, from the very
 * @tensorflow/tfjs-backend-wasm the build bundled, since its JavaScript only works with binaries of its own version.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BROWSER_DIST = path.join(ROOT, 'dist/browser');
const WASM_DIR = path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
export const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** Import specifier subpath → source file. The Node-only and Vite-only subpaths (vite, wasm-vite) are left out. */
export const BROWSER_ENTRIES = {
  index: 'src/index.ts',
  history: 'src/history/index.ts',
  intent: 'src/intent/index.ts',
  recommend: 'src/recommend/index.ts',
  vision: 'src/vision/index.ts',
  assistant: 'src/assistant/index.ts',
  runtime: 'src/runtime/index.ts',
  pipeline: 'src/pipeline/index.ts',
  eval: 'src/eval/index.ts',
};

/** @type {[string, RegExp][]} */
const PACKAGES = [
  ['tfjs-backend-wasm', /[\\/]@tensorflow[\\/]tfjs-backend-wasm[\\/]/],
  ['tfjs-backend-webgpu', /[\\/]@tensorflow[\\/]tfjs-backend-webgpu[\\/]/],
  ['tfjs', /[\\/]@tensorflow[\\/]tfjs-core[\\/]/],
  ['tfjs-extra', /[\\/]@tensorflow[\\/]/],
];

/**
 * A chunk that is mostly TensorFlow.js is named after its package. A chunk of mostly our code keeps Rollup's name,
 * even when a TF.js module only one entry uses was tree-shaken into it (the vision chunk holds one), so that a
 * chunk named tfjs-* is TF.js (tools/build/browser-graph.mjs relies on it).
 * @param {readonly string[]} moduleIds @param {string} fallback
 */
function chunkName(moduleIds, fallback) {
  const ours = moduleIds.filter((id) => !/[\\/]node_modules[\\/]/.test(id)).length;
  if (ours * 2 >= moduleIds.length) return fallback;
  for (const [name, test] of PACKAGES) if (moduleIds.some((id) => test.test(id))) return name;
  return fallback;
}

/**
 * @param {{ outDir?: string, external?: (string | RegExp)[], logLevel?: 'info' | 'warn' | 'silent' }} [options]
 * `external` is for measuring (TF.js left out); the shipped build has none.
 */
export async function buildBrowser(options = {}) {
  const outDir = options.outDir ?? BROWSER_DIST;
  rmSync(outDir, { recursive: true, force: true });
  await build({
    configFile: false,
    root: ROOT,
    logLevel: options.logLevel ?? 'warn',
    // Library mode leaves process.env.NODE_ENV for the app's bundler; a static page has none, so settle it here.
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      lib: {
        entry: Object.fromEntries(Object.entries(BROWSER_ENTRIES).map(([name, file]) => [name, path.join(ROOT, file)])),
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rollupOptions: {
        external: options.external ?? [],
        output: {
          // Chunks named after the package they carry, so a page's network panel says what it loaded.
          chunkFileNames: (chunk) => `chunks/${chunkName(chunk.moduleIds, chunk.name)}-[hash].js`,
          // Vite's library mode keeps whitespace in ES output for the app's bundler; a static page gets it as is.
          minify: true,
        },
      },
    },
  });
  mkdirSync(path.join(outDir, 'wasm'), { recursive: true });
  for (const file of WASM_FILES) copyFileSync(path.join(WASM_DIR, file), path.join(outDir, 'wasm', file));
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildBrowser();
}
