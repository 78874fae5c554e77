import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainAssistant } from '../../../src/assistant/index.ts';
import { SHOP_FAQ } from '../../../src/assistant/shop-faq.ts';
import { getRuntimeInfo } from '../../../src/runtime/index.ts';

// This file's page never calls initRuntime(): training must still start the runtime, so the assistant's tensors
// live on the backend storefront-ml chose rather than on whatever tfjs would pick by itself.
describe('an assistant on a page that never called initRuntime()', () => {
  it('gets the runtime storefront-ml chooses', async () => {
    expect(getRuntimeInfo()).toBeUndefined();
    const assistant = await trainAssistant(SHOP_FAQ, { seed: 1, epochs: 2, features: { dim: 1024 } });
    const info = getRuntimeInfo();
    expect(info?.backend).toBe(tf.getBackend());
    assistant.dispose();
  });
});
