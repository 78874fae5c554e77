/**
 * Found by the fuzz tier (test/browser/fuzz/visual-index.fuzz.test.ts), its shrunk counterexamples
 * `search(query, [NaN])` and `search(query, new Uint8Array())`: options that are not a plain object lent their own
 * methods (an array's or typed array's `filter`) as the filter option, which threw a raw TypeError mid-search; null
 * options threw one before any check. Such options are INVALID_OPTION now, in search, putMany and openVisualIndex.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { loadImageModel, openVisualIndex, type VisualIndex } from '../../../src/vision/index.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { dbName } from '../history/helpers.ts';
import { codeOf } from '../../helpers/errors.ts';

describe('visual index options that are not plain objects', () => {
  let index: VisualIndex;
  const query = Float32Array.from([0, 0, 0, 1]);
  beforeAll(async () => {
    await useWasm();
    index = await openVisualIndex({ name: dbName('visual-options'), embeddingSize: 4 });
    await index.put({ productId: 'p1', embedding: Float32Array.from([0, 0, 1, 1]) });
  });
  afterAll(async () => {
    await index.clear();
    index.close();
  });

  it('search(query, [NaN] | new Uint8Array() | null) is INVALID_OPTION; {} and undefined still search', async () => {
    expect(await codeOf(() => index.search(query, [Number.NaN] as never))).toBe('INVALID_OPTION');
    expect(await codeOf(() => index.search(query, new Uint8Array() as never))).toBe('INVALID_OPTION');
    expect(await codeOf(() => index.search(query, null as never))).toBe('INVALID_OPTION');
    expect((await index.search(query, {}))[0]?.productId).toBe('p1');
    expect((await index.search(query))[0]?.productId).toBe('p1');
  });

  it('putMany(products, null | [] | { onProgress: 5 }) and openVisualIndex(null) are INVALID_OPTION', async () => {
    const products = [{ productId: 'p2', embedding: Float32Array.from([1, 0, 0, 0]) }];
    expect(await codeOf(() => index.putMany(products, null as never))).toBe('INVALID_OPTION');
    expect(await codeOf(() => index.putMany(products, [] as never))).toBe('INVALID_OPTION');
    expect(await codeOf(() => index.putMany(products, { onProgress: 5 as never }))).toBe('INVALID_OPTION');
    expect(index.get('p2')).toBeUndefined();
    expect(await codeOf(() => openVisualIndex(null as never))).toBe('INVALID_OPTION');
  });
});

describe('found by the fuzz tier: holes and null options', () => {
  it('putMany([ , ]) is INVALID_INPUT naming product 0 (was STORAGE_FAILED from a DataError), nothing written', async () => {
    const index = await openVisualIndex({ name: dbName('visual-holes'), embeddingSize: 4 });
    try {
      // eslint-disable-next-line no-sparse-arrays
      expect(await codeOf(() => index.putMany([, { productId: 'p1', embedding: Float32Array.from([1, 0, 0, 0]) }] as never))).toBe('INVALID_INPUT');
      expect(index.size).toBe(0);
    } finally {
      await index.clear();
      index.close();
    }
  });

  it('loadImageModel(url, null) is INVALID_OPTION (was "Cannot read properties of null (reading \'fit\')")', async () => {
    expect(await codeOf(() => loadImageModel(' ', null as never))).toBe('INVALID_OPTION');
  });
});
