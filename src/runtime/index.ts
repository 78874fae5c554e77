/** The TensorFlow.js runtime (backend choice, WASM files): the public surface of src/runtime (`storefront-ml/runtime`). */
export { initRuntime, getRuntimeInfo, ensureRuntime } from './runtime.ts';
export type {
  BackendAttempt,
  BackendChoice,
  BackendName,
  RuntimeInfo,
  RuntimeOptions,
  WasmBinaryName,
  WasmFileMap,
  WebGpuAdapterReport,
} from './types.ts';
