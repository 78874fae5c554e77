import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initRuntime } from '../../../src/runtime/index.ts';

describe('auto mode when WASM fails in a browser that has WebAssembly', () => {
  afterEach(() => vi.restoreAllMocks());

  it('looks in /wasm/ by default and, when nothing is served there, warns once naming the URL and the fix', async () => {
    const warn = vi.spyOn(console, 'warn');
    // This project's test server serves nothing at /wasm/ (a shop that forgot to copy the binaries); the main browser
    // project serves it for the README's quick starts, so this file runs in the no-WebGPU project, which does not.
    const info = await initRuntime();
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const reason = info.attempts.find((a) => a.backend === 'wasm')?.reason ?? '';
    expect(reason).toMatch(/\/wasm\/tfjs-backend-wasm-simd\.wasm (answered HTTP 404|is not WebAssembly)/);
    expect(reason).toContain("plugins: [storefrontMl()] from 'storefront-ml/vite'");
    const ours = warn.mock.calls.map((args) => String(args[0])).filter((m) => m.startsWith('storefront-ml:'));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toContain(`WASM could not start although this browser supports WebAssembly: ${reason}.`);
    expect(ours[0]).toContain('Falling back to the CPU backend');

    // Later calls meet tfjs's broken WASM module: one more warning saying so, then no repeat of the same one.
    await initRuntime({ wasmThreads: true });
    await initRuntime({ wasmThreads: true, allowFallbackAdapter: false, wasmPaths: '/elsewhere/' });
    const after = warn.mock.calls.map((args) => String(args[0])).filter((m) => m.startsWith('storefront-ml:'));
    expect(after).toHaveLength(2);
    expect(after[1]).toMatch(/WASM failed to start earlier in this page and cannot be retried/);
  });
});
