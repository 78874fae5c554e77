import * as tf from '@tensorflow/tfjs';
import { initRuntime } from '../../src/runtime/index.ts';
import type { RuntimeInfo } from '../../src/runtime/types.ts';

let saved: boolean | undefined;

/**
 * Makes tfjs-webgpu run GPU kernels even for tensors under 1,000 elements (by default it silently forwards them to
 * CPU kernels). Undo with {@link restoreCpuForward} in afterAll.
 */
export function forceGpuKernels(): void {
  saved ??= tf.env().getBool('WEBGPU_CPU_FORWARD');
  tf.env().set('WEBGPU_CPU_FORWARD', false);
}

/** Restores WEBGPU_CPU_FORWARD as it was before {@link forceGpuKernels}. */
export function restoreCpuForward(): void {
  if (saved === undefined) return;
  tf.env().set('WEBGPU_CPU_FORWARD', saved);
  saved = undefined;
}

/** Starts WebGPU on Chromium's software adapter (the only one here) with GPU kernels forced. */
export async function useWebGpu(): Promise<RuntimeInfo> {
  const info = await initRuntime({ backend: 'webgpu', allowFallbackAdapter: true });
  forceGpuKernels();
  return info;
}
