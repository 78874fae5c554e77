/** A TensorFlow.js backend storefront-ml can run on. */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';

/** What {@link RuntimeOptions.backend} accepts: a backend, or `auto` to probe WebGPU, then WASM, then CPU. */
export type BackendChoice = 'auto' | BackendName;

export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'cpu'];

/** The three binaries of `@tensorflow/tfjs-backend-wasm`, by file name. */
export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm'
  | 'tfjs-backend-wasm-simd.wasm'
  | 'tfjs-backend-wasm-threaded-simd.wasm';

/** Full URLs of the three WASM binaries, by file name. */
export type WasmFileMap = Record<WasmBinaryName, string>;

/** What {@link RuntimeOptions.onWasmFailure} accepts. */
export const WASM_FAILURE_CHOICES: readonly NonNullable<RuntimeOptions['onWasmFailure']>[] = ['warn', 'throw'];

/** Where the WASM binaries are fetched in a browser when no `wasmPaths` is given (the contract's layout). */
export const DEFAULT_WASM_PATH = '/wasm/';

export const WASM_BINARY_NAMES: readonly WasmBinaryName[] = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

export interface RuntimeOptions {
  /**
   * Which backend to run. `auto` probes WebGPU (a hardware adapter that passes a golden computation), then WASM,
   * then CPU, and reports what it tried. A named backend that cannot start throws BACKEND_UNAVAILABLE.
   * @default 'auto'
   */
  backend?: BackendChoice;
  /**
   * Where the WASM binaries are served: a URL prefix ending in `/` (a folder holding the three files from
   * `@tensorflow/tfjs-backend-wasm/dist/`), or a map from each file name to its URL. In a browser the default is
   * `/wasm/`, where the Vite plugin (`storefront-ml/vite`) serves them and docs/no-bundler.md copies them; in Node
   * tfjs reads them from its own folder.
   * @default '/wasm/' in a browser or worker, none in Node
   */
  wasmPaths?: string | WasmFileMap;
  /**
   * What `auto` does when WASM fails in a browser that has WebAssembly (so the cause is the set-up: the backend module
   * did not load, the binaries are missing or served as HTML, a Content-Security-Policy forbids them). `'warn'`
   * falls back to CPU, which is correct but many times slower, and says why with `console.warn` and in the WASM
   * attempt's `reason`; `'throw'` rejects with BACKEND_UNAVAILABLE instead (for CI and tests). A browser without
   * WebAssembly falls back to CPU quietly either way.
   * @default 'warn'
   */
  onWasmFailure?: 'warn' | 'throw';
  /**
   * Use the multi-threaded WASM binary when the page is cross-origin isolated (COOP/COEP headers). Off by
   * default: on small machines threads were measured slower than SIMD alone.
   * @default false
   */
  wasmThreads?: boolean;
  /**
   * In `auto` mode, accept a software ("fallback") WebGPU adapter such as SwiftShader. Such adapters emulate the
   * GPU on the CPU and run models far slower than WASM, so `auto` skips them unless this is set.
   * An explicit `backend: 'webgpu'` always accepts them.
   * @default false
   */
  allowFallbackAdapter?: boolean;
}

/** One backend `initRuntime` tried, in order. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  /** Why it was skipped or failed; absent when it started. */
  reason?: string;
  /** Time spent on this attempt, in milliseconds. */
  ms: number;
}

export interface WebGpuAdapterReport {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
}

/** What the runtime is running on and how it got there. Plain data: safe to log or send to your own telemetry. */
export interface RuntimeInfo {
  /** The backend TensorFlow.js now runs on. */
  backend: BackendName;
  /** What was asked for. */
  requested: BackendChoice;
  /** Every backend tried, in order, with why it was skipped or failed. */
  attempts: BackendAttempt[];
  /** WASM capabilities, when the WASM backend was started. */
  wasm: { simd: boolean; threads: boolean } | null;
  /** The WebGPU adapter seen, when one was found. */
  webgpu: WebGpuAdapterReport | null;
  /** Whether the page is cross-origin isolated (needed for WASM threads). */
  crossOriginIsolated: boolean;
  /** Wall time of the whole set-up, in milliseconds. */
  setupMs: number;
  /** The version of @tensorflow/tfjs-core in use. */
  tfjsVersion: string;
}
