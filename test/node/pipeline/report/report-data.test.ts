import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../../src/core/errors.ts';
import { computeMetrics } from '../../../../src/intent/metrics.ts';
import { leaveOneOut, parseSequences } from '../../../../src/recommend/dataset.ts';
import { cooccurrenceCosine, itemKnnScorer, popularityScorer } from '../../../../src/recommend/baselines.ts';
import { rankingMetrics } from '../../../../src/recommend/metrics.ts';
import { batchOf, rankCases } from '../../../../src/recommend/protocol.ts';
import { intentReport } from '../../../../src/pipeline/report/intent-report.ts';
import { baselineRanks, cutoffs, modelRanks, recommendReport } from '../../../../src/pipeline/report/recommend-report.ts';
import { header, sampleIntentReport, sampleRecommendReport, scored } from './fixtures.ts';

describe('intent report data', () => {
  it('per point: the metrics of src/intent/metrics.ts at the model threshold, curves from (0,0) to (1,1), 10 bins', () => {
    const data = scored(600, 0.05, 0.2, 1);
    const r = intentReport(header(), [{ name: 'after 1 event', ...data }], { threshold: 0.4 });
    const p = r.points[0]!;
    expect(p.metrics).toEqual(computeMetrics(data.labels, data.scores, 0.4));
    expect([p.rocAuc, p.prAuc, p.count, p.positives]).toEqual([p.metrics.rocAuc, p.metrics.prAuc, 600, p.metrics.positives]);
    expect(p.baseRate).toBeCloseTo(p.positives / 600, 12);
    expect(p.roc[0]).toMatchObject({ fpr: 0, tpr: 0 });
    expect(p.roc[p.roc.length - 1]).toMatchObject({ fpr: 1, tpr: 1 });
    expect(p.calibration).toHaveLength(10);
    expect(p.calibration.reduce((a, b) => a + b.count, 0)).toBe(600);
    expect(r.threshold).toBe(0.4);
  });

  it('is plain JSON: it survives a JSON round trip unchanged (no Infinity, no typed arrays)', () => {
    const r = sampleIntentReport();
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('says what a small sample cannot tell, and when a class is absent', () => {
    const r = intentReport(header(), [
      { name: 'tiny', ...scored(300, 0.1, 0.5, 4) },
      { name: 'no buyers', labels: [0, 0, 0], scores: [0.1, 0.2, 0.3] },
    ]);
    expect(r.notes.find((n) => n.startsWith('tiny:'))).toMatch(/^tiny: \d+ purchases of 300; ROC-AUC 0\.\d{3} ± 0\.\d{3} \(95 %\)\.$/);
    expect(r.notes[r.notes.length - 1]).toMatch(/Hanley–McNeil/);
    expect(r.notes.find((n) => n.startsWith('no buyers:'))).toMatch(/only one class/);
    expect(() => intentReport(header(), [])).toThrow(/no prediction points/);
  });
});

const TEXT = ['u1 a b c d e', 'u2 b c d', 'u3 a c e b', 'u4 c d e a b', 'u5 e d', 'u6 a b a c'].join('\n');

describe('recommender report data', () => {
  it('baselines rank exactly as rankCases with popularity and item-kNN on the training prefixes', async () => {
    const split = leaveOneOut(parseSequences(TEXT));
    const got = await baselineRanks(split);
    expect(got.map((s) => [s.name, s.role])).toEqual([['popularity', 'baseline'], ['item-kNN', 'baseline']]);
    const pop = await rankCases(batchOf(popularityScorer(split.train, split.numItems)), split.test, split.numItems);
    const knn = await rankCases(batchOf(itemKnnScorer(cooccurrenceCosine(split.train, split.numItems), 0.8)), split.test, split.numItems);
    expect(Array.from(got[0]!.ranks)).toEqual(Array.from(pop.ranks));
    expect(Array.from(got[1]!.ranks)).toEqual(Array.from(knn.ranks));
  });

  it('model ranks come from its top lists: index of the target, maxK when absent; the history is excluded but the target never', async () => {
    const data = parseSequences(TEXT);
    const split = leaveOneOut(data);
    const seen: { history: readonly string[]; exclude: readonly string[] }[] = [];
    const ranks = await modelRanks(split.test, data.itemIds, async (history, exclude, topK) => {
      seen.push({ history, exclude });
      expect(topK).toBe(3);
      return ['e', 'b', 'a'];
    }, 3);
    // Targets: u1 e, u2 d, u3 b, u4 b, u6 c (u5 has two items: no case).
    expect(Array.from(ranks)).toEqual([0, 3, 1, 1, 3]);
    expect(seen[0]).toEqual({ history: ['a', 'b', 'c', 'd'], exclude: ['a', 'b', 'c', 'd'] });
    expect(seen[4]).toEqual({ history: ['a', 'b', 'a'], exclude: ['a', 'b'] });
  });

  it('HR@K and NDCG@K for K = 1…50 are rankingMetrics of the ranks; HR rises with K', () => {
    const r = sampleRecommendReport();
    expect(r.ks).toEqual(cutoffs(50));
    expect(r.cases).toBe(300);
    for (const s of r.series) {
      for (let i = 1; i < r.ks.length; i++) expect(s.hr[i]).toBeGreaterThanOrEqual(s.hr[i - 1] as number);
    }
    const ranks = Int32Array.from([0, 4, 9, 60]);
    const one = recommendReport(header(), { ks: [1, 5, 10], numItems: 100, series: [{ name: 'm', role: 'model', ranks }] });
    const m = rankingMetrics(ranks, [1, 5, 10], 10);
    expect(one.series[0]).toEqual({ name: 'm', role: 'model', hr: [m.hr[1], m.hr[5], m.hr[10]], ndcg: [m.ndcg[1], m.ndcg[5], m.ndcg[10]], mrrAtMaxK: m.mrrAt });
    expect(one.notes.join(' ')).toMatch(/4 test cases/);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.notes[0]).toMatch(/3 of 300 test targets/);
  });

  it('bad cut-offs or no cases are refused with what to pass', () => {
    const series = [{ name: 'm', role: 'model' as const, ranks: [1] }];
    for (const ks of [[], [5, 1], [0, 1], [1.5]]) {
      try {
        recommendReport(header(), { ks, numItems: 3, series });
        expect.unreachable();
      } catch (e) {
        expect(isStorefrontError(e) && e.code).toBe('INVALID_OPTION');
      }
    }
    expect(() => recommendReport(header(), { numItems: 3, series: [{ name: 'm', role: 'model', ranks: [] }] })).toThrow(/at least one case/);
  });
});
