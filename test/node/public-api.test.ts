import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; import: string }>;
};
const entries = Object.entries(pkg.exports).filter((e): e is [string, { types: string; import: string }] => typeof e[1] !== 'string');

/** `./dist/vision/index.js` or `.d.ts` → `src/vision/index.ts`: what `npm run build` (rootDir src, outDir dist) compiles it from. */
function sourceOf(built: string): string {
  return path.join('src', path.relative('dist', built).replace(/(\.d)?\.js$|\.d\.ts$/, '.ts'));
}

describe('public API', () => {
  it('the root entry stays small: at most 30 value exports', async () => {
    const names = Object.keys(await import('../../src/index.ts'));
    expect(names.length, names.join(', ')).toBeLessThanOrEqual(30);
  });

  it('every package.json exports subpath has a source entry, for its types and its code', () => {
    expect(entries.length).toBeGreaterThan(2);
    for (const [subpath, target] of entries) {
      expect(sourceOf(target.types), subpath).toBe(sourceOf(target.import));
      expect(existsSync(path.join(root, sourceOf(target.import))), `${subpath} → ${sourceOf(target.import)}`).toBe(true);
    }
  });

  it('every capability folder with an index.ts is a subpath', () => {
    const subpaths = new Set(entries.map(([, target]) => sourceOf(target.import)));
    const folders = readdirSync(path.join(root, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(root, 'src', d.name, 'index.ts'))).map((d) => d.name);
    expect(folders.length).toBeGreaterThanOrEqual(7);
    for (const folder of folders) expect(subpaths, folder).toContain(path.join('src', folder, 'index.ts'));
  });

  it('each root value (the errors aside) is the same object a capability subpath exports', async () => {
    const rootApi: Record<string, unknown> = await import('../../src/index.ts');
    const subpathApis: Record<string, unknown>[] = [await import('../../src/core/errors.ts')];
    for (const [subpath, target] of entries) {
      if (subpath !== '.') subpathApis.push(await import(path.join(root, sourceOf(target.import))));
    }
    for (const [name, value] of Object.entries(rootApi)) {
      expect(subpathApis.some((api) => api[name] === value), name).toBe(true);
    }
  });
});
