/**
 * The README's quick starts that need real MobileNet weights (the vision one), from the packed tarball in both the
 * Vite app and the static page. The weights are fetched as a shop fetches them, with the installed package's
 * `storefront-ml models pull`, here from a local mirror of the data directory (no network), into the folder the
 * Vite plugin's `modelDirs` names and into the static site's /models/; product photos are served at /photos/.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataDir } from '../../tools/harness/plugins.mjs';
import { expectQuickstartRuns, quickstarts } from './quickstarts.ts';
import { writeStaticSite } from './static-page.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { appBin, writeViteApp } from './vite-app.ts';

const snippets = quickstarts().filter((s) => s.needsData);
const PHOTOS = path.join(dataDir(), 'fashion_product_images_224');
/** The models the quick starts load, and where the data directory holds each (as tools/harness/snippets-plugin.mjs). */
const WEIGHTS: Record<string, string> = { mobilenet_v1_025_layers: 'mobilenet_v1_025_224_tfjs/layers' };

describe('the packed tarball\'s vision quick start, with real weights pulled by its CLI', () => {
  const { app, dir } = inject('pack');
  const visionApp = path.join(app, 'vision-app');
  const pulled = path.join(visionApp, 'vision-models');
  let vite: StaticServer;
  let site: StaticServer;

  beforeAll(async () => {
    for (const [name, folder] of Object.entries(WEIGHTS)) {
      const mirror = await serveStatic({ '/': path.join(dataDir(), folder) });
      try {
        // Asynchronously: the mirror answers from this process.
        await promisify(execFile)(path.join(app, 'node_modules/.bin/storefront-ml'),
          ['models', 'pull', name, '--out', path.join(pulled, name), '--base-url', mirror.url], { cwd: app, timeout: 120_000 });
      } finally {
        await mirror.close();
      }
    }
    writeViteApp(visionApp, snippets, "{ modelDirs: ['vision-models'] }");
    const build = appBin(app, visionApp, 'vite', ['build', '--logLevel', 'warn']);
    if (build.status !== 0) throw new Error(`vite build failed:\n${build.output}`);
    vite = await serveStatic({ '/': path.join(visionApp, 'dist'), '/photos/': PHOTOS });
    const siteDir = writeStaticSite(app, path.join(dir, 'vision-site'), snippets);
    cpSync(pulled, path.join(siteDir, 'models'), { recursive: true });
    site = await serveStatic({ '/': siteDir, '/photos/': PHOTOS });
  });
  afterAll(async () => {
    await vite?.close();
    await site?.close();
  });

  it('has the README\'s vision quick start to run', () => {
    expect(snippets.map((s) => s.id)).toEqual(expect.arrayContaining(['quickstart-vision']));
  });

  it('type-checks it against the installed package\'s types', () => {
    const tsc = appBin(app, visionApp, 'tsc', ['-p', 'tsconfig.json']);
    expect(tsc.status, tsc.output).toBe(0);
  });

  for (const s of snippets) {
    for (const [where, server] of [['the Vite app', () => vite], ['the static page', () => site]] as const) {
      it(`runs ${s.id} (${s.file}:${s.line}) as written in ${where}`, async () => {
        await expectQuickstartRuns(server(), s);
      });
    }
  }
});
