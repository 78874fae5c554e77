import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { VectorStore, checkEmbedding, dot, l2Normalize } from '../../../src/vision/vectors.ts';

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
