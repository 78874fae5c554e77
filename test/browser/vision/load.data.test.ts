import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import type { ImageModel } from '../../../src/vision/image-model.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS, photo } from './models.ts';

describe('loadImageModel on the shared MobileNets', () => {
  const loaded: ImageModel[] = [];
  beforeAll(async () => {
    await useWasm();
  });
  afterAll(() => {
    for (const m of loaded) m.dispose();
  });

  it('loads the α0.25 layers model fused, and it agrees with the plain Keras model', async () => {
    const before = tf.memory().numTensors;
    const fused = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata });
    const plain = await loadImageModel(MODELS.v1_025.url, { metadata: MODELS.v1_025.metadata, fuse: false });
    loaded.push(fused, plain);
    expect(fused.fused).toBe(true);
    expect(plain.fused).toBe(false);
    expect(fused.embeddingSize).toBe(256);
    const jeans = await photo('jeans/' + (await (await fetch('/@data/fashion_product_images_224/jeans/?list')).json())[0]);
    const [a, b] = [await fused.embed(jeans), await plain.embed(jeans)];
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs((a[i] as number) - (b[i] as number)));
    expect(maxDiff).toBeLessThan(1e-4);
    const [ca, cb] = [await fused.classify(jeans, { topK: 3 }), await plain.classify(jeans, { topK: 3 })];
    expect(ca.map((c) => c.label)).toEqual(cb.map((c) => c.label));
    expect(Math.abs((ca[0]?.score ?? 0) - (cb[0]?.score ?? 1))).toBeLessThan(1e-4);
    expect(ca[0]?.label).toMatch(/jean/);
    fused.dispose();
    plain.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loads the TF-Hub graph model with [0, 1] input and drops the background class', async () => {
    const model = await loadImageModel(MODELS.v1_025_graph.url, { metadata: MODELS.v1_025_graph.metadata });
    loaded.push(model);
    expect(model.labels).toHaveLength(1000);
    const jeans = await photo('jeans/10026.jpg').catch(async () => photo('jeans/' + (await (await fetch('/@data/fashion_product_images_224/jeans/?list')).json())[0]));
    const top = await expectNoLeak(() => model.classify(jeans));
    expect(top[0]?.label).toMatch(/jean/);
    expect((await model.embed(jeans)).length).toBe(256);
  });

  it('loads the α0.75 layers model and the uint8 MobileNetV2 backbone (embedding only)', async () => {
    const v075 = await loadImageModel(MODELS.v1_075.url, { metadata: MODELS.v1_075.metadata });
    const v2 = await loadImageModel(MODELS.v2_backbone.url, { metadata: MODELS.v2_backbone.metadata });
    loaded.push(v075, v2);
    expect(v075.embeddingSize).toBe(768);
    expect(v2.embeddingSize).toBe(1280);
    expect(v2.fused).toBe(true);
    expect(v2.labels).toBeNull();
    const img = await photo('backpacks/10774.jpg');
    expect((await v075.classify(img))[0]?.label).toMatch(/backpack/);
    const e = await v2.embed(img);
    expect(Math.hypot(...e)).toBeCloseTo(1, 4);
    const error = await v2.classify(img).catch((x: unknown) => x);
    expect(isStorefrontError(error, 'NOT_FOUND')).toBe(true);
  });

  it('the fused MobileNetV2 backbone agrees with the plain Keras model (padding, residual adds, uint8 weights)', async () => {
    const fused = await loadImageModel(MODELS.v2_backbone.url, { metadata: MODELS.v2_backbone.metadata });
    const plain = await loadImageModel(MODELS.v2_backbone.url, { metadata: MODELS.v2_backbone.metadata, fuse: false });
    loaded.push(fused, plain);
    const img = await photo('watches/' + (await (await fetch('/@data/fashion_product_images_224/watches/?list')).json())[0]);
    const [a, b] = [await fused.embed(img), await plain.embed(img)];
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
    expect(dot).toBeGreaterThan(0.9999);
  });
});
