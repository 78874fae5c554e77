import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getRuntimeInfo, initRuntime } from '../../../src/runtime/index.ts';
import { wasmPaths } from '../../../src/runtime/wasm-vite.ts';
import { expectNoLeak } from '../../helpers/leak.ts';

describe('runtime on WASM, binaries bundled by Vite', () => {
  it('starts WASM with SIMD and reports how', async () => {
    expect(getRuntimeInfo()).toBeUndefined();
    const info = await initRuntime({ backend: 'wasm', wasmPaths });
    expect(tf.getBackend()).toBe('wasm');
    expect(info.backend).toBe('wasm');
    expect(info.requested).toBe('wasm');
    expect(info.attempts).toEqual([{ backend: 'wasm', ok: true, ms: expect.any(Number) }]);
    expect(info.wasm).toEqual({ simd: true, threads: false });
    expect(info.webgpu).toBeNull();
    expect(info.setupMs).toBeGreaterThan(0);
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(getRuntimeInfo()).toEqual(info);
  });

  it('computes correctly on WASM', async () => {
    const out = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])));
    expect(Array.from(await out.data())).toEqual([19, 22, 43, 50]);
    out.dispose();
  });

  it('is safe to call again, also concurrently, without redoing the set-up', async () => {
    const first = getRuntimeInfo();
    const [a, b] = await Promise.all([
      initRuntime({ backend: 'wasm', wasmPaths }),
      initRuntime({ backend: 'wasm', wasmPaths }),
    ]);
    expect(a).toEqual(first);
    expect(b).toEqual(first);
    // Reports are copies: mutating one cannot corrupt the runtime's state.
    a.attempts.length = 0;
    expect(getRuntimeInfo()?.attempts).toHaveLength(1);
  });

  it('leaves no tensors behind', async () => {
    await expectNoLeak(() => initRuntime({ backend: 'wasm', wasmPaths }));
  });

  it('has a leak checker that catches leaks', async () => {
    let kept: tf.Tensor | undefined;
    await expect(expectNoLeak(() => { kept = tf.ones([3]); }, 'leaky')).rejects.toThrow(
      'leaky leaked 1 tensor(s)',
    );
    kept?.dispose();
    await expectNoLeak(() => tf.tidy(() => tf.ones([3]).sum().dataSync()));
  });

  it('switches to CPU when asked, and back', async () => {
    const cpu = await initRuntime({ backend: 'cpu' });
    expect(cpu.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const again = await initRuntime({ backend: 'wasm', wasmPaths });
    expect(again.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});
