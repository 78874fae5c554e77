/**
 * Optional IndexedDB cache of verified model files (every family's, in one database whose name predates the
 * shared layer), content-addressed by SHA-256 (so two model versions share
 * unchanged shards and a changed file can never be served stale). Like transformers.js's cache, it carries on
 * without storage when storage is unavailable (private mode, blocked) instead of failing the load.
 */
import type { IDBPDatabase } from 'idb';
import { throwIfAborted } from '../errors.ts';
import { openDatabase } from '../storage/database.ts';
import { fetchVerified, type FetchContext } from './fetch-files.ts';
import type { FileManifest, ModelFile } from './manifest.ts';
import { sha256Hex } from './sha256.ts';

export const MODEL_CACHE_DB = 'storefront-ml-vision-models';
const STORE = 'files';

async function openCache(): Promise<IDBPDatabase | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    // The shared opener: this connection closes itself when another tab erases or upgrades the cache.
    return await openDatabase({
      name: MODEL_CACHE_DB,
      version: 1,
      kind: 'model-cache',
      wording: { subject: 'Model cache' },
      upgrade(db) {
        db.createObjectStore(STORE);
      },
    });
  } catch {
    return null;
  }
}

/**
 * Like fetchVerified, but first takes files whose SHA-256 matches from the cache, and stores what it downloaded.
 * Cached bytes are hashed again before use: a damaged entry is dropped and downloaded anew.
 */
export async function fetchVerifiedCached(
  files: FileManifest,
  resolve: (path: string) => string,
  options: FetchContext,
): Promise<{ files: Map<string, ArrayBuffer>; fromCache: number }> {
  const db = await openCache();
  if (!db) return { files: await fetchVerified(files, resolve, options), fromCache: 0 };
  try {
    const found = new Map<string, ArrayBuffer>();
    const missing: FileManifest = {};
    for (const [path, expected] of Object.entries(files)) {
      const bytes = (await db.get(STORE, expected.sha256).catch(() => undefined)) as ArrayBuffer | undefined;
      if (bytes instanceof ArrayBuffer && bytes.byteLength === expected.bytes && (await sha256Hex(bytes)) === expected.sha256) {
        found.set(path, bytes);
      } else {
        missing[path] = expected;
      }
    }
    throwIfAborted(options.signal, `Loading the ${(options.subject ?? 'model').toLowerCase()}`);
    const cachedBytes = [...found.values()].reduce((s, b) => s + b.byteLength, 0);
    const total = Object.values(files).reduce((s, f) => s + f.bytes, 0);
    const fetched = await fetchVerified(missing, resolve, {
      ...options,
      onProgress: (p) => options.onProgress?.({ loaded: cachedBytes + p.loaded, total }),
    });
    // Store after all downloads succeeded and outside any model work (idb: never await other work in a transaction).
    for (const [path, bytes] of fetched) {
      await db.put(STORE, bytes, (files[path] as ModelFile).sha256).catch(() => undefined);
      found.set(path, bytes);
    }
    options.onProgress?.({ loaded: total, total });
    return { files: found, fromCache: Object.keys(files).length - Object.keys(missing).length };
  } finally {
    db.close();
  }
}
