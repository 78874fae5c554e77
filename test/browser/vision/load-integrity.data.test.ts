import { beforeAll, describe, expect, it } from 'vitest';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import type { VisionModelMetadata } from '../../../src/vision/metadata.ts';
import { bytesAt, flipByte, loadError, memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS } from './models.ts';

// The real TF-Hub MobileNet files, tampered in memory through the `fetch` option (load.test.ts covers real HTTP).
describe('loadImageModel checks every file and its metadata against the weights', () => {
  const { url } = MODELS.v1_025_graph;
  let metadata: VisionModelMetadata;
  let real: Record<string, Uint8Array>;
  const served = (over: Record<string, Uint8Array> = {}) =>
    memoryFetch(Object.fromEntries(Object.entries({ ...real, ...over }).map(([p, b]) => [`${url}${p}`, b])));

  beforeAll(async () => {
    await useWasm();
    metadata = await (await fetch(MODELS.v1_025_graph.metadata)).json();
    real = Object.fromEntries(await Promise.all(Object.keys(metadata.files).map(async (p) => [p, await bytesAt(url + p)] as const)));
  });

  it('a flipped byte in a shard is INTEGRITY_MISMATCH, one byte more MODEL_LOAD_FAILED, with no tensor left', async () => {
    const shard = 'group1-shard1of1';
    const f = await loadError(() => loadImageModel(url, { metadata, fetch: served({ [shard]: flipByte(real[shard]!) }).fetch }), 'INTEGRITY_MISMATCH');
    expect(f.message).toContain(shard);
    const longer = new Uint8Array(real[shard]!.byteLength + 1);
    longer.set(real[shard]!);
    const g = await loadError(() => loadImageModel(url, { metadata, fetch: served({ [shard]: longer }).fetch }), 'MODEL_LOAD_FAILED');
    expect(g.message).toMatch(/longer than/);
  });

  it('a foreign origin, as the model URL, the metadata URL or a file it lists, is ORIGIN_NOT_ALLOWED and never fetched', async () => {
    const s = served();
    await loadError(() => loadImageModel('https://evil.example/mobilenet/', { metadata, fetch: s.fetch }), 'ORIGIN_NOT_ALLOWED');
    await loadError(() => loadImageModel(url, { metadata: 'https://evil.example/metadata.json', fetch: s.fetch }), 'ORIGIN_NOT_ALLOWED');
    const evil = { ...metadata, files: { ...metadata.files, 'https://evil.example/extra.bin': { bytes: 1, sha256: '0'.repeat(64) } } };
    await loadError(() => loadImageModel(url, { metadata: evil, fetch: s.fetch }), 'ORIGIN_NOT_ALLOWED');
    expect(s.seen.some((u) => u.includes('evil.example'))).toBe(false);
    expect(s.seen).toEqual([]); // refused before anything was downloaded
  });

  it('labels or sizes that do not fit the outputs are MODEL_LOAD_FAILED naming the field', async () => {
    const more = { ...metadata, labels: [...(metadata.labels ?? []), 'extra'] };
    await loadError(() => loadImageModel(url, { metadata: more, fetch: served().fetch }), 'MODEL_LOAD_FAILED', 'labels');
    const fewer = { ...metadata, labels: (metadata.labels ?? []).slice(1) };
    await loadError(() => loadImageModel(url, { metadata: fewer, fetch: served().fetch }), 'MODEL_LOAD_FAILED', 'labels');
    await loadError(() => loadImageModel(url, { metadata: { ...metadata, labelOffset: 0 }, fetch: served().fetch }), 'MODEL_LOAD_FAILED', 'labels');
    await loadError(() => loadImageModel(url, { metadata: { ...metadata, embeddingSize: 512 }, fetch: served().fetch }), 'MODEL_LOAD_FAILED', 'embeddingSize');
    await loadError(() => loadImageModel(url, { metadata: { ...metadata, inputSize: 5000 }, fetch: served().fetch }), 'MODEL_LOAD_FAILED', 'inputSize');
  });

  it('the shared options: an allowed CDN origin loads through the given fetch', async () => {
    const cdn = 'https://cdn.example.test/mobilenet/';
    const { fetch, seen } = memoryFetch(Object.fromEntries(Object.entries(real).map(([p, b]) => [`${cdn}${p}`, b])));
    const model = await loadImageModel(cdn, { metadata, fetch, allowedOrigins: ['https://cdn.example.test'] });
    expect(model.labels?.[0]).toMatch(/tench/);
    model.dispose();
    expect(seen).toHaveLength(Object.keys(metadata.files).length);
  });
});
