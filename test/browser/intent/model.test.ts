import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { loadIntentModel, trainIntentModel, type IntentModel } from '../../../src/index.ts';
import { expectNoLeak, expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { syntheticSessions } from './synthetic.ts';

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(isStorefrontError(error), String(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    return;
  }
  expect.unreachable(`expected ${code}`);
}

describe('purchase-intent model (WASM)', () => {
  const { rows, labels } = syntheticSessions(800);
  const test = syntheticSessions(400, 11);
  let model: IntentModel;

  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => model.dispose());

  it('trains with progress, early stopping and a validation threshold, leaving no tensors behind', async () => {
    const progress: number[] = [];
    const before = tf.memory().numTensors;
    model = await trainIntentModel(rows, labels, { hidden: [16, 16], seed: 5, epochs: 30, earlyStopping: { patience: 3 }, onProgress: (p) => progress.push(p.epoch) });
    // The model now owns its weights and one snapshot of them (for reset()): nothing else.
    expect(tf.memory().numTensors - before).toBe(2 * 6);
    const training = model.metadata.training!;
    expect(progress).toEqual(Array.from({ length: training.epochs }, (_, i) => i + 1));
    expect(training.history).toHaveLength(training.epochs);
    expect(training.bestEpoch).toBeGreaterThan(0);
    expect(training.bestEpoch).toBeLessThanOrEqual(training.epochs);
    expect(model.metadata.metrics.validation?.count).toBe(160);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
    expect(model.metadata.metrics.validation?.threshold).toBe(model.threshold);
    expect(model.metadata.featureNames).toContain('PageValues');
  });

  it('predicts probabilities for one session and a batch, and beats chance on held-out rows (a floor far below the goal)', async () => {
    const one = await expectNoLeak(() => model.predict(test.rows[0]!), 'predict');
    expect(one).toBeGreaterThanOrEqual(0);
    expect(one).toBeLessThanOrEqual(1);
    const batch = await expectNoLeak(() => model.predictBatch(test.rows), 'predictBatch');
    expect(batch).toBeInstanceOf(Float32Array);
    expect(batch[0]).toBeCloseTo(one, 5);
    const metrics = await expectNoLeak(() => model.evaluate(test.rows, test.labels), 'evaluate');
    expect(metrics.rocAuc).toBeGreaterThan(0.75);
    expect(metrics.count).toBe(400);
    expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'brier', 'confusion', 'count', 'f1', 'logLoss', 'mcc', 'positives', 'prAuc', 'precision', 'rocAuc', 'recall', 'threshold'].sort());
    const label = await model.classify(test.rows[0]!);
    expect(label.label).toBe(label.score >= model.threshold ? 'purchase' : 'no_purchase');
    await expectNoLeakOver(50, () => model.predict(test.rows[1]!), 'predict');
  });

  it('explains a prediction by UCI column; attributions add up to score − baseline', async () => {
    const row = { ...test.rows[2]!, PageValues: 60 };
    const explanation = await expectNoLeak(() => model.explain(row, { steps: 64 }), 'explain');
    expect(explanation.score).toBeCloseTo(await model.predict(row), 4);
    const total = explanation.attributions.reduce((s, a) => s + a.attribution, 0);
    expect(total).toBeCloseTo(explanation.score - explanation.baselineScore, 2);
    expect(explanation.attributions[0]?.feature).toBe('PageValues');
    expect(explanation.attributions[0]?.value).toBe(60);
    expect(new Set(explanation.attributions.map((a) => a.feature)).size).toBe(explanation.attributions.length);
  });

  it('ranks PageValues first by permutation importance', async () => {
    const importance = await expectNoLeak(() => model.permutationImportance(test.rows, test.labels, { repeats: 2 }), 'permutationImportance');
    expect(importance[0]?.feature).toBe('PageValues');
    expect(importance[0]?.importance).toBeGreaterThan(0.05);
    expect(importance).toHaveLength(17);
  });

  it('adapts to a shopper\'s outcomes in bounded steps and resets to the fitted weights', async () => {
    const row = { ...test.rows[3]!, PageValues: 0 };
    const shipped = await model.predict(row);
    const report = await expectNoLeak(() => model.adapt([row, row, row], [1, 1, 1], { steps: 20, learningRate: 0.005 }), 'adapt');
    expect(report.steps).toBe(20);
    expect(report.lossAfter).toBeLessThan(report.lossBefore);
    expect(await model.predict(row)).toBeGreaterThan(shipped);
    await expectNoLeak(() => model.reset(), 'reset');
    expect(await model.predict(row)).toBeCloseTo(shipped, 6);
    await expectCode(model.adapt([row], [1], { steps: 1000 }), 'INVALID_OPTION');
  });

  it('saves to IndexedDB with its metadata and loads back the same predictions', async () => {
    await expectNoLeak(() => model.save('indexeddb://intent-test', { provenance: { test: true } }), 'save');
    const loaded = await loadIntentModel('indexeddb://intent-test');
    try {
      expect(loaded.threshold).toBe(model.threshold);
      expect(loaded.metadata.provenance.test).toBe(true);
      expect(loaded.metadata.featureSchema).toEqual(model.metadata.featureSchema);
      const [a, b] = [await model.predictBatch(test.rows.slice(0, 20)), await loaded.predictBatch(test.rows.slice(0, 20))];
      expect([...b]).toEqual([...a]);
    } finally {
      loaded.dispose();
      await tf.io.removeModel('indexeddb://intent-test');
    }
    await expectCode(loadIntentModel('indexeddb://no-such-intent-model'), 'NOT_FOUND');
    await expectCode(model.save('https://example.com/x'), 'INVALID_OPTION');
  });

  it('writes hostable files whose metadata carries schema, threshold and metrics', async () => {
    const files = await expectNoLeak(() => model.toFiles({ provenance: { by: 'test' } }), 'toFiles');
    const meta = JSON.parse(files['metadata.json']);
    expect(meta).toMatchObject({ format: 'storefront-ml/purchase-intent', version: 1, threshold: model.threshold, provenance: { by: 'test' } });
    expect(meta.metrics.validation.rocAuc).toBeGreaterThan(0.5);
    expect(JSON.parse(files['model.json']).weightsManifest[0].paths).toEqual(['weights.bin']);
    const inputs = model.metadata.featureNames.length ?? 0;
    expect(inputs).toBe(meta.featureNames.length);
    expect(files['weights.bin'].byteLength).toBe(4 * (inputs * 16 + 16 + 16 * 16 + 16 + 16 + 1));
  });

  it('rejects bad input and options with clear errors', async () => {
    await expectCode(model.predictBatch('x' as never), 'INVALID_INPUT');
    await expectCode(model.evaluate(rows.slice(0, 3), [1, 0]), 'INVALID_INPUT');
    await expectCode(model.evaluate(rows.slice(0, 2), [1, 2]), 'INVALID_INPUT');
    await expectCode(() => trainIntentModel(rows, labels, { hidden: [0] }), 'INVALID_OPTION');
    await expectCode(() => trainIntentModel(rows, labels, { activation: 'gelu' as never }), 'INVALID_OPTION');
    await expectCode(() => trainIntentModel(rows, labels, { classWeight: 'weird' as never }), 'INVALID_OPTION');
    await expectCode(loadIntentModel('/models/does-not-exist/model.json'), 'MODEL_LOAD_FAILED');
  });

  it('stops training on abort with ABORTED, leaving no tensors and the other model alone', async () => {
    const before = await model.predict(test.rows[0]!);
    const controller = new AbortController();
    const tensors = tf.memory().numTensors;
    await expectCode(trainIntentModel(rows, labels, { epochs: 50, signal: controller.signal, onProgress: () => controller.abort() }), 'ABORTED');
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await model.predict(test.rows[0]!)).toBe(before);
  });

  it('dispose() is idempotent; methods afterwards throw DISPOSED', async () => {
    const m = await trainIntentModel(rows.slice(0, 200), labels.slice(0, 200), { hidden: [4], epochs: 1 });
    m.dispose();
    m.dispose();
    await expectCode(() => m.predict(rows[0]!), 'DISPOSED');
    await expectCode(() => m.metadata, 'DISPOSED');
    await expectCode(() => m.reset(), 'DISPOSED');
  });
});
