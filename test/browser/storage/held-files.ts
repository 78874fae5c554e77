/**
 * Keeps the model cache's connection open on purpose: fetchVerifiedCached opens the cache, then downloads; this
 * stubs `fetch` of one realm so that download waits until release() is called.
 */
import { sha256Hex } from '../../../src/core/files/sha256.ts';
import { fetchVerifiedCached } from '../../../src/core/files/model-cache.ts';

export interface HeldDownload {
  /** Resolves once the download started, i.e. while the cache database is open. */
  started: Promise<void>;
  /** Lets the download finish; resolves with what the cached fetch returned. */
  release(): Promise<{ files: number; fromCache: number }>;
}

export async function holdModelCacheOpen(realm: typeof globalThis): Promise<HeldDownload> {
  const bytes = new TextEncoder().encode('weights of a model').buffer as ArrayBuffer;
  const files = { 'weights.bin': { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) } };
  const realFetch = realm.fetch;
  let answer!: () => void;
  let started!: () => void;
  const startedP = new Promise<void>((r) => { started = r; });
  realm.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!String(input).includes('/held-download/')) return realFetch(input, init);
    started();
    await new Promise<void>((r) => { answer = r; });
    return new Response(bytes.slice(0));
  }) as typeof fetch;
  const result = fetchVerifiedCached(files, (p) => `/held-download/${p}`, {});
  return {
    started: startedP,
    async release() {
      answer();
      const out = await result.finally(() => { realm.fetch = realFetch; });
      return { files: out.files.size, fromCache: out.fromCache };
    },
  };
}
