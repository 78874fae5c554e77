import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';

describe('generated fixture models', () => {
  let mlp: tf.LayersModel;
  let cnn: tf.LayersModel;
  beforeAll(async () => {
    await useWasm();
    mlp = await tf.loadLayersModel('/test/fixtures/models/tiny-mlp/model.json');
    cnn = await tf.loadLayersModel('/test/fixtures/models/tiny-cnn/model.json');
  });
  afterAll(() => {
    mlp.dispose();
    cnn.dispose();
  });

  it('load in the browser and predict without leaking', async () => {
    expect(mlp.inputs[0]?.shape).toEqual([null, 6]);
    const p = await expectNoLeak(() => tf.tidy(() => (mlp.predict(tf.ones([2, 6])) as tf.Tensor).dataSync()));
    expect(p).toHaveLength(2);
    for (const v of p) expect(v).toBeGreaterThan(0), expect(v).toBeLessThan(1);
    const probs = tf.tidy(() => (cnn.predict(tf.zeros([1, 16, 16, 3])) as tf.Tensor).dataSync());
    expect(Array.from(probs).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(cnn.getLayer('embedding').outputShape).toEqual([null, 4]);
  });
});
