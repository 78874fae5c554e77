import * as tf from '@tensorflow/tfjs';
import { describeError } from '../core/errors.ts';
import { checkGolden } from './golden.ts';
import type { RuntimeOptions, WasmBinaryName, WebGpuAdapterReport } from './types.ts';

/** Thrown by a backend starter to say why it did not start; becomes an attempt's `reason`. */
export class BackendSkip extends Error {
  constructor(message: string, readonly adapter?: WebGpuAdapterReport) {
    super(message);
  }
}

interface GpuAdapterLike {
  info?: Partial<WebGpuAdapterReport>;
  isFallbackAdapter?: boolean;
}

export async function startWebGpu(options: RuntimeOptions, explicit: boolean): Promise<WebGpuAdapterReport> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) throw new BackendSkip('navigator.gpu is missing: this browser has no WebGPU or it is disabled');
  let adapter: GpuAdapterLike | null;
  try {
    adapter = (await gpu.requestAdapter({ powerPreference: 'high-performance' })) as unknown as GpuAdapterLike | null;
  } catch (error) {
    throw new BackendSkip(`requestAdapter() failed: ${describeError(error)}`);
  }
  if (!adapter) throw new BackendSkip('requestAdapter() returned null: no usable GPU adapter');
  const info = adapter.info ?? {};
  const report: WebGpuAdapterReport = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    isFallbackAdapter: Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter),
  };
  if (report.isFallbackAdapter && !explicit && !options.allowFallbackAdapter) {
    throw new BackendSkip(
      `the only adapter is a software fallback (${report.vendor || 'unknown vendor'} ${report.architecture}) that ` +
        'emulates the GPU on the CPU and is slower than WASM; pass allowFallbackAdapter: true to use it',
      report,
    );
  }
  // tfjs-backend-webgpu registers itself on import, only where navigator.gpu exists; import it lazily so that
  // importing storefront-ml stays free of side effects (SSR, workers without WebGPU).
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) {
    throw new BackendSkip('tfjs could not create a WebGPU device (see the console for tfjs\'s warning)', report);
  }
  // Small tensors are forwarded to CPU kernels by default; switch that off so the golden check runs GPU shaders.
  const forward = tf.env().getBool('WEBGPU_CPU_FORWARD');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  try {
    const mismatch = await checkGolden();
    if (mismatch) throw new BackendSkip(`WebGPU started but computed wrong values (${mismatch})`, report);
  } finally {
    tf.env().set('WEBGPU_CPU_FORWARD', forward);
  }
  return report;
}

/** The URL tfjs will fetch for the WASM binary, when we can know it. */
function wasmUrl(paths: RuntimeOptions['wasmPaths'], simd: boolean, threads: boolean): string | null {
  const name: WasmBinaryName = threads && simd
    ? 'tfjs-backend-wasm-threaded-simd.wasm'
    : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  if (paths === undefined) return null;
  return typeof paths === 'string' ? paths + name : paths[name];
}

const SERVE_WASM = 'serve the three files of node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm there ' +
  "(Vite: plugins: [storefrontMl()] from 'storefront-ml/vite'; no bundler: docs/no-bundler.md) or pass wasmPaths";

/** After a failed start, find out why: a 404, an HTML page served instead of WebAssembly, or something else. */
async function diagnoseWasm(url: string | null): Promise<string> {
  if (url === null) {
    return 'no wasmPaths was given, so tfjs looked for its binaries next to its own script; pass wasmPaths';
  }
  try {
    const response = await fetch(url);
    if (!response.ok) return `fetching ${url} answered HTTP ${response.status}; ${SERVE_WASM}`;
    const head = new Uint8Array((await response.arrayBuffer()).slice(0, 4));
    const isWasm = head[0] === 0x00 && head[1] === 0x61 && head[2] === 0x73 && head[3] === 0x6d;
    if (!isWasm) {
      const type = response.headers.get('content-type') ?? 'unknown';
      return `${url} is not WebAssembly (content-type ${type}); the server probably answered with an HTML page: ${SERVE_WASM}`;
    }
    return `${url} is valid WebAssembly but tfjs failed to instantiate it (a Content-Security-Policy without ` +
      "'wasm-unsafe-eval' does this; see the console for tfjs's warning)";
  } catch (error) {
    return `fetching ${url} failed: ${describeError(error)}`;
  }
}

/**
 * Imports the WASM backend's module. When that fails it is a module-resolution problem of the page (a bare specifier
 * no import map names, a chunk that 404s, a Node built-in without a shim), and the reason says which and what to do.
 */
async function importWasmBackend(): Promise<typeof import('@tensorflow/tfjs-backend-wasm')> {
  try {
    return await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new BackendSkip(`the module @tensorflow/tfjs-backend-wasm did not load (${describeError(error)}); ` +
      'with a bundler, install @tensorflow/tfjs-backend-wasm beside storefront-ml; without one, import storefront-ml ' +
      'from its browser build, which carries TensorFlow.js and needs no other import map entry (docs/no-bundler.md), ' +
      'and serve all of its files');
  }
}

export async function startWasm(options: RuntimeOptions): Promise<{ simd: boolean; threads: boolean }> {
  if (typeof WebAssembly !== 'object') {
    throw new BackendSkip('this browser has no WebAssembly (switched off, as iOS Lockdown Mode does)');
  }
  const wasm = await importWasmBackend();
  const alreadyUp = tf.findBackend('wasm') !== null;
  if (!alreadyUp) {
    try {
      if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
    } catch (error) {
      // tfjs refuses new paths after a failed start: the page keeps its broken WASM module until reloaded.
      throw new BackendSkip(`WASM failed to start earlier in this page and cannot be retried before a reload (fix the cause reported then): ${describeError(error)}`);
    }
    if (!options.wasmThreads) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = simd && Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  if (!(await tf.setBackend('wasm'))) {
    throw new BackendSkip(`WASM did not start: ${await diagnoseWasm(wasmUrl(options.wasmPaths, simd, threads))}`);
  }
  const mismatch = await checkGolden();
  if (mismatch) throw new BackendSkip(`WASM started but computed wrong values (${mismatch})`);
  return { simd, threads };
}

export async function startCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new BackendSkip('the tfjs CPU backend did not start');
}
