import { describe, expect, it } from 'vitest';
import {
  accuracyOf, averagePrecision, brierScore, chooseThreshold, computeMetrics, confusionMatrix, f1Of, logLoss, mccOf,
  precisionOf, recallOf, rocAuc,
} from '../../../src/intent/metrics.ts';
import { isStorefrontError } from '../../../src/core/errors.ts';

// Small cases worked out by hand; the arithmetic is in the comments.
const y = [1, 0, 1, 0];
const s = [0.9, 0.8, 0.4, 0.1];

describe('intent metrics', () => {
  it('confusion matrix at 0.5: 0.9 TP, 0.8 FP, 0.4 FN, 0.1 TN', () => {
    expect(confusionMatrix(y, s, 0.5)).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 });
    // A score equal to the threshold counts as positive.
    expect(confusionMatrix([1, 0], [0.5, 0.49], 0.5)).toEqual({ tp: 1, fp: 0, tn: 1, fn: 0 });
  });

  it('accuracy, precision, recall, F1 from counts', () => {
    const m = { tp: 2, fp: 1, fn: 1, tn: 4 };
    expect(accuracyOf(m)).toBeCloseTo(6 / 8, 12);
    expect(precisionOf(m)).toBeCloseTo(2 / 3, 12);
    expect(recallOf(m)).toBeCloseTo(2 / 3, 12);
    expect(f1Of(m)).toBeCloseTo(4 / 6, 12); // 2·2 / (2·2 + 1 + 1)
    // Zero denominators give 0, not NaN.
    const none = { tp: 0, fp: 0, fn: 3, tn: 5 };
    expect([precisionOf(none), recallOf(none), f1Of(none), mccOf(none)]).toEqual([0, 0, 0, 0]);
  });

  it('MCC: (2·4 − 1·1) / √(3·3·5·5) = 7/15', () => {
    expect(mccOf({ tp: 2, fp: 1, fn: 1, tn: 4 })).toBeCloseTo(7 / 15, 12);
    expect(mccOf({ tp: 1, fp: 1, fn: 1, tn: 1 })).toBe(0);
    expect(mccOf({ tp: 3, fp: 0, fn: 0, tn: 5 })).toBe(1);
  });

  it('ROC-AUC: 3 of 4 positive–negative pairs ordered = 0.75; ties count ½', () => {
    expect(rocAuc(y, s)).toBeCloseTo(0.75, 12);
    // Pairs: (0.5 vs 0.5) ½, (0.5 vs 0.2) 1, (0.8 vs 0.5) 1, (0.8 vs 0.2) 1 → 3.5 / 4.
    expect(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.8, 0.2])).toBeCloseTo(0.875, 12);
    expect(rocAuc([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1])).toBe(1);
    expect(rocAuc([0, 0], [0.1, 0.2])).toBe(0.5);
  });

  it('average precision: ½·1 + ½·⅔ = 0.8333; tied scores form one step', () => {
    expect(averagePrecision(y, s)).toBeCloseTo(0.5 + 1 / 3, 12);
    // 0.8 (pos): R ½, P 1; {0.5 pos, 0.5 neg} together: R 1, P ⅔.
    expect(averagePrecision([1, 0, 1, 0], [0.5, 0.5, 0.8, 0.2])).toBeCloseTo(0.5 + 1 / 3, 12);
    // A constant score gives the prevalence.
    expect(averagePrecision([1, 0, 0, 0], [0.3, 0.3, 0.3, 0.3])).toBeCloseTo(0.25, 12);
  });

  it('log loss: −(ln .9 + ln .2 + ln .4 + ln .9) / 4', () => {
    expect(logLoss(y, s)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.4) + Math.log(0.9)) / 4, 12);
    expect(logLoss(y, s)).toBeCloseTo(0.684112, 6);
    // Clipped: a confident wrong answer costs −ln(1e-7), not Infinity.
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-7), 6);
  });

  it('Brier: (.01 + .64 + .36 + .01) / 4 = 0.255', () => {
    expect(brierScore(y, s)).toBeCloseTo(0.255, 12);
  });

  it('chooses the F1-maximising threshold between observed scores', () => {
    // Cuts: after 0.9 F1 ⅔, after 0.8 ½, after 0.4 ⅘ (best), after 0.1 ⅔ → midpoint of 0.4 and 0.1.
    expect(chooseThreshold(y, s)).toBeCloseTo(0.25, 12);
    expect(chooseThreshold([0, 0], [0.2, 0.7])).toBe(0.5);
  });

  it('computeMetrics bundles them at one threshold', () => {
    const m = computeMetrics(y, s, 0.25);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(m.f1).toBeCloseTo(0.8, 12);
    expect(m).toMatchObject({ threshold: 0.25, count: 4, positives: 2 });
    expect(m.rocAuc).toBeCloseTo(0.75, 12);
  });

  it('rejects mismatched or empty inputs with INVALID_INPUT', () => {
    for (const call of [() => rocAuc([1], [0.1, 0.2]), () => logLoss([], [])]) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(isStorefrontError(error, 'INVALID_INPUT')).toBe(true);
      }
    }
  });
});
