/**
 * The packed tarball in a blank Vite + TypeScript app: the README's quick starts, as written, type-check against the
 * installed package's types, build with `vite build`, and each runs on a fresh page of the build served as static
 * files, printing what its `// →` comments say, with no console error and only same-origin GETs.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectQuickstartRuns, quickstarts } from './quickstarts.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { appBin, writeViteApp } from './vite-app.ts';

const snippets = quickstarts().filter((s) => !s.needsData);

describe('the packed tarball in a blank Vite + TypeScript app', () => {
  const { app } = inject('pack');
  let server: StaticServer;

  beforeAll(() => {
    writeViteApp(app, snippets);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has the README\'s quick starts to run', () => {
    expect(snippets.map((s) => s.id)).toEqual(expect.arrayContaining(['quickstart-history']));
  });

  it('type-checks the quick starts against the installed package\'s types (tsc --noEmit)', () => {
    const tsc = appBin(app, app, 'tsc', ['-p', 'tsconfig.json']);
    expect(tsc.status, tsc.output).toBe(0);
  });

  it('ships declarations that type-check in the app with skipLibCheck off (errors of TensorFlow.js\'s own aside)', () => {
    writeFileSync(path.join(app, 'tsconfig.lib-check.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { skipLibCheck: false } }));
    const tsc = appBin(app, app, 'tsc', ['-p', 'tsconfig.lib-check.json']);
    const ours = tsc.output.split('\n').filter((line) => !line.startsWith(' ') && !line.startsWith('node_modules/@tensorflow/') && line.trim() !== '');
    expect(ours).toEqual([]);
  });

  it('builds with vite build, the plugin copying /models/ and /wasm/ into the build', async () => {
    const vite = appBin(app, app, 'vite', ['build', '--logLevel', 'warn']);
    expect(vite.status, vite.output).toBe(0);
    const dist = path.join(app, 'dist');
    for (const file of ['index.html', 'models/purchase-intent-live/model.json', 'models/assistant/faq/model.json', 'wasm/tfjs-backend-wasm-simd.wasm']) {
      expect(existsSync(path.join(dist, file)), file).toBe(true);
    }
    server = await serveStatic({ '/': dist });
  });

  for (const s of snippets) {
    it(`runs ${s.id} (${s.file}:${s.line}) as written`, async () => {
      await expectQuickstartRuns(server, s);
    });
  }
});
