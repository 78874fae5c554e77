import { describe, expect, it } from 'vitest';
import { baselineMetrics, holdoutEvents, listerMetrics, splitLeaveOneOut } from '../../../src/pipeline/recommend-holdout.ts';

// Every shopper walks a, b, c, d in order: the next product is always predictable.
const sequences = Array.from({ length: 30 }, (_, u) => (u % 3 === 0 ? ['a', 'b'] : ['a', 'b', 'c', 'd']));

describe('held-out evaluation of a recommender', () => {
  it('splits leave-one-out: the last product is the test target, training stops before the second-last', () => {
    const s = splitLeaveOneOut(sequences);
    expect(s.split.test).toHaveLength(20); // shoppers with fewer than 3 products give no case
    expect(s.train[1]).toEqual(['a', 'b']);
    expect(s.train[0]).toEqual(['a', 'b']);
    const c = s.split.test[0]!;
    expect(Array.from(c.history, (i) => s.data.itemIds[i])).toEqual(['a', 'b', 'c']);
    expect(s.data.itemIds[c.target]).toBe('d');
  });

  it('scores a top-K lister by the target\'s position, never excluding the target itself', async () => {
    const s = splitLeaveOneOut(sequences);
    const seen: string[][] = [];
    const perfect = await listerMetrics(s, async (history, exclude) => {
      seen.push([...exclude]);
      return history.at(-1) === 'c' ? ['d'] : [];
    });
    expect(perfect.hr[10]).toBe(1);
    expect(perfect.ndcg[10]).toBe(1);
    expect(seen[0]).toEqual(['a', 'b', 'c']);
    const second = await listerMetrics(s, async () => ['x', 'd']);
    expect(second.hr[5]).toBe(1);
    expect(second.ndcg[5]).toBeCloseTo(1 / Math.log2(3), 10);
    const never = await listerMetrics(s, async () => []);
    expect(never.hr[10]).toBe(0);
  });

  it('tells the lister which shopper each case is, and builds one session or several for recommend()', async () => {
    const s = splitLeaveOneOut(sequences);
    const shoppers: number[] = [];
    await listerMetrics(s, async (_h, _e, _k, shopper) => { shoppers.push(shopper); return []; });
    expect(shoppers).toEqual(s.split.test.map((c) => c.user));
    expect(shoppers.every((u) => (sequences[u] as string[]).length === 4)).toBe(true);
    expect(new Set(holdoutEvents(['a', 'b'], false).map((e) => e.sessionId)).size).toBe(1);
    expect(holdoutEvents(['a', 'b'], true).map((e) => [e.productId, e.time, e.sessionId])).toEqual([['a', 0, 'eval/0'], ['b', 1, 'eval/1']]);
  });

  it('ranks popularity and item-kNN on the same cases', async () => {
    const { popularity, itemKnn } = await baselineMetrics(splitLeaveOneOut(sequences));
    expect(popularity.cases).toBe(20);
    expect(itemKnn.cases).toBe(20);
    for (const m of [popularity, itemKnn]) {
      expect(m.hr[10]).toBeGreaterThanOrEqual(0);
      expect(m.hr[10]).toBeLessThanOrEqual(1);
      expect(m.ndcg[10]).toBeLessThanOrEqual(m.hr[10] as number);
    }
  });
});
