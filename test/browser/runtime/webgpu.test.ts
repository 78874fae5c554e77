import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';
import { wasmPaths } from '../../../src/runtime/wasm-vite.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { forceGpuKernels, restoreCpuForward } from '../../helpers/webgpu.ts';

// Chromium runs here with --enable-unsafe-webgpu: its only adapter is SwiftShader, a CPU-emulated GPU.
describe('runtime on WebGPU (software adapter)', () => {
  // The flag exists once tfjs-backend-webgpu is loaded, i.e. after the first test.
  afterAll(restoreCpuForward);

  it('starts WebGPU when asked explicitly, after the golden check', async () => {
    const info = await initRuntime({ backend: 'webgpu' });
    expect(info.backend).toBe('webgpu');
    expect(tf.getBackend()).toBe('webgpu');
    expect(info.attempts).toEqual([{ backend: 'webgpu', ok: true, ms: expect.any(Number) }]);
    expect(info.webgpu?.isFallbackAdapter).toBe(true);
    expect(info.wasm).toBeNull();
  });

  it('runs real GPU kernels that agree with the CPU reference', async () => {
    forceGpuKernels();
    const a = Array.from({ length: 24 }, (_, i) => Math.sin(i));
    const b = Array.from({ length: 12 }, (_, i) => Math.cos(i));
    const gpu = await expectNoLeak(async () => {
      const out = tf.tidy(() => tf.relu(tf.matMul(tf.tensor2d(a, [6, 4]), tf.tensor2d(b, [4, 3]))));
      const values = Array.from(await out.data());
      out.dispose();
      return values;
    });
    const reference: number[] = [];
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 4; k++) s += (a[i * 4 + k] as number) * (b[k * 3 + j] as number);
        reference.push(Math.max(0, s));
      }
    }
    gpu.forEach((v, i) => expect(v).toBeCloseTo(reference[i] as number, 4));
  });

  it('in auto mode declines the software adapter and falls back to WASM, saying why', async () => {
    const info = await initRuntime({ backend: 'auto', wasmPaths });
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.attempts[0]).toMatchObject({ backend: 'webgpu', ok: false });
    expect(info.attempts[0]?.reason).toMatch(/software fallback .* slower than WASM; pass allowFallbackAdapter: true/);
    expect(info.attempts[1]).toMatchObject({ backend: 'wasm', ok: true });
    expect(info.webgpu?.isFallbackAdapter).toBe(true);
  });

  it('in auto mode uses the software adapter when allowed', async () => {
    const info = await initRuntime({ backend: 'auto', wasmPaths, allowFallbackAdapter: true });
    expect(info.backend).toBe('webgpu');
    expect(info.attempts).toHaveLength(1);
  });
});
