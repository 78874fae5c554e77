import { describe, expect, it } from 'vitest';
import { coverage, rankOf, rankingMetrics } from '../../../src/recommend/metrics.ts';
import { topKIndices } from '../../../src/core/top-k.ts';

describe('rankOf', () => {
  it('counts the items scored above the target', () => {
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 2)).toBe(1);
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 1)).toBe(0);
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 0)).toBe(3);
  });

  it('skips masked items (history) but never the target, each once', () => {
    // 0.9 (item 1) is masked: target 2 moves to the top.
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 2, [1, 1])).toBe(0);
    expect(rankOf([0.1, 0.9, 0.5, 0.3], 0, [1, 0])).toBe(2);
  });

  it('breaks ties by item index so constant scores earn nothing', () => {
    expect(rankOf([1, 1, 1, 1], 3)).toBe(3);
    expect(rankOf([1, 1, 1, 1], 0)).toBe(0);
  });
});

describe('rankingMetrics', () => {
  it('matches hand-computed HR, NDCG and MRR', () => {
    // ranks 0, 2, 9, 30: HR@5 = 2/4, HR@10 = 3/4; NDCG@10 = (1 + 1/log2(4) + 1/log2(11)) / 4.
    const m = rankingMetrics([0, 2, 9, 30], [5, 10], 10);
    expect(m.hr[5]).toBeCloseTo(0.5, 12);
    expect(m.hr[10]).toBeCloseTo(0.75, 12);
    expect(m.ndcg[5]).toBeCloseTo((1 + 0.5) / 4, 12);
    expect(m.ndcg[10]).toBeCloseTo((1 + 0.5 + 1 / Math.log2(11)) / 4, 12);
    expect(m.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 10 + 1 / 31) / 4, 12);
    expect(m.mrrAt).toBeCloseTo((1 + 1 / 3 + 1 / 10) / 4, 12);
    expect(m.cases).toBe(4);
  });

  it('gives zeros, not NaN, for no cases', () => {
    expect(rankingMetrics([], [10]).hr[10]).toBe(0);
  });
});

describe('coverage and topKIndices', () => {
  it('counts distinct recommended items over the catalogue', () => {
    expect(coverage([[0, 1], [1, 2], [2]], 10)).toBeCloseTo(0.3, 12);
  });

  it('returns the best indices first, skipping excluded ones, ties by index', () => {
    const scores = Float32Array.from([0.2, 0.9, 0.9, 0.1, 0.7]);
    expect(topKIndices(scores, 3)).toEqual([1, 2, 4]);
    expect(topKIndices(scores, 2, { skip: (i) => i === 1 })).toEqual([2, 4]);
    expect(topKIndices(scores, 10)).toEqual([1, 2, 4, 0, 3]);
  });
});
