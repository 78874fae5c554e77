import { describe, expect, it } from 'vitest';
import { chooseHandoffThreshold, fitTemperature, nll, scopeMetrics, softmax } from '../../../src/assistant/calibrate.ts';
import { seededRandom } from '../../../src/core/random.ts';
import { stratifiedSplit } from '../../../src/core/random.ts';

describe('softmax / temperature', () => {
  it('sums to one and sharpens below T = 1', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1);
    expect(softmax([1, 2, 3], 0.5)[2]!).toBeGreaterThan(p[2]!);
  });
  it('recovers the temperature that generated the labels', () => {
    const random = seededRandom(1);
    const logits: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const row = [0, 1, 2].map(() => random() * 6);
      const p = softmax(row, 2); // true temperature 2: the raw logits are over-confident
      const u = random();
      labels.push(u < p[0]! ? 0 : u < p[0]! + p[1]! ? 1 : 2);
      logits.push(row);
    }
    const t = fitTemperature(logits, labels);
    expect(t).toBeGreaterThan(1.7);
    expect(t).toBeLessThan(2.3);
    expect(nll(logits, labels, t)).toBeLessThan(nll(logits, labels, 1));
  });
  it('returns 1 without data', () => expect(fitTemperature([], [])).toBe(1));
});

describe('threshold', () => {
  const rows = [
    { confidence: 0.95, correct: true, inScope: true },
    { confidence: 0.9, correct: true, inScope: true },
    { confidence: 0.4, correct: false, inScope: true },
    { confidence: 0.3, correct: false, inScope: false },
    { confidence: 0.2, correct: false, inScope: false },
  ];
  it('measures in-scope accuracy and OOS recall at a threshold', () => {
    expect(scopeMetrics(rows, 0)).toEqual({ inScopeAccuracy: 2 / 3, oosRecall: 0 });
    expect(scopeMetrics(rows, 0.5)).toEqual({ inScopeAccuracy: 2 / 3, oosRecall: 1 });
  });
  it('chooses the largest threshold that keeps held-out accuracy', () => {
    const t = chooseHandoffThreshold(rows, 0);
    expect(t).toBe(0.9);
    expect(scopeMetrics(rows, t).oosRecall).toBe(1);
  });
  it('hands off OOS-class predictions regardless of confidence', () => {
    expect(scopeMetrics([{ confidence: 0.99, correct: false, inScope: false, predictedOos: true }], 0).oosRecall).toBe(1);
  });
});

describe('stratifiedSplit', () => {
  it('holds out a share of each label, reproducibly', () => {
    const labels = [...Array(10).fill('a'), ...Array(5).fill('b'), 'c'];
    const a = stratifiedSplit(labels, 0.2, 7);
    expect(stratifiedSplit(labels, 0.2, 7)).toEqual(a);
    expect(a.test.map((i) => labels[i]).sort()).toEqual(['a', 'a', 'b']);
    expect(a.train.length + a.test.length).toBe(16);
  });
});
