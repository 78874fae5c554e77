/**
 * The packed tarball on a plain static site, no bundler: the browser build and the files copied as
 * docs/no-bundler.md says, the doc's import map in the page, and each README quick start, as written, run on a
 * fresh page, printing what its `// →` comments say, with no console error and only same-origin GETs.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectQuickstartRuns, quickstarts } from './quickstarts.ts';
import { writeStaticSite } from './static-page.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';

const snippets = quickstarts().filter((s) => !s.needsData);

describe('the packed tarball on a plain static page with an import map', () => {
  const { app, dir } = inject('pack');
  let server: StaticServer;

  beforeAll(async () => {
    server = await serveStatic({ '/': writeStaticSite(app, path.join(dir, 'site'), snippets) });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has the README\'s quick starts to run', () => {
    expect(snippets.map((s) => s.id)).toEqual(expect.arrayContaining(['quickstart-history']));
  });

  for (const s of snippets) {
    it(`runs ${s.id} (${s.file}:${s.line}) as written`, async () => {
      await expectQuickstartRuns(server, s);
    });
  }
});
