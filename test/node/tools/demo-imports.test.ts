import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The demo shop is code a shop can copy: its page and worker reach the library only by the package name
// (`storefront-ml`, `storefront-ml/<subpath>` of package.json "exports"), never by a path into src/ or anywhere
// else outside demo/. demo/prepare.mjs is the build step (it runs the repository's CLI and tools), not shop code.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const BUILD_STEP = new Set(['prepare.mjs']);
const SPECIFIERS = [
  /\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
  /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  /<script[^>]*\bsrc="([^"]+)"/g,
];
const exportsOf = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports);
const PACKAGE_NAMES = new Set(exportsOf.map((subpath) => (subpath === '.' ? 'storefront-ml' : `storefront-ml/${subpath.slice(2)}`)));

/** Shop code of the demo: its .ts and .html files (not the git-ignored build output or copied data). */
const shopFiles = () => readdirSync(DEMO).filter((f) => /\.(ts|html)$/.test(f) && !BUILD_STEP.has(f));

/** Specifiers in `text` that leave demo/ or name the library other than by an exported package name. */
export function strayImports(text: string): string[] {
  const found: string[] = [];
  for (const pattern of SPECIFIERS) {
    for (const [, spec = ''] of text.matchAll(pattern)) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        if (!(path.resolve(DEMO, spec) + path.sep).startsWith(DEMO + path.sep)) found.push(spec);
      } else if (spec.startsWith('storefront-ml') && !PACKAGE_NAMES.has(spec)) found.push(spec);
    }
  }
  return found;
}

describe('the demo imports the library as a shop would', () => {
  it('finds a path into src/ and an unexported subpath when there is one (the check itself)', () => {
    expect(strayImports(`import { openHistory } from '../src/index.ts';\nimport { a } from './ui.ts';`)).toEqual(['../src/index.ts']);
    expect(strayImports(`const m = await import('storefront-ml/core');\nimport x from 'storefront-ml/vision';`)).toEqual(['storefront-ml/core']);
    expect(strayImports(`new Worker(new URL('../src/w.ts', import.meta.url))`)).toEqual(['../src/w.ts']);
  });

  it('every demo file reaches the library only through storefront-ml and its exported subpaths', () => {
    const files = shopFiles();
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'ml.worker.ts', 'index.html']));
    const stray = files.flatMap((f) => strayImports(readFileSync(path.join(DEMO, f), 'utf8')).map((spec) => `${f}: ${spec}`));
    expect(stray).toEqual([]);
    const named = files.filter((f) => /from\s*'storefront-ml(\/[a-z-]+)?'/.test(readFileSync(path.join(DEMO, f), 'utf8')));
    expect(named.length).toBeGreaterThanOrEqual(5);
  });
});
