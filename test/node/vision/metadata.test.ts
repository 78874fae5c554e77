import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { scoreCategories } from '../../../src/vision/few-shot-knn.ts';
import { fitRect } from '../../../src/vision/fit.ts';
import { parseMetadata } from '../../../src/vision/metadata.ts';
import { l2Normalize } from '../../../src/vision/vectors.ts';

const committed = ['mobilenet_v1_025_layers', 'mobilenet_v1_025_graph', 'mobilenet_v1_075_layers', 'mobilenet_v2_nsfwjs_backbone'];

describe('vision metadata.json', () => {
  it('the committed metadata files parse and record the input ranges REFERENCE.md gives', () => {
    const read = (name: string) => parseMetadata(JSON.parse(readFileSync(`models/vision/${name}/metadata.json`, 'utf8')));
    const [l025, g025, l075, v2] = committed.map(read);
    expect(l025?.inputRange).toEqual([-1, 1]);
    expect(g025?.inputRange).toEqual([0, 1]);
    expect(g025?.labelOffset).toBe(1);
    expect(l075?.embeddingSize).toBe(768);
    expect(Object.keys(l075?.files ?? {})).toHaveLength(56);
    expect(v2?.labels).toBeNull();
    expect(v2?.outputNode).toBeNull();
  });

  it('malformed metadata is MODEL_LOAD_FAILED naming the field', () => {
    const good = JSON.parse(readFileSync('models/vision/mobilenet_v1_025_graph/metadata.json', 'utf8'));
    for (const [field, value] of [['inputRange', [1, -1]], ['format', 'x'], ['modelFormat', 'onnx'], ['files', { 'model.json': { bytes: 1, sha256: 'zz' } }]] as const) {
      let error: unknown;
      try {
        parseMetadata({ ...good, [field]: value });
      } catch (e) {
        error = e;
      }
      expect(isStorefrontError(error, 'MODEL_LOAD_FAILED')).toBe(true);
      expect((error as Error).message).toContain(field === 'files' ? 'files["model.json"]' : field);
    }
  });
});

describe('fitRect', () => {
  it('crops the centred square, pads to the longer side, or stretches', () => {
    expect(fitRect(400, 200, 'crop')).toEqual({ x: 100, y: 0, width: 200, height: 200 });
    expect(fitRect(200, 400, 'pad')).toEqual({ x: -100, y: 0, width: 400, height: 400 });
    expect(fitRect(400, 200, 'stretch')).toEqual({ x: 0, y: 0, width: 400, height: 200 });
    expect(fitRect(50, 50, 'crop')).toEqual({ x: 0, y: 0, width: 50, height: 50 });
  });
});

describe('scoreCategories', () => {
  it('scores each label by the mean similarity of its k nearest examples', () => {
    const ex = [
      { label: 'shoe', embedding: l2Normalize([1, 0]) },
      { label: 'shoe', embedding: l2Normalize([1, 1]) },
      { label: 'bag', embedding: l2Normalize([0, 1]) },
    ];
    const scores = scoreCategories(ex, l2Normalize([1, 0.1]), 1);
    expect(scores[0]?.label).toBe('shoe');
    expect(scores[0]?.score).toBeCloseTo(0.995, 3);
    const k2 = scoreCategories(ex, l2Normalize([1, 0.1]), 2);
    expect(k2[0]?.score).toBeCloseTo((0.99504 + 0.77394) / 2, 3);
    expect(k2.map((s) => s.label)).toEqual(['shoe', 'bag']);
  });
});
