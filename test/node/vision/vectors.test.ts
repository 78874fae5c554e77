import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { topKIndices } from '../../../src/core/top-k.ts';
import { VectorStore, checkEmbedding, dot, l2Normalize } from '../../../src/vision/vectors.ts';

describe('topKIndices', () => {
  it('returns the k best, best first, ties by index, honouring the filter', () => {
    const scores = [0.1, 0.9, 0.5, 0.9, -1, 0.7];
    expect(topKIndices(scores, 3)).toEqual([1, 3, 5]);
    expect(topKIndices(scores, 10)).toEqual([1, 3, 5, 2, 0, 4]);
    expect(topKIndices(scores, 2, { skip: (i) => i % 2 !== 0 })).toEqual([2, 0]);
    expect(topKIndices(scores, 5, { count: 3 })).toEqual([1, 2, 0]);
  });

  it('agrees with a full sort on random data', () => {
    let s = 3;
    const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
    const scores = Float32Array.from({ length: 5000 }, random);
    const expected = Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number)).slice(0, 25);
    expect(topKIndices(scores, 25)).toEqual(expected);
  });
});

describe('VectorStore', () => {
  it('adds, replaces, removes (swap with last) and scores in row order', () => {
    const store = new VectorStore(3, 2);
    store.set('a', l2Normalize([1, 0, 0]));
    store.set('b', l2Normalize([0, 1, 0]));
    store.set('c', l2Normalize([1, 1, 0])); // grows past capacity 2
    expect(store.capacity).toBe(4);
    expect(Array.from(store.get('c') ?? [])).toEqual([Math.SQRT1_2, Math.SQRT1_2, 0].map(Math.fround));
    const q = l2Normalize([1, 0, 0]);
    expect(Array.from(store.scores(q))).toEqual([1, 0, Math.fround(Math.SQRT1_2)]);
    expect(store.remove('a')).toBe(true);
    expect(store.remove('a')).toBe(false);
    expect(store.ids).toEqual(['c', 'b']);
    store.set('b', l2Normalize([0, 0, 1]));
    expect(Array.from(store.get('b') ?? [])).toEqual([0, 0, 1]);
    expect(store.size).toBe(2);
    expect(dot(store.get('c') as Float32Array, q)).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('checkEmbedding refuses wrong length and NaN with INVALID_INPUT', () => {
    const err = (f: () => unknown) => { try { f(); } catch (e) { return e; } return null; };
    expect(isStorefrontError(err(() => checkEmbedding(new Float32Array(2), 3, 'x')), 'INVALID_INPUT')).toBe(true);
    expect(isStorefrontError(err(() => checkEmbedding([1, 2, 3], 3, 'x')), 'INVALID_INPUT')).toBe(true);
    expect(isStorefrontError(err(() => checkEmbedding(Float32Array.of(1, NaN, 0), 3, 'x')), 'INVALID_INPUT')).toBe(true);
  });
});
