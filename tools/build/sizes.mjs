#!/usr/bin/env node
// @ts-check
/**
 * `node tools/build/sizes.mjs`: the sizes of the no-bundler build (dist/browser/), raw and gzipped: per entry what a
 * page loads when it imports it (and what it may load later: the WASM and WebGPU backends), the total, and the same
 * build with TensorFlow.js left out, to show its share. Builds both into a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BROWSER_ENTRIES, buildBrowser } from './browser.mjs';
import { closure, hasTfjs, jsFiles, sizeOf } from './browser-graph.mjs';

const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
const tmp = mkdtempSync(path.join(tmpdir(), 'storefront-sizes-'));
try {
  for (const [label, external] of /** @type {const} */ ([['TF.js inside (shipped)', []], ['TF.js external', [/^@tensorflow\//]]])) {
    const dir = await buildBrowser({ outDir: path.join(tmp, label.replace(/\W+/g, '-')), external: [...external], logLevel: 'silent' });
    const all = jsFiles(dir);
    const total = sizeOf(dir, all);
    const tf = sizeOf(dir, all.filter((f) => hasTfjs(dir, f)));
    console.log(`\n${label}: ${all.length} files, ${kb(total.raw)} raw, ${kb(total.gzip)} gzipped; files with TF.js ${kb(tf.raw)} raw, ${kb(tf.gzip)} gzipped`);
    console.log('entry        loads (raw / gzip)          + on demand (raw / gzip)   TF.js loaded');
    for (const name of Object.keys(BROWSER_ENTRIES)) {
      const { files, lazy } = closure(dir, `${name}.js`);
      const now = sizeOf(dir, files);
      const later = sizeOf(dir, lazy);
      console.log(`${name.padEnd(12)} ${`${kb(now.raw)} / ${kb(now.gzip)}`.padEnd(27)} ${`${kb(later.raw)} / ${kb(later.gzip)}`.padEnd(26)} ${files.some((f) => hasTfjs(dir, f)) ? 'yes' : 'no'}`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
