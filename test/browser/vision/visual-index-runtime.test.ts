import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getRuntimeInfo } from '../../../src/runtime/index.ts';
import { openVisualIndex } from '../../../src/vision/index.ts';

// This file's page never calls initRuntime(): opening the index must start the runtime before search builds tensors.
describe('a visual index on a page that never called initRuntime()', () => {
  it('gets the runtime storefront-ml chooses', async () => {
    expect(getRuntimeInfo()).toBeUndefined();
    const index = await openVisualIndex({ name: 'runtime-test', embeddingSize: 4 });
    expect(getRuntimeInfo()?.backend).toBe(tf.getBackend());
    await index.put({ productId: 'p1', embedding: Float32Array.from([1, 0, 0, 0]) });
    expect((await index.search(Float32Array.from([1, 0, 0, 0])))[0]?.productId).toBe('p1');
    await index.clear();
    index.close();
  });
});
