// Runs inside a dedicated module Worker: no window, no document.
import * as tf from '@tensorflow/tfjs';
import { initRuntime } from '../../../src/index.ts';
import { wasmPaths } from '../../../src/runtime/wasm-vite.ts';

self.onmessage = async () => {
  try {
    const info = await initRuntime({ backend: 'auto', wasmPaths });
    const sum = tf.tidy(() => tf.sum(tf.range(1, 11)).dataSync()[0]);
    self.postMessage({ ok: true, info, sum, hasDocument: typeof (self as { document?: unknown }).document !== 'undefined' });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error) });
  }
};
