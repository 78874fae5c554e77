import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { initRuntime } from '../../../src/runtime/index.ts';

describe("auto mode with onWasmFailure: 'throw'", () => {
  it('rejects with BACKEND_UNAVAILABLE and the reason instead of ending on CPU', async () => {
    const error = await initRuntime({ wasmPaths: '/static/html-not-wasm/', onWasmFailure: 'throw' }).catch((e: unknown) => e);
    expect(isStorefrontError(error, 'BACKEND_UNAVAILABLE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^Backend "wasm" could not start in auto mode: WASM did not start: /);
    expect(message).toContain('/static/html-not-wasm/tfjs-backend-wasm-simd.wasm is not WebAssembly (content-type text/html)');
    expect(message).toContain("pass onWasmFailure: 'warn' to fall back to the CPU backend.");
    const attempts = (error as { details: { attempts: { backend: string; ok: boolean }[] } }).details.attempts;
    expect(attempts.map((a) => [a.backend, a.ok])).toEqual([['webgpu', false], ['wasm', false]]);
  });

  it('refuses an unknown onWasmFailure with INVALID_OPTION', async () => {
    await expect(initRuntime({ onWasmFailure: 'ignore' as never })).rejects.toSatisfy((e) => isStorefrontError(e, 'INVALID_OPTION'));
  });
});
