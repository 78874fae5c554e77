import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { decodeEmbeddings, encodeEmbeddings } from '../../../src/recommend/embedding-format.ts';
import { writeSfemByHand } from './sfem-by-hand.ts';

describe('SFEM embedding exchange format', () => {
  it('decodes a file written by hand with DataView', () => {
    const buffer = writeSfemByHand(['sku-a', 'sku-b', 'sku-c'], 2, [[1, 0], [0.5, -2], [0, 3.25]], { model: 'numpy-bpr' });
    const e = decodeEmbeddings(buffer);
    expect(e.ids).toEqual(['sku-a', 'sku-b', 'sku-c']);
    expect(e.dim).toBe(2);
    expect(Array.from(e.vectors)).toEqual([1, 0, 0.5, -2, 0, 3.25]);
    expect(e.metadata).toEqual({ model: 'numpy-bpr' });
  });

  it('round-trips through encodeEmbeddings byte for byte', () => {
    const hand = writeSfemByHand(['x', 'yy'], 3, [[1, 2, 3], [4, 5, 6]]);
    const ours = encodeEmbeddings({ ids: ['x', 'yy'], dim: 3, vectors: Float32Array.from([1, 2, 3, 4, 5, 6]), metadata: {} });
    expect(new Uint8Array(ours)).toEqual(new Uint8Array(hand));
  });

  it('rejects a truncated or foreign file with MODEL_LOAD_FAILED that says why', () => {
    const good = writeSfemByHand(['a'], 4, [[1, 2, 3, 4]]);
    for (const [bytes, why] of [[good.slice(0, good.byteLength - 4), 'expected'], [new ArrayBuffer(24), 'magic'], [new ArrayBuffer(3), 'shorter']] as const) {
      let error: unknown;
      try { decodeEmbeddings(bytes); } catch (e) { error = e; }
      expect(isStorefrontError(error, 'MODEL_LOAD_FAILED')).toBe(true);
      expect((error as Error).message).toContain(why);
    }
  });
});
