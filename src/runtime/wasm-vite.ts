/**
 * WASM binary URLs for apps built with Vite. Vite copies each binary into the build and hands back its URL, so the
 * backend works offline with no extra set-up:
 *
 * ```ts
 * import { initRuntime } from 'storefront-ml';
 * import { wasmPaths } from 'storefront-ml/wasm-vite';
 * await initRuntime({ wasmPaths });
 * ```
 *
 * This module uses Vite's `?url` imports and only works under Vite. The Vite plugin (`storefront-ml/vite`) is the
 * simpler way: it serves the binaries at `/wasm/`, where `initRuntime()` looks by default. Other bundlers or plain
 * static hosting: copy the three files from `node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm` to `/wasm/`
 * (or another folder, passed as `wasmPaths: '/your/folder/'`); without a bundler see docs/no-bundler.md.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmFileMap } from './types.ts';

export const wasmPaths: WasmFileMap = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};
