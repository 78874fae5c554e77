// @ts-check
/**
 * `storefront-ml` and its subpaths resolved to the sources, for Vite (the demo, the browser tests, the README's
 * snippets): code written against the package name runs here as it would in a shop's app. Mirrors tsconfig.json's
 * "paths" and package.json's "exports" (`storefront-ml/<name>` → `src/<name>/index.ts`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** @type {import('vite').Alias[]} */
export const PACKAGE_ALIASES = [
  { find: /^storefront-ml$/, replacement: path.join(SRC, 'index.ts') },
  { find: /^storefront-ml\/wasm-vite$/, replacement: path.join(SRC, 'runtime', 'wasm-vite.ts') },
  { find: /^storefront-ml\/([a-z-]+)$/, replacement: `${SRC}/$1/index.ts` },
];
