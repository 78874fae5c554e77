import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../../src/core/errors.ts';
import { computeMetrics } from '../../../../src/intent/metrics.ts';
import { rankingMetrics } from '../../../../src/recommend/metrics.ts';
import { intentReport } from '../../../../src/pipeline/report/intent-report.ts';
import { cutoffs, recommendReport } from '../../../../src/pipeline/report/recommend-report.ts';
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

describe('recommender report data', () => {
  it('HR@K and NDCG@K for K = 1…50 are the measured metrics in K order; HR rises with K', () => {
    const r = sampleRecommendReport();
    expect(r.ks).toEqual(cutoffs(50));
    expect(r.cases).toBe(300);
    for (const s of r.series) {
      for (let i = 1; i < r.ks.length; i++) expect(s.hr[i]).toBeGreaterThanOrEqual(s.hr[i - 1] as number);
    }
    const ranks = Int32Array.from([0, 4, 9, 60]);
    const m = rankingMetrics(ranks, [10, 5, 1]);
    const one = recommendReport(header(), { ks: [1, 5, 10], numItems: 100, series: [{ name: 'm', role: 'model', metrics: m }] });
    expect(one.series[0]).toEqual({ name: 'm', role: 'model', hr: [m.hr[1], m.hr[5], m.hr[10]], ndcg: [m.ndcg[1], m.ndcg[5], m.ndcg[10]] });
    expect(() => recommendReport(header(), { ks: [1, 20], numItems: 100, series: [{ name: 'm', role: 'model', metrics: m }] })).toThrow(/no HR\/NDCG for m@20/);
    expect(one.notes.join(' ')).toMatch(/4 test cases/);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.notes[0]).toMatch(/3 of 300 test targets/);
  });

  it('bad cut-offs or no cases are refused with what to pass', () => {
    const series = [{ name: 'm', role: 'model' as const, metrics: rankingMetrics([1], cutoffs(5)) }];
    for (const ks of [[], [5, 1], [0, 1], [1.5]]) {
      try {
        recommendReport(header(), { ks, numItems: 3, series });
        expect.unreachable();
      } catch (e) {
        expect(isStorefrontError(e) && e.code).toBe('INVALID_OPTION');
      }
    }
    expect(() => recommendReport(header(), { numItems: 3, series: [{ name: 'm', role: 'model', metrics: rankingMetrics([], cutoffs(50)) }] })).toThrow(/at least one/);
  });
});
