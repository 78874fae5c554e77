import { initRuntime, type RuntimeInfo } from '../src/index.ts';
import { wasmPaths } from '../src/runtime/wasm-vite.ts';

/** Builds an element with text content only: catalogue and report text never becomes HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className) node.className = className;
  return node;
}

function showRuntime(info: RuntimeInfo): void {
  const status = document.getElementById('runtime-status');
  if (status) status.textContent = `Running on ${info.backend.toUpperCase()} (asked for ${info.requested}), ready in ${info.setupMs.toFixed(0)} ms.`;
  const body = document.querySelector('#runtime-attempts tbody');
  for (const attempt of info.attempts) {
    const row = document.createElement('tr');
    row.append(
      el('td', attempt.backend),
      el('td', attempt.ok ? 'started' : `skipped: ${attempt.reason ?? ''}`, attempt.ok ? 'ok' : 'skipped'),
      el('td', attempt.ms.toFixed(1)),
    );
    body?.append(row);
  }
  const facts = document.getElementById('runtime-facts');
  const add = (term: string, value: string) => facts?.append(el('dt', term), el('dd', value));
  add('TensorFlow.js', info.tfjsVersion);
  if (info.wasm) add('WASM', `SIMD ${info.wasm.simd ? 'on' : 'off'}, threads ${info.wasm.threads ? 'on' : 'off'}`);
  if (info.webgpu) add('WebGPU adapter', `${info.webgpu.vendor || 'unknown'} ${info.webgpu.architecture}${info.webgpu.isFallbackAdapter ? ' (software fallback)' : ''}`);
  add('Cross-origin isolated', info.crossOriginIsolated ? 'yes' : 'no');
}

initRuntime({ backend: 'auto', wasmPaths }).then(showRuntime, (error: unknown) => {
  const status = document.getElementById('runtime-status');
  if (status) status.textContent = `Could not start TensorFlow.js: ${String(error)}`;
});
