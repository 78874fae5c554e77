import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { initRuntime } from '../../../src/runtime/index.ts';

describe('runtime when the WASM binaries are not served', () => {
  it('rejects an explicit wasm request with BACKEND_UNAVAILABLE and says why', async () => {
    // The classic mistake: the server answers the .wasm URL with the shop's HTML page.
    const error = await initRuntime({ backend: 'wasm', wasmPaths: '/static/html-not-wasm/' }).catch((e: unknown) => e);
    expect(isStorefrontError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^Backend "wasm" could not start: WASM did not start: /);
    expect(message).toContain('/static/html-not-wasm/tfjs-backend-wasm-simd.wasm is not WebAssembly (content-type text/html)');
    expect(message).toContain("Use backend: 'auto' to fall back automatically.");
    expect((error as { details: { attempts: unknown[] } }).details.attempts).toHaveLength(1);
  });

  it('falls back to CPU in auto mode and reports each reason', async () => {
    const info = await initRuntime({ backend: 'auto', wasmPaths: '/static/html-not-wasm/' });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.attempts.map((a) => [a.backend, a.ok])).toEqual([['webgpu', false], ['wasm', false], ['cpu', true]]);
    // This browser has only the software WebGPU adapter, which auto mode declines.
    expect(info.attempts[0]?.reason).toMatch(/software fallback/);
    expect(info.attempts[1]?.reason).toMatch(/failed to start earlier in this page/);
  });
});
