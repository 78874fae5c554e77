import { describe, expect, it } from 'vitest';
import { topKIndices } from '../../../src/core/top-k.ts';

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
