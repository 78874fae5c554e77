import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';

describe('runtime on WASM, binaries self-hosted by the shop', () => {
  it('loads the binaries from a plain static folder given as a URL prefix', async () => {
    // /static/tfjs-wasm/ is served like any static file server would (see tools/harness/plugins.mjs), no bundler.
    const fetched: string[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) fetched.push(entry.name);
    });
    observer.observe({ type: 'resource', buffered: true });
    const info = await initRuntime({ backend: 'wasm', wasmPaths: '/static/tfjs-wasm/' });
    // Entries not yet handed to the callback (it runs later, under load after this line) are taken here.
    for (const entry of observer.takeRecords()) fetched.push(entry.name);
    observer.disconnect();
    expect(info.backend).toBe('wasm');
    expect(info.wasm?.simd).toBe(true);
    expect(fetched.some((url) => url.endsWith('/static/tfjs-wasm/tfjs-backend-wasm-simd.wasm'))).toBe(true);
    const sum = tf.tidy(() => tf.sum(tf.range(0, 100)).dataSync()[0]);
    expect(sum).toBe(4950);
  });
});
