/**
 * The few-shot classifier's `head: 'softmax'`: a head trained on the examples (at the first prediction after they
 * change), probabilities as scores, saved as `head: "softmax"` and trained again when loaded; files without `head`
 * (every file written before it) load as kNN, and a kNN classifier's file does not gain the field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createFewShotClassifier, loadFewShotClassifier } from '../../../src/vision/few-shot.ts';
import { scoreSoftmax, trainSoftmaxHead } from '../../../src/vision/few-shot-softmax.ts';
import { codeOf } from '../../helpers/errors.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadError } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};
// Two small clusters of unit vectors (4-d), "bags" with one outlier.
const BAGS = [unit([1, 0.1, 0, 0]), unit([1, 0, 0.1, 0]), unit([0.2, 1, 0, 0.9])];
const SHOES = [unit([0, 0.1, 1, 0.6]), unit([0, 0, 1, 0.8]), unit([0.1, 0, 1, 0.7])];

describe('few-shot softmax head', () => {
  beforeAll(useWasm);

  it('trains without leaking, scores are probabilities summing to 1, and training again gives the same head', async () => {
    const examples = [...BAGS.map((embedding) => ({ label: 'bags', embedding })), ...SHOES.map((embedding) => ({ label: 'shoes', embedding }))];
    const head = await expectNoLeak(() => trainSoftmaxHead(examples));
    expect(head.labels).toEqual(['bags', 'shoes']);
    const scores = scoreSoftmax(head, unit([1, 0, 0, 0]));
    expect(scores[0]?.label).toBe('bags');
    expect(scores.reduce((s, x) => s + x.score, 0)).toBeCloseTo(1, 6);
    expect((await trainSoftmaxHead(examples)).weights).toEqual(head.weights);
  });

  it('predicts, retrains after addExamples/removeLabel, saves head: "softmax" and loads it back with the same predictions', async () => {
    const trainer = await createFewShotClassifier({ embeddingSize: 4, head: 'softmax' });
    expect(trainer.head).toBe('softmax');
    await trainer.addExamples('bags', BAGS);
    await trainer.addExamples('shoes', SHOES);
    const p = await expectNoLeak(() => trainer.predict(unit([1, 0.05, 0.05, 0])));
    expect(p.label).toBe('bags');
    expect(p.score).toBe(p.scores[0]?.score);
    expect(p.score).toBeGreaterThan(0.5);
    await trainer.addExamples('hats', [unit([0, 0, 0, 1]), unit([0, 0.1, 0, 1])]);
    expect((await trainer.predict(unit([0, 0, 0.05, 1]))).label).toBe('hats');
    expect(trainer.removeLabel('hats')).toBe(true);
    expect((await trainer.predict(unit([0, 0, 0.05, 1]))).scores.map((s) => s.label).sort()).toEqual(['bags', 'shoes']);
    trainer.threshold = 0.999;
    expect((await trainer.predict(unit([0.5, 0.5, 0.5, 0.5]))).label).toBeNull();
    trainer.threshold = 0;

    const text = (await trainer.toFiles())['few-shot.json'];
    expect(JSON.parse(text).head).toBe('softmax');
    const copy = await loadFewShotClassifier(text);
    expect(copy.head).toBe('softmax');
    expect(copy.metadata.head).toBe('softmax');
    const q = unit([0.3, 0.2, 0.8, 0.4]);
    expect(await copy.predict(q)).toEqual(await trainer.predict(q));
    const more = await createFewShotClassifier({ from: copy });
    expect(more.head).toBe('softmax');
    for (const c of [trainer, copy, more]) c.dispose();
  });

  it('files without head load as kNN, kNN files do not write it, and a bad head is a typed error', async () => {
    const knn = await createFewShotClassifier({ embeddingSize: 4 });
    expect(knn.head).toBe('knn');
    await knn.addExamples('bags', BAGS);
    const file = knn.toJSON();
    expect('head' in file).toBe(false);
    expect((await loadFewShotClassifier(file)).head).toBe('knn');
    await loadError(() => loadFewShotClassifier({ ...file, head: 'svm' } as never), 'INVALID_INPUT', 'head');
    expect(await codeOf(() => createFewShotClassifier({ embeddingSize: 4, head: 'svm' as never }))).toBe('INVALID_OPTION');
    expect(await codeOf(() => createFewShotClassifier({ embeddingSize: 4, head: null as never }))).toBe('INVALID_OPTION');
    knn.dispose();
  });
});
