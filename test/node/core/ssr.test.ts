import { describe, expect, it } from 'vitest';

describe('importing storefront-ml on a server', () => {
  it('does not need or create window/document and does not start a backend', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const lib = await import('../../../src/index.ts');
    expect(typeof lib.initRuntime).toBe('function');
    expect(lib.getRuntimeInfo()).toBeUndefined();
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });

  it('rejects bad runtime options with INVALID_OPTION before touching tfjs', async () => {
    const { initRuntime, isStorefrontError } = await import('../../../src/index.ts');
    await expect(initRuntime({ backend: 'webgl2' as never })).rejects.toThrow(
      'Unsupported backend "webgl2". Expected one of: auto, webgpu, wasm, cpu.',
    );
    await expect(initRuntime({ wasmPaths: '/no-trailing-slash' })).rejects.toSatisfy((e) =>
      isStorefrontError(e, 'INVALID_OPTION'));
    await expect(initRuntime({ wasmPaths: { 'tfjs-backend-wasm.wasm': '/a.wasm' } as never })).rejects.toThrow(
      /tfjs-backend-wasm-simd\.wasm/,
    );
  });
});
