import { describe, expect, it } from 'vitest';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { coldStartPlacement, coldStartSource, embeddingFromAttributes, embeddingFromLearned, historyFromEvents, learnedAttributeKeys, meanVectorLength, itemFilter, selectTop, trendingProducts } from '../../../src/recommend/lists.ts';

const ev = (type: ShopperEvent['type'], productId: string, time: number): ShopperEvent => ({ type, productId, time, sessionId: 's' });

describe('lists', () => {
  it('turns events into a history, oldest first, and the purchased set', () => {
    const h = historyFromEvents([ev('purchase', 'b', 3), ev('view', 'a', 1), ev('view', 'a', 2), ev('search', 'x', 4), ev('cart_add', 'c', 5)]);
    expect(h.items).toEqual(['a', 'b', 'c']);
    expect([...h.purchased]).toEqual(['b']);
  });

  it('filters by exclusion, category, price range and predicate', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const info = new Map([
      ['a', { productId: 'a', category: 'hair', price: 5 }],
      ['b', { productId: 'b', category: 'hair', price: 50 }],
      ['c', { productId: 'c', category: 'skin', price: 7 }],
    ]);
    const keep = itemFilter(ids, info, { category: 'hair', priceRange: [1, 10] }, new Set());
    expect(ids.filter((_, i) => keep(i))).toEqual(['a']);
    const keep2 = itemFilter(ids, info, { filter: (id) => id !== 'd' }, new Set(['a']));
    expect(ids.filter((_, i) => keep2(i))).toEqual(['b', 'c']);
  });

  it('MMR diversity trades a near-duplicate for a different item', () => {
    const ids = ['a', 'a2', 'b'];
    const unit = Float32Array.from([1, 0, 1, 0, 0, 1]); // a and a2 identical, b orthogonal
    const scores = Float32Array.from([1, 0.99, 0.5]);
    expect(selectTop(scores, ids, () => true, 2).map((r) => r.productId)).toEqual(['a', 'a2']);
    expect(selectTop(scores, ids, () => true, 2, 0.5, unit, 2).map((r) => r.productId)).toEqual(['a', 'b']);
  });

  it('trending halves an event per half-life', () => {
    const hour = 3_600_000;
    const list = trendingProducts([
      { productId: 'old', time: 0, weight: 3 },
      { productId: 'new', time: 48 * hour },
      { productId: 'new', time: 48 * hour },
    ], { now: 48 * hour, halfLifeHours: 24 });
    expect(list).toEqual([{ productId: 'new', score: 2 }, { productId: 'old', score: 0.75 }]);
  });

  it('places a new product at the mean of its attributes', () => {
    const vectors = Float32Array.from([1, 0, 0, 1, 3, 3]);
    const known = [['brand:x'], ['cat:y'], ['brand:x']];
    expect(Array.from(embeddingFromAttributes(['brand:x', 'cat:y'], known, vectors, 2)!)).toEqual([1, 1.25]); // brand:x = [2, 1.5], cat:y = [0, 1]
    expect(embeddingFromAttributes(['nope'], known, vectors, 2)).toBeNull();
  });

  it('cold start from learned vectors: the mean of the rows of its known attributes and category, each counted once', () => {
    expect(learnedAttributeKeys({ productId: 'p', category: 'hair', attributes: ['brand:x'] })).toEqual(['a:brand:x', 'c:hair']);
    const learned = { names: ['a:brand:x', 'c:hair', 'a:cat:y'], vectors: Float32Array.from([2, 0, 0, 4, 1, 1]) };
    expect(Array.from(embeddingFromLearned({ productId: 'p', category: 'hair', attributes: ['brand:x', 'brand:x', 'unseen'] }, learned, 2)!)).toEqual([1, 2]);
    expect(Array.from(embeddingFromLearned({ productId: 'p', attributes: ['cat:y'] }, learned, 2)!)).toEqual([1, 1]);
    // A category is not an attribute of the same name: "c:cat:y" was never learned.
    expect(embeddingFromLearned({ productId: 'p', category: 'cat:y' }, learned, 2)).toBeNull();
    expect(embeddingFromLearned({ productId: 'p' }, learned, 2)).toBeNull();
  });

  it('cold start places a product at the mean length of the products\' vectors, with the bias of those sharing its attributes', () => {
    // Two products of length 2 and 4 (mean 3), biases 1 and 3.
    const items = Float32Array.from([2, 0, 0, 4]);
    expect(meanVectorLength(items, 2)).toBe(3);
    const known = { attributes: [['brand:x'], ['brand:y']], items, bias: Float32Array.from([1, 3]), dim: 2, learned: null };
    const arrivals = [{ productId: 'n1', attributes: ['brand:x', 'brand:y'] }, { productId: 'n2', attributes: ['brand:y'] }, { productId: 'n3', attributes: ['brand:z'] }];
    const source = coldStartSource(arrivals, known);
    expect(source.meanLength).toBe(3);
    const both = coldStartPlacement(arrivals[0]!, source)!;
    // The mean [1, 2] has length √5: scaled to 3.
    expect(Array.from(both.vector).map((v) => +v.toFixed(5))).toEqual([1, 2].map((v) => +(v * 3 / Math.sqrt(5)).toFixed(5)));
    expect(both.bias).toBe(2);
    expect(coldStartPlacement(arrivals[1]!, source)!.bias).toBe(3);
    expect(coldStartPlacement(arrivals[2]!, source)).toBeNull();
    // Learned vectors first; a category alone places it, with the mean bias.
    const learned = { names: ['c:hair'], vectors: Float32Array.from([0, 0.5]) };
    const hair = coldStartPlacement({ productId: 'n', category: 'hair' }, coldStartSource([], { ...known, learned }))!;
    expect(Array.from(hair.vector)).toEqual([0, 3]);
    expect(hair.bias).toBe(2);
    // A learned vector of zeros stays zeros (no division by zero).
    const zeros = coldStartSource([], { ...known, learned: { names: ['c:hair'], vectors: new Float32Array(2) } });
    expect(Array.from(coldStartPlacement({ productId: 'n', category: 'hair' }, zeros)!.vector)).toEqual([0, 0]);
  });
});
