/**
 * A plain static site (no bundler) as docs/no-bundler.md tells a shop to lay it out: the installed package's
 * dist/browser/ copied to /storefront-ml/, its wasm/ to /wasm/, its models/ to /models/, and a page with the
 * import map of the doc's "Map the names in the page" block, taken from the doc as written.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Snippet } from '../helpers/snippets.ts';
import { moduleName } from './quickstarts.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** The first ```html block of docs/no-bundler.md holding a `<script type="importmap">`, as written. */
export function docImportMap(): string {
  const doc = readFileSync(path.join(root, 'docs/no-bundler.md'), 'utf8');
  const block = [...doc.matchAll(/^```html\n([\s\S]*?)^```/gm)].map((m) => m[1] as string).find((b) => b.includes('type="importmap"'));
  if (!block) throw new Error('docs/no-bundler.md has no ```html block with <script type="importmap">.');
  const map = /<script type="importmap">[\s\S]*?<\/script>/.exec(block);
  if (!map) throw new Error('docs/no-bundler.md: the import map block has no complete <script type="importmap">…</script>.');
  return map[0];
}

const page = (importMap: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <link rel="icon" href="data:,">
  <title>A shop</title>
  ${importMap}
</head>
<body>
  <script type="module">
    // Runs the quick start the URL's hash names and says when it finished (the harness waits for that).
    window.__quickstart = import(\`/quickstarts/\${location.hash.slice(1)}.js\`)
      .then(() => 'done', (e) => \`failed: \${(e && e.stack) || e}\`);
  </script>
</body>
</html>
`;

/** Writes the site into `site` from the install in `app`; returns the folder to serve at '/'. */
export function writeStaticSite(app: string, site: string, snippets: Snippet[]): string {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(path.join(site, 'quickstarts'), { recursive: true });
  const pkg = path.join(app, 'node_modules', 'storefront-ml');
  // The copy steps of docs/no-bundler.md, section 1.
  cpSync(path.join(pkg, 'dist', 'browser'), path.join(site, 'storefront-ml'), { recursive: true });
  cpSync(path.join(pkg, 'dist', 'browser', 'wasm'), path.join(site, 'wasm'), { recursive: true });
  cpSync(path.join(pkg, 'models'), path.join(site, 'models'), { recursive: true });
  writeFileSync(path.join(site, 'index.html'), page(docImportMap()));
  for (const s of snippets) writeFileSync(path.join(site, 'quickstarts', `${moduleName(s)}.js`), s.code);
  return site;
}
