import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../../src/core/errors.ts';
import { averagePrecision, rocAuc } from '../../../../src/intent/metrics.ts';
import { seededRandom } from '../../../../src/core/random.ts';
import { calibrationTable, prCurve, rocAucStandardError, rocCurve, thinCurve, wilsonInterval } from '../../../../src/pipeline/report/curves.ts';

const y = [1, 0, 1, 0];
const s = [0.9, 0.8, 0.4, 0.1];

/** Labels and scores with ties and a signal, for the checks against src/intent/metrics.ts. */
function sample(n: number, seed: number) {
  const random = seededRandom(seed);
  const labels = Array.from({ length: n }, () => (random() < 0.2 ? 1 : 0));
  const scores = labels.map((l) => Math.round((0.3 * l + 0.7 * random()) * 20) / 20); // steps of 0.05: many ties
  return { labels, scores };
}

describe('report curves', () => {
  it('ROC points by hand: (0,0) above all scores, then one per distinct score', () => {
    expect(rocCurve(y, s)).toEqual([
      { threshold: null, fpr: 0, tpr: 0 },
      { threshold: 0.9, fpr: 0, tpr: 0.5 },
      { threshold: 0.8, fpr: 0.5, tpr: 0.5 },
      { threshold: 0.4, fpr: 0.5, tpr: 1 },
      { threshold: 0.1, fpr: 1, tpr: 1 },
    ]);
    // Tied scores are one step, not two.
    expect(rocCurve([1, 0], [0.5, 0.5])).toEqual([{ threshold: null, fpr: 0, tpr: 0 }, { threshold: 0.5, fpr: 1, tpr: 1 }]);
  });

  it('the trapezoid area under rocCurve is rocAuc (ties as ½), on samples with many ties', () => {
    for (const seed of [1, 2, 3]) {
      const { labels, scores } = sample(500, seed);
      const roc = rocCurve(labels, scores);
      let area = 0;
      for (let i = 1; i < roc.length; i++) area += (roc[i]!.fpr - roc[i - 1]!.fpr) * (roc[i]!.tpr + roc[i - 1]!.tpr) / 2;
      expect(area).toBeCloseTo(rocAuc(labels, scores), 10);
    }
  });

  it('the staircase under prCurve is averagePrecision', () => {
    for (const seed of [4, 5]) {
      const { labels, scores } = sample(400, seed);
      const pr = prCurve(labels, scores);
      let ap = 0;
      for (let i = 1; i < pr.length; i++) ap += (pr[i]!.recall - pr[i - 1]!.recall) * pr[i]!.precision;
      expect(ap).toBeCloseTo(averagePrecision(labels, scores), 10);
    }
    expect(prCurve(y, s)[0]).toEqual({ threshold: null, recall: 0, precision: 1 });
  });

  it('calibration: equal-width bins, counts add up, empty bins are null, scores clamp into the end bins', () => {
    const bins = calibrationTable([1, 0, 1, 0, 1], [0.05, 0.05, 0.95, 1, -0.2], 10);
    expect(bins).toHaveLength(10);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(5);
    expect(bins[0]).toMatchObject({ lo: 0, hi: 0.1, count: 3, positives: 2 });
    expect(bins[0]!.meanScore).toBeCloseTo((0.05 + 0.05 - 0.2) / 3, 12);
    expect(bins[9]).toMatchObject({ count: 2, positives: 1, observedRate: 0.5, meanScore: 0.975 });
    expect(bins[5]).toMatchObject({ count: 0, meanScore: null, observedRate: null, interval: null });
    expect(calibrationTable([0, 1], [0.2, 0.7], 4).map((b) => b.count)).toEqual([1, 0, 1, 0]);
  });

  it('quantile calibration: bins of about equal counts, ties never split, lo/hi the scores inside, empty bins dropped', () => {
    const scores = Array.from({ length: 100 }, (_, i) => i / 1000); // all below 0.1: one uniform bin
    const labels = scores.map((_, i) => (i % 10 === 0 ? 1 : 0));
    expect(calibrationTable(labels, scores, 10, 'uniform')[0]!.count).toBe(100);
    const q = calibrationTable(labels, scores, 10, 'quantile');
    expect(q.map((b) => b.count)).toEqual(new Array(10).fill(10));
    expect(q[0]).toMatchObject({ lo: 0, hi: 0.009, positives: 1 });
    const tied = calibrationTable([1, 0, 0, 1, 0, 1], [0.2, 0.2, 0.2, 0.2, 0.9, 0.9], 3, 'quantile');
    expect(tied.map((b) => b.count)).toEqual([4, 2]);
  });

  it('Wilson intervals: 0 of 10 → [0, 0.278]; 5 of 10 → [0.237, 0.763]; wider with fewer rows', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.2775, 3);
    const half = wilsonInterval(5, 10);
    expect(half[0]).toBeCloseTo(0.2366, 3);
    expect(half[1]).toBeCloseTo(0.7634, 3);
    expect(wilsonInterval(50, 100)[1] - wilsonInterval(50, 100)[0]).toBeLessThan(half[1] - half[0]);
  });

  it('Hanley–McNeil: AUC 0.75 with 50 and 1,848 rows ≈ 0.037; shrinks with more positives; 0 without a class', () => {
    const se = rocAucStandardError(0.75, 50, 1848);
    expect(se).toBeGreaterThan(0.03);
    expect(se).toBeLessThan(0.045);
    expect(rocAucStandardError(0.75, 500, 1848)).toBeLessThan(se);
    expect(rocAucStandardError(0.75, 0, 10)).toBe(0);
  });

  it('thinCurve keeps both ends and the shape, drops points closer than the resolution', () => {
    const points = Array.from({ length: 10_001 }, (_, i) => ({ x: i / 10_000, y: Math.sqrt(i / 10_000) }));
    const thin = thinCurve(points, (p) => p.x, (p) => p.y, 0.002);
    expect(thin[0]).toBe(points[0]);
    expect(thin[thin.length - 1]).toBe(points[10_000]);
    expect(thin.length).toBeLessThan(1100);
    expect(thinCurve(points, (p) => p.x, (p) => p.y, 0)).toHaveLength(points.length);
  });

  it('bad input is INVALID_INPUT / INVALID_OPTION naming what to pass', () => {
    for (const call of [() => rocCurve([1], [0.1, 0.2]), () => prCurve([], []), () => rocCurve([1, 0], [NaN, 0.2])]) {
      expect(call).toThrow(/Report curves/);
      try { call(); } catch (e) { expect(isStorefrontError(e) && e.code).toBe('INVALID_INPUT'); }
    }
    expect(() => calibrationTable([1], [0.5], 0)).toThrow(/bins is 0/);
  });
});
