/**
 * TensorFlow.js in Node through the library's own runtime (the same initRuntime the browser calls), on the WASM
 * backend. In Node, `@tensorflow/tfjs-backend-wasm` resolves to its CommonJS build, whose Emscripten loader reads
 * the .wasm binary from its own folder with fs (`__dirname`), so no wasmPaths is needed; the SIMD binary is used
 * (Node 20 has WASM SIMD), threads are off as in the browser's default.
 */
import { initRuntime, type RuntimeInfo } from '../runtime/index.ts';
import type { OptionSpec } from './command.ts';

export type CliBackend = 'wasm' | 'cpu';
export const CLI_BACKENDS: readonly CliBackend[] = ['wasm', 'cpu'];

/** The `--backend` option every training and evaluation command takes. */
export const BACKEND_OPTION: OptionSpec = { name: 'backend', type: 'string', valueName: '<name>', default: 'wasm', choices: CLI_BACKENDS, description: 'TensorFlow.js backend in Node.' };

/** Starts `backend` (default wasm) and returns the runtime's report. */
export async function startNodeRuntime(backend: CliBackend = 'wasm'): Promise<RuntimeInfo> {
  return initRuntime({ backend });
}

/** One line for summaries: `wasm (SIMD, 1 thread), tfjs 4.22.0`. */
export function describeRuntime(info: RuntimeInfo): string {
  const wasm = info.wasm ? ` (${info.wasm.simd ? 'SIMD' : 'no SIMD'}${info.wasm.threads ? ', threads' : ', 1 thread'})` : '';
  return `${info.backend}${wasm}, tfjs ${info.tfjsVersion}`;
}
