import { afterEach, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../../src/core/errors.ts';
import { fetchVerified, sha256Hex } from '../../../../src/core/files/index.ts';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

const bytes = new TextEncoder().encode('weights');

/** A fetch that answers each URL after `delays[url]` ms: 404 for missing ones. */
function fakeFetch(present: Record<string, Uint8Array>, delays: Record<string, number>, seen: string[]): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    seen.push(url);
    await new Promise((resolve) => setTimeout(resolve, delays[url] ?? 0));
    const body = present[url];
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
}

describe('fetchVerified', () => {
  it('reports the first file in metadata order that failed, whichever download failed first', async () => {
    const expected = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
    const files = { 'model.json': expected, 'shard-1': expected, 'shard-2': expected };
    for (let run = 0; run < 3; run++) {
      const seen: string[] = [];
      // model.json answers 404 late, shard-1 answers 404 at once: the error must still name model.json.
      globalThis.fetch = fakeFetch({}, { 'm/model.json': 30, 'm/shard-1': 0 }, seen);
      const error = await fetchVerified(files, (p) => `m/${p}`, {}).catch((e: unknown) => e);
      expect(isStorefrontError(error, 'MODEL_LOAD_FAILED')).toBe(true);
      expect((error as Error).message).toContain('m/model.json answered HTTP 404');
      expect(seen).not.toContain('m/shard-2'); // nothing new starts after a failure
    }
  });

  it('returns every file when all are served and verified', async () => {
    const expected = { bytes: bytes.length, sha256: await sha256Hex(bytes) };
    globalThis.fetch = fakeFetch({ 'm/a': bytes, 'm/b': bytes, 'm/c': bytes }, { 'm/a': 10 }, []);
    const out = await fetchVerified({ a: expected, b: expected, c: expected }, (p) => `m/${p}`, {});
    expect([...out.keys()].sort()).toEqual(['a', 'b', 'c']);
  });
});
