import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { initRuntime } from '../../../src/runtime/index.ts';
import { wasmPaths } from '../../../src/runtime/wasm-vite.ts';

// This file runs in a Chromium started without --enable-unsafe-webgpu, like most machines without a usable GPU.
describe('runtime without WebGPU', () => {
  it('rejects an explicit webgpu request with BACKEND_UNAVAILABLE', async () => {
    const error = await initRuntime({ backend: 'webgpu' }).catch((e: unknown) => e);
    expect(isStorefrontError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(/^Backend "webgpu" could not start: requestAdapter\(\) returned null/);
  });

  it('falls back to WASM in auto mode and says why WebGPU was skipped', async () => {
    const info = await initRuntime({ wasmPaths });
    expect(info.requested).toBe('auto');
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.attempts).toEqual([
      { backend: 'webgpu', ok: false, reason: 'requestAdapter() returned null: no usable GPU adapter', ms: expect.any(Number) },
      { backend: 'wasm', ok: true, ms: expect.any(Number) },
    ]);
    expect(info.webgpu).toBeNull();
  });

  it('falls back too in a browser with no navigator.gpu at all', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(Navigator.prototype, 'gpu');
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
    try {
      const info = await initRuntime({ wasmPaths, wasmThreads: false, allowFallbackAdapter: true });
      expect(info.backend).toBe('wasm');
      expect(info.attempts[0]?.reason).toMatch(/^navigator\.gpu is missing/);
    } finally {
      if (descriptor) Object.defineProperty(Navigator.prototype, 'gpu', descriptor);
    }
  });
});
