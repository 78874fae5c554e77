// @ts-check
/**
 * The module graph of a built `dist/browser/` folder, read from the files: which files a page loads when it imports
 * an entry (static imports, transitively), which it may load later (`import()`), and their sizes raw and gzipped.
 * Used by the build's test and by `node tools/build/sizes.mjs`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const STATIC = /(?:^|[;}\s])(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["'`]([^"'`]+)["'`]/g;
const DYNAMIC = /\bimport\(\s*["'`]([^"'`$]+)["'`]\s*\)/g;

/** Every .js file under `dir`, relative, `/`-separated. @param {string} dir @returns {string[]} */
export function jsFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => f.split(path.sep).join('/')).sort();
}

/**
 * The specifiers a built file imports: `static` (loaded with it) and `dynamic` (loaded on demand).
 * @param {string} code @returns {{ static: string[], dynamic: string[] }}
 */
export function specifiers(code) {
  return {
    static: [...code.matchAll(STATIC)].map((m) => /** @type {string} */ (m[1])),
    dynamic: [...code.matchAll(DYNAMIC)].map((m) => /** @type {string} */ (m[1])),
  };
}

/**
 * @param {string} dir @param {string} entry a file relative to dir, e.g. `history.js`
 * @returns {{ files: string[], lazy: string[] }} what loads with the entry, and what it can load later
 */
export function closure(dir, entry) {
  const files = new Set();
  const lazy = new Set();
  const visit = (/** @type {string} */ file, /** @type {boolean} */ isLazy) => {
    if (files.has(file) || (isLazy && lazy.has(file))) return;
    (isLazy ? lazy : files).add(file);
    const code = readFileSync(path.join(dir, file), 'utf8');
    const { static: direct, dynamic } = specifiers(code);
    const rel = (/** @type {string} */ s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s));
    for (const s of direct) if (s.startsWith('.')) visit(rel(s), isLazy);
    for (const s of dynamic) if (s.startsWith('.')) visit(rel(s), true);
  };
  visit(entry, false);
  for (const f of files) lazy.delete(f);
  return { files: [...files].sort(), lazy: [...lazy].sort() };
}

/**
 * Raw and gzipped bytes of files under dir, each compressed alone as a server would send it.
 * @param {string} dir @param {string[]} files @returns {{ raw: number, gzip: number }}
 */
export function sizeOf(dir, files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(dir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/**
 * Whether a built file carries TensorFlow.js: a chunk the build named after a tfjs package, or code of tfjs-core
 * (which registers its `IS_BROWSER` flag by that name).
 * @param {string} dir @param {string} file @returns {boolean}
 */
export function hasTfjs(dir, file) {
  if (/(^|\/)tfjs[\w-]*-[\w-]+\.js$/.test(file)) return true;
  return readFileSync(path.join(dir, file), 'utf8').includes('IS_BROWSER');
}
