import { wasmPaths } from '../../src/runtime/wasm-vite.ts';
import { initRuntime } from '../../src/runtime/index.ts';
import type { RuntimeInfo } from '../../src/runtime/types.ts';

/** Starts the WASM backend the way a Vite app would. Browser-tier tests that need a fast backend call this first. */
export function useWasm(): Promise<RuntimeInfo> {
  return initRuntime({ backend: 'wasm', wasmPaths });
}
