import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError } from '../core/errors.ts';
import { oneOf } from '../core/validate.ts';
import { BackendSkip, startCpu, startWasm, startWebGpu } from './backends.ts';
import {
  BACKEND_CHOICES,
  DEFAULT_WASM_PATH,
  WASM_BINARY_NAMES,
  WASM_FAILURE_CHOICES,
  type BackendAttempt,
  type BackendName,
  type RuntimeInfo,
  type RuntimeOptions,
  type WebGpuAdapterReport,
} from './types.ts';

interface Settled {
  key: string;
  info: RuntimeInfo;
}

let settled: Settled | undefined;
// Calls are serialised: the tfjs backend is page-global, so two set-ups must never interleave.
let queue: Promise<unknown> = Promise.resolve();

function normalise(options: RuntimeOptions): Required<Omit<RuntimeOptions, 'wasmPaths'>> & Pick<RuntimeOptions, 'wasmPaths'> {
  if (options === null || typeof options !== 'object') {
    throw new StorefrontError('INVALID_OPTION', `initRuntime: options must be an object; got ${String(options)}.`);
  }
  const backend = oneOf('backend', options.backend ?? 'auto', BACKEND_CHOICES);
  const onWasmFailure = oneOf('onWasmFailure', options.onWasmFailure ?? 'warn', WASM_FAILURE_CHOICES);
  const wasmPaths = options.wasmPaths ?? (isNode() ? undefined : DEFAULT_WASM_PATH);
  if (wasmPaths !== undefined) {
    const validMap = typeof wasmPaths === 'object' && wasmPaths !== null &&
      WASM_BINARY_NAMES.every((name) => typeof wasmPaths[name] === 'string');
    const validPrefix = typeof wasmPaths === 'string' && wasmPaths.endsWith('/');
    if (!validMap && !validPrefix) {
      throw new StorefrontError(
        'INVALID_OPTION',
        'Option wasmPaths must be a URL prefix ending in "/" or an object with a URL for each of ' +
          `${WASM_BINARY_NAMES.join(', ')}.`,
        { details: { option: 'wasmPaths', value: wasmPaths } },
      );
    }
  }
  return {
    backend,
    wasmPaths,
    wasmThreads: options.wasmThreads ?? false,
    allowFallbackAdapter: options.allowFallbackAdapter ?? false,
    onWasmFailure,
  };
}

/** In Node, tfjs-backend-wasm reads its binaries from its own folder: no URL default applies. */
function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof process?.versions?.node === 'string';
}

const warned = new Set<string>();

/**
 * WASM failed in `auto` mode. In a browser with WebAssembly that is a set-up mistake, not a limit of the device:
 * say so loudly (once per distinct reason) or, with onWasmFailure: 'throw', refuse to go on.
 */
function wasmFailedLoudly(options: ReturnType<typeof normalise>, reason: string, error: unknown, attempts: BackendAttempt[]): void {
  if (typeof WebAssembly !== 'object' || isNode()) return;
  const what = `WASM could not start although this browser supports WebAssembly: ${reason}`;
  if (options.onWasmFailure === 'throw') {
    throw new StorefrontError('BACKEND_UNAVAILABLE', `Backend "wasm" could not start in auto mode: ${reason}. ` +
      "Fix the set-up, or pass onWasmFailure: 'warn' to fall back to the CPU backend.", { cause: error, details: { attempts } });
  }
  if (warned.has(what)) return;
  warned.add(what);
  console.warn(`storefront-ml: ${what}. Falling back to the CPU backend, which is many times slower. ` +
    "Pass onWasmFailure: 'throw' to make this an error.");
}

async function setUp(options: ReturnType<typeof normalise>): Promise<RuntimeInfo> {
  const started = performance.now();
  const order: BackendName[] = options.backend === 'auto' ? ['webgpu', 'wasm', 'cpu'] : [options.backend];
  const attempts: BackendAttempt[] = [];
  let wasm: RuntimeInfo['wasm'] = null;
  let webgpu: WebGpuAdapterReport | null = null;
  for (const backend of order) {
    const t0 = performance.now();
    try {
      if (backend === 'webgpu') webgpu = await startWebGpu(options, options.backend === 'webgpu');
      else if (backend === 'wasm') wasm = await startWasm(options);
      else await startCpu();
      attempts.push({ backend, ok: true, ms: performance.now() - t0 });
      return {
        backend,
        requested: options.backend,
        attempts,
        wasm,
        webgpu,
        crossOriginIsolated: Boolean((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated),
        setupMs: performance.now() - started,
        tfjsVersion: tf.version_core,
      };
    } catch (error) {
      const reason = error instanceof BackendSkip ? error.message : `unexpected error: ${describeError(error)}`;
      if (error instanceof BackendSkip && error.adapter) webgpu = error.adapter;
      attempts.push({ backend, ok: false, reason, ms: performance.now() - t0 });
      if (options.backend === 'auto' && backend === 'wasm') wasmFailedLoudly(options, reason, error, attempts);
      if (options.backend !== 'auto') {
        throw new StorefrontError(
          'BACKEND_UNAVAILABLE',
          `Backend "${backend}" could not start: ${reason}. Use backend: 'auto' to fall back automatically.`,
          { cause: error, details: { attempts } },
        );
      }
    }
  }
  // The CPU backend ships inside @tensorflow/tfjs, so reaching this line means tfjs itself is broken.
  throw new StorefrontError('BACKEND_UNAVAILABLE', 'No TensorFlow.js backend could start, not even CPU. ' +
    'Check that @tensorflow/tfjs is installed once (two copies on a page break backends).', { details: { attempts } });
}

/**
 * Prepares TensorFlow.js: picks and starts a backend, checks it computes correctly, and reports what happened.
 *
 * Safe to call many times: a call with the same options as the last successful one returns its report without
 * doing anything; a call with other options switches backend. Calls never interleave.
 *
 * @example
 * const info = await initRuntime({ backend: 'auto', wasmPaths: '/tfjs-wasm/' });
 * info.backend;   // 'wasm'
 * info.attempts;  // [{ backend: 'webgpu', ok: false, reason: 'navigator.gpu is missing: …', ms: 0.1 },
 *                 //  { backend: 'wasm', ok: true, ms: 48.2 }]
 */
export function initRuntime(options: RuntimeOptions = {}): Promise<RuntimeInfo> {
  let normalised: ReturnType<typeof normalise>;
  try {
    normalised = normalise(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = JSON.stringify(normalised);
  const run = queue.then(async () => {
    if (settled && settled.key === key && tf.getBackend() === settled.info.backend) return settled.info;
    const info = await setUp(normalised);
    settled = { key, info };
    return info;
  });
  queue = run.catch(() => undefined);
  return run.then((info) => structuredClone(info));
}

/** The report of the last successful {@link initRuntime}, or undefined before one. */
export function getRuntimeInfo(): RuntimeInfo | undefined {
  return settled ? structuredClone(settled.info) : undefined;
}

/**
 * Makes sure a runtime is up: resolves at once after a successful {@link initRuntime}, else runs it with
 * default options. Every model of storefront-ml calls this before its first tensor.
 */
export async function ensureRuntime(): Promise<RuntimeInfo> {
  await queue;
  return settled ? structuredClone(settled.info) : initRuntime();
}
