import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random.ts';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import { TF_THRESHOLD, VectorScorer } from '../../../src/vision/vector-scorer.ts';
import { topKIndices } from '../../../src/core/top-k.ts';
import { VectorStore, l2Normalize } from '../../../src/vision/vectors.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { restoreCpuForward, useWebGpu } from '../../helpers/webgpu.ts';
import { MODELS, photo } from './models.ts';

// Chromium's only WebGPU adapter here is SwiftShader (CPU-emulated): a correctness check, never a speed figure.
describe('MobileNet on WebGPU (software adapter)', () => {
  afterAll(restoreCpuForward);

  it('classifies and embeds a product photo as on WASM (fused layers and graph models), without leaks', async () => {
    const list = (await (await fetch('/@data/fashion_product_images_224/jeans/?list')).json()) as string[];
    const jeans = await photo(`jeans/${list[0]}`);
    const models = [MODELS.v1_025, MODELS.v1_025_graph];

    await useWasm();
    const expected = [];
    for (const m of models) {
      const model = await loadImageModel(m.url, { metadata: m.metadata });
      expected.push({ labels: (await model.classify(jeans, { topK: 3 })).map((c) => c.label), embedding: await model.embed(jeans) });
      model.dispose();
    }

    const info = await useWebGpu();
    expect(info.backend).toBe('webgpu');
    for (const [i, m] of models.entries()) {
      const model = await loadImageModel(m.url, { metadata: m.metadata });
      try {
        const labels = (await expectNoLeak(() => model.classify(jeans, { topK: 3 }), 'classify')).map((c) => c.label);
        expect(labels[0]).toBe(expected[i]!.labels[0]);
        const embedding = await expectNoLeak(() => model.embed(jeans), 'embed');
        let cosine = 0;
        for (let k = 0; k < embedding.length; k++) cosine += (embedding[k] as number) * (expected[i]!.embedding[k] as number);
        expect(cosine).toBeGreaterThan(0.999);
        const batch = await expectNoLeak(() => model.embedBatch([jeans, jeans]), 'embedBatch');
        expect(batch).toHaveLength(2);
      } finally {
        model.dispose();
      }
    }
  });

  it('searches exactly with the TF.js matrix product and reads it back asynchronously (a sync read breaks the device)', async () => {
    const info = await useWebGpu();
    expect(info.backend).toBe('webgpu');
    const dim = 256;
    const rows = Math.ceil(TF_THRESHOLD / dim) + 100; // above the threshold: the TF.js path
    const random = seededRandom(7);
    const next = () => random() - 0.5;
    const store = new VectorStore(dim, rows);
    for (let r = 0; r < rows; r++) store.set(`p${r}`, l2Normalize(Float32Array.from({ length: dim }, next)));
    const scorer = new VectorScorer(store);
    try {
      await scorer.topK(store.row(0).slice(), 5, { exact: true }); // uploads the matrix it keeps until dispose()
      for (const q of [0, 123, rows - 1]) {
        const query = store.row(q).slice();
        const hits = await expectNoLeak(() => scorer.topK(query, 5, { exact: true }), 'exact topK');
        const truth = topKIndices(store.scores(query), 5, { count: store.size });
        expect(hits.map((h) => h.row)).toEqual(truth);
        expect(hits[0]?.row).toBe(q);
      }
      // The device still works afterwards.
      const check = tf.matMul(tf.ones([8, 8]), tf.ones([8, 8]));
      expect((await check.data())[0]).toBe(8);
      check.dispose();
    } finally {
      scorer.dispose();
    }
  });
});
