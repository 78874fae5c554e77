import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecommender, trainRecommender, type Recommender } from '../../../src/recommend/index.ts';
import { sha256HexSync } from '../../../src/core/files/sha256.ts';
import { flipByte, loadError, memoryFetch, serveFiles } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { writeSfemByHand } from '../../node/recommend/sfem-by-hand.ts';

const sequences = Array.from({ length: 60 }, (_, u) => Array.from({ length: 5 }, (_, k) => `${u % 2 ? 'a' : 'b'}${(u + k) % 8}`));
const events = [{ type: 'view' as const, productId: 'a1', time: 1, sessionId: 's' }];

describe('loadRecommender checks its files and metadata', () => {
  let rec: Recommender;
  let metadata: Record<string, any>;
  let weights: Uint8Array;
  const DIR = '/models/recommend/tampered/';
  const served = (meta: object, bin: Uint8Array = weights) =>
    memoryFetch({ [`${DIR}metadata.json`]: JSON.stringify(meta), [`${DIR}weights.bin`]: bin });
  const changed = (change: (m: Record<string, any>) => void) => {
    const m = structuredClone(metadata);
    change(m);
    return served(m).fetch;
  };

  beforeAll(async () => {
    await useWasm();
    rec = await trainRecommender(sequences, { dim: 8, window: 4, epochs: 2, seed: 3 });
    const files = await rec.toFiles();
    metadata = JSON.parse(files['metadata.json']);
    weights = new Uint8Array(files['weights.bin']);
  });
  afterAll(() => rec.dispose());

  it('toFiles() writes the manifest, and its files load back over real HTTP', async () => {
    expect(metadata.files['weights.bin']).toEqual({ bytes: weights.byteLength, sha256: sha256HexSync(weights) });
    const url = await serveFiles('recommender', { 'metadata.json': JSON.stringify(metadata), 'weights.bin': weights });
    const back = await loadRecommender(url);
    expect(await back.recommend(events)).toEqual(await rec.recommend(events));
    back.dispose();
  });

  it('a flipped byte is INTEGRITY_MISMATCH, a short file MODEL_LOAD_FAILED, without a leak', async () => {
    const f = await loadError(() => loadRecommender(DIR, { fetch: served(metadata, flipByte(weights)).fetch }), 'INTEGRITY_MISMATCH');
    expect(f.message).toContain('weights.bin');
    const g = await loadError(() => loadRecommender(DIR, { fetch: served(metadata, weights.slice(0, 100)).fetch }), 'MODEL_LOAD_FAILED');
    expect(g.message).toContain('truncated');
  });

  it('a foreign origin, as source or as the weights file, is ORIGIN_NOT_ALLOWED and never fetched', async () => {
    const a = served(metadata);
    await loadError(() => loadRecommender('https://evil.example/rec/', { fetch: a.fetch }), 'ORIGIN_NOT_ALLOWED');
    const evil = 'https://evil.example/weights.bin';
    const b = served({ ...metadata, weights: evil, files: { [evil]: metadata.files['weights.bin'] } });
    await loadError(() => loadRecommender(DIR, { fetch: b.fetch }), 'ORIGIN_NOT_ALLOWED');
    expect([...a.seen, ...b.seen].some((u) => u.includes('evil.example'))).toBe(false);
  });

  it('metadata that does not fit the weights is MODEL_LOAD_FAILED naming the field', async () => {
    const cases: [string, (m: Record<string, any>) => void][] = [
      ['dim', (m) => { m.dim = 40_000; }],
      ['weightSpecs[0]', (m) => { m.dim = 16; }],
      ['attributes', (m) => { m.productIds.push('extra'); }],
      ['weightSpecs[0]', (m) => { m.productIds.push('extra'); m.attributes.push(null); }],
      ['productIds', (m) => { m.productIds[1] = m.productIds[0]; }],
      ['modelWeight', (m) => { m.modelWeight = Number.NaN; }],
      ['window', (m) => { m.window = 0; }],
      ['sessionWeight', (m) => { m.sessionWeight = 2; }],
      ['returningSessionWeight', (m) => { m.returningSessionWeight = -0.5; }],
      ['weightSpecs', (m) => { m.weightSpecs.at(-1).shape = [1]; }],
      ['weightSpecs[14]', (m) => { m.weightSpecs.at(-1).name = 'sessions'; }],
      ['files', (m) => { delete m.files; }],
    ];
    for (const [field, change] of cases) await loadError(() => loadRecommender(DIR, { fetch: changed(change) }), 'MODEL_LOAD_FAILED', field);
  });

  it('a session index naming an unknown product is MODEL_LOAD_FAILED naming sessions_items', async () => {
    const bad = weights.slice();
    new DataView(bad.buffer).setInt32(bad.byteLength - 4, metadata.productIds.length, true); // the last session item
    const m = { ...metadata, files: { 'weights.bin': { bytes: bad.byteLength, sha256: sha256HexSync(bad) } } };
    await loadError(() => loadRecommender(DIR, { fetch: served(m, bad).fetch }), 'MODEL_LOAD_FAILED', 'sessions_items');
  });

  it('files with a session index saved before returningSessionWeight load with its default, 0.3', async () => {
    const { returningSessionWeight: _, ...before } = metadata;
    const back = await loadRecommender(DIR, { fetch: served(before, weights).fetch });
    expect(back.metadata.returningSessionWeight).toBe(0.3);
    expect(await back.recommend(events)).toEqual(await rec.recommend(events));
    back.dispose();
  });

  it('files saved by 0.1.0 (10 arrays: no rules, no session index, no sessionWeight) load and recommend as model + item-kNN', async () => {
    const plain = await trainRecommender(sequences, { dim: 8, window: 4, epochs: 2, seed: 3, sessionWeight: 0 });
    // The first 10 arrays of any file are 0.1.0's layout; cut two files down to it, one trained without a session index.
    const asOld = (meta: typeof metadata, bytes: Uint8Array) => {
      const kept = meta.weightSpecs.slice(0, 10);
      const size = kept.reduce((s: number, spec: { shape: number[] }) => s + 4 * spec.shape.reduce((a, b) => a * b, 1), 0);
      const old = bytes.slice(0, size);
      const { sessionWeight: _, ...rest } = meta;
      return served({ ...rest, weightSpecs: kept, files: { 'weights.bin': { bytes: old.byteLength, sha256: sha256HexSync(old) } } }, old).fetch;
    };
    const plainFiles = await plain.toFiles();
    const back = await loadRecommender(DIR, { fetch: asOld(metadata, weights) });
    const plainBack = await loadRecommender(DIR, { fetch: asOld(JSON.parse(plainFiles['metadata.json']), new Uint8Array(plainFiles['weights.bin'])) });
    expect(back.metadata.weightSpecs).toHaveLength(10);
    expect(await back.recommend(events)).toEqual(await plainBack.recommend(events));
    expect(await back.recommend(events)).not.toEqual(await rec.recommend(events));
    for (const r of [back, plainBack, plain]) r.dispose();
  });

  it('learned attribute vectors: names and array must agree, each finite (MODEL_LOAD_FAILED naming the field)', async () => {
    const catalog = Array.from({ length: 8 }, (_, i) => [{ productId: `a${i}`, attributes: ['brand:a'] }, { productId: `b${i}`, category: 'skin' }]).flat();
    const learned = await trainRecommender(sequences, { dim: 8, window: 4, epochs: 2, seed: 3, catalog });
    const files = await learned.toFiles();
    const meta = JSON.parse(files['metadata.json']);
    const bytes = new Uint8Array(files['weights.bin']);
    expect(meta.attributeNames).toEqual(['c:skin', 'a:brand:a']);
    const at = meta.weightSpecs.length - 1;
    const load = (change: (m: Record<string, any>) => void, bin = bytes) => {
      const m = structuredClone(meta);
      change(m);
      m.files = { 'weights.bin': { bytes: bin.byteLength, sha256: sha256HexSync(bin) } };
      return loadRecommender(DIR, { fetch: served(m, bin).fetch });
    };
    await loadError(() => load((m) => { m.attributeNames = ['c:skin', 'c:skin']; }), 'MODEL_LOAD_FAILED', 'attributeNames');
    await loadError(() => load((m) => { m.attributeNames = ['c:skin', '']; }), 'MODEL_LOAD_FAILED', 'attributeNames');
    await loadError(() => load((m) => { m.attributeNames.push('c:hair'); }), 'MODEL_LOAD_FAILED', `weightSpecs[${at}]`);
    await loadError(() => load((m) => { delete m.attributeNames; }), 'MODEL_LOAD_FAILED', 'weightSpecs');
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.byteLength - 4, Number.NaN, true);
    await loadError(() => load(() => {}, nan), 'MODEL_LOAD_FAILED', 'attribute_vectors');
    const back = await load(() => {});
    expect(back.addProducts([{ productId: 'new', category: 'skin' }])).toEqual(['new']);
    back.dispose();
    learned.dispose();
  });

  it('loadRecommender({ embeddings }): dim bounded before allocating, integrity and origin checked', async () => {
    const sfem = new Uint8Array(writeSfemByHand(['p1', 'p2'], 2, [[1, 0], [0, 1]]));
    const huge = sfem.slice();
    new DataView(huge.buffer).setUint32(12, 40_000, true);
    await loadError(() => loadRecommender({ embeddings: huge.buffer }), 'MODEL_LOAD_FAILED', 'dim');
    const integrity = { bytes: sfem.byteLength, sha256: sha256HexSync(sfem) };
    const url = '/models/recommend/items.sfem';
    const ok = await loadRecommender({ embeddings: url, integrity }, { fetch: memoryFetch({ [url]: sfem }).fetch });
    ok.dispose();
    await loadError(() => loadRecommender({ embeddings: url, integrity }, { fetch: memoryFetch({ [url]: flipByte(sfem, 30) }).fetch }), 'INTEGRITY_MISMATCH');
    const foreign = memoryFetch({});
    await loadError(() => loadRecommender({ embeddings: 'https://evil.example/items.sfem' }, { fetch: foreign.fetch }), 'ORIGIN_NOT_ALLOWED');
    expect(foreign.seen).toEqual([]);
  });
});
