/**
 * Where a shop serves storefront-ml's files, as pure functions of paths (no I/O): `models/<folder>/…` and
 * `wasm/<binary>` under the app's base URL. The Vite plugin (./index.ts) and its build step both use this, so the dev
 * server answers exactly the URLs the build writes.
 */
import path from 'node:path';

/** The three TensorFlow.js WASM binaries, served at `wasm/<name>`. */
export const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
] as const;

/** Files in a models folder that are tools for the maintainers, not model files: never served nor copied. */
const NOT_MODEL_FILE = /(^|\/)\.|\.(sh|mjs|cjs|js|ts|md|py)$/i;

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Whether a path inside a models folder (with `/` separators) is a model file a shop should serve. */
export function isModelFile(rel: string): boolean {
  return rel !== '' && !NOT_MODEL_FILE.test(rel);
}

/**
 * The path part of Vite's `base` that the dev server sees, always starting and ending with `/`: `/shop/` for
 * `base: '/shop/'` or `'https://cdn.example/shop/'`, and `/` for a relative base (`./`, ``).
 */
export function basePath(base: string | undefined): string {
  if (!base || base.startsWith('.')) return '/';
  const pathname = /^[a-z][a-z0-9+.-]*:/i.test(base) || base.startsWith('//') ? new URL(base, 'http://x').pathname : base;
  const withSlashes = `/${pathname.replace(/^\/+/, '').replace(/\/*$/, '/')}`;
  return withSlashes === '//' ? '/' : withSlashes;
}

/** What a request asks for: a model file (`folder` = its top folder, `rel` inside models/) or a WASM binary. */
export type Requested =
  | { kind: 'model'; folder: string; rel: string }
  | { kind: 'wasm'; name: (typeof WASM_FILES)[number] };

/**
 * Reads a request URL (`/shop/models/assistant/faq/model.json?v=1`) against the base path. Undefined when it is not one
 * of ours, or climbs out of its folder (`..`), or names a maintainer file.
 */
export function parseRequest(url: string, base: string): Requested | undefined {
  const pathname = url.split(/[?#]/)[0] ?? '';
  if (!pathname.startsWith(base)) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(pathname.slice(base.length));
  } catch {
    return undefined;
  }
  if (rest.startsWith('wasm/')) {
    const name = WASM_FILES.find((file) => `wasm/${file}` === rest);
    return name ? { kind: 'wasm', name } : undefined;
  }
  if (!rest.startsWith('models/')) return undefined;
  const rel = rest.slice('models/'.length);
  const parts = rel.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\'))) return undefined;
  if (!isModelFile(rel) || parts.length < 2) return undefined;
  return { kind: 'model', folder: parts[0] as string, rel };
}
