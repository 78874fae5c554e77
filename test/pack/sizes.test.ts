/**
 * What the tarball holds and what a shop's bundle weighs: the tarball's size and contents (only what a user needs),
 * the gzipped JS of an app importing everything from `storefront-ml` (and TensorFlow.js's share of it), and of the
 * README's history quick start alone (goal ≤ 8 KB, no TensorFlow.js). Prints them as one info line.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { quickstarts } from './quickstarts.ts';
import { buildSizeApp, kb } from './size-app.ts';

/**
 * Issue 15's goal for the history quick start is 8 KB, not met. It loaded 9.2 KB when this test was written, all of it
 * history's own code, idb and Vite's module-preload polyfill (0.4 KB in a blank app); issue 16's hardening of the same
 * calls (every read argument checked, encrypted rows authenticated and migrated, the shopper's adapted models erased
 * and exported with their history, through plain IndexedDB) brought it to 11.8 KB. Loading parts with import() only
 * when needed does not pay at this size: Vite then adds its preload helper (0.8 KB gzipped) to the entry. So the
 * limit is a budget against stray imports (TensorFlow.js is 357 KB; test/node/history/import-graph.test.ts forbids
 * it outright), held at 12.5 KB, and the line printed says how far the goal is.
 */
const HISTORY_GOAL = 8 * 1024;
const HISTORY_LIMIT = 12.5 * 1024;

describe('the packed tarball\'s contents and sizes', () => {
  const pack = inject('pack');
  const sizes: string[] = [];
  afterAll(() => {
    console.log(`[pack] sizes: ${sizes.join('; ')}`);
  });

  it('holds only what a user needs: the build, the models, README, LICENSE, CHANGELOG; no maps, tests or maintainer scripts', () => {
    const files = pack.files;
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts',
      'dist/cli/main.js', 'models/purchase-intent-live/model.json', 'models/assistant/faq/model.json']));
    expect(files.filter((f) => !/^(dist|models)\//.test(f)).sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json']);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /(^|\/)(test|fixtures?)\//.test(f) || /\.(sh|mjs|ts)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    sizes.push(`tarball ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${files.length} files`);
  });

  it('makes the shipped models reachable by package name (exports ./models/*)', () => {
    const resolve = createRequire(path.join(pack.app, 'package.json')).resolve;
    for (const file of ['purchase-intent-live/model.json', 'assistant/faq/model.json', 'vision/mobilenet_v1_025_layers/metadata.json']) {
      expect(resolve(`storefront-ml/models/${file}`)).toBe(path.join(pack.app, 'node_modules/storefront-ml/models', file));
    }
  });

  it('a full import (everything from storefront-ml, Vite production build) with TensorFlow.js', () => {
    const entry = "import * as storefront from 'storefront-ml';\nconsole.log(Object.keys(storefront).length, storefront);\n";
    const full = buildSizeApp(pack.app, 'full-import', entry);
    const split = buildSizeApp(pack.app, 'full-import-split', entry, { splitTfjs: true });
    const tfjs = split.chunks.filter((c) => c.file.includes('tfjs')).reduce((n, c) => n + c.gzip, 0);
    expect(full.packages).toContain('@tensorflow/tfjs-core');
    expect(tfjs).toBeGreaterThan(0);
    sizes.push(`full import ${kb(full.gzip)} gzipped JS (${kb(full.bytes)} minified), of which TensorFlow.js ${kb(tfjs)} ` +
      `and storefront-ml with idb ${kb(split.gzip - tfjs)}`);
  });

  it('the README\'s history quick start alone: no TensorFlow.js, and under 12.5 KB of gzipped JS (goal 8 KB, not met)', () => {
    const snippet = quickstarts().find((s) => s.id === 'quickstart-history');
    expect(snippet, 'README.md has a quickstart-history block').toBeDefined();
    const history = buildSizeApp(pack.app, 'history-quickstart', snippet?.code ?? '');
    sizes.push(`history quick start ${kb(history.loadedGzip)} gzipped JS loaded (${kb(history.gzip)} with lazy chunks, ` +
      `${kb(history.bytes)} minified; ${history.packages.join(', ')}; goal ${kb(HISTORY_GOAL)}: ${history.loadedGzip <= HISTORY_GOAL ? 'met' : 'not met'})`);
    expect(history.packages.filter((p) => p.startsWith('@tensorflow/'))).toEqual([]);
    expect(history.loadedGzip).toBeLessThanOrEqual(HISTORY_LIMIT);
  });
});
