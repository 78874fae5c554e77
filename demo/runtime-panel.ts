import type { RuntimeInfo } from 'storefront-ml';
import type { Timing } from './timings.ts';
import type { ImageModelNotice } from './worker-protocol.ts';
import { byId, el } from './ui.ts';

let imageModel = 'loading in the worker…';

/** The image model the worker actually loaded, from its metadata.json (or why there is none). */
export function describeImageModel(m: ImageModelNotice): string {
  return m.url === null ? `none: ${m.reason}`
    : `${m.name} v${m.version} (${m.format} model, ${m.inputSize}×${m.inputSize} input, ${m.embeddingSize}-d features), self-hosted at ${new URL(m.url).pathname}`;
}

export function showImageModel(m: ImageModelNotice): void {
  imageModel = describeImageModel(m);
  const fact = document.querySelector('#runtime-facts dd[data-fact="image-model"]');
  if (fact) fact.textContent = imageModel;
}

export function showRuntime(info: RuntimeInfo, worker?: RuntimeInfo): void {
  byId('runtime-status').textContent =
    `Running on ${info.backend.toUpperCase()} (asked for ${info.requested}), ready in ${info.setupMs.toFixed(0)} ms.` +
    (worker ? ` The worker runs on ${worker.backend.toUpperCase()} too, ready in ${worker.setupMs.toFixed(0)} ms.` : '');
  byId('runtime-attempts').querySelector('tbody')?.replaceChildren(...info.attempts.map((attempt) =>
    el('tr', {}, [
      el('td', { text: attempt.backend }),
      el('td', { text: attempt.ok ? 'started' : `skipped: ${attempt.reason ?? ''}`, className: attempt.ok ? 'ok' : 'skipped' }),
      el('td', { text: attempt.ms.toFixed(1) }),
    ])));
  const facts: [string, string][] = [['TensorFlow.js', info.tfjsVersion]];
  if (info.wasm) facts.push(['WASM', `SIMD ${info.wasm.simd ? 'on' : 'off'}, threads ${info.wasm.threads ? 'on' : 'off'}`]);
  if (info.webgpu) {
    facts.push(['WebGPU adapter', `${info.webgpu.vendor || 'unknown'} ${info.webgpu.architecture}${info.webgpu.isFallbackAdapter ? ' (software fallback)' : ''}`]);
  }
  facts.push(['Cross-origin isolated', info.crossOriginIsolated ? 'yes' : 'no']);
  facts.push(['Image model', imageModel]);
  byId('runtime-facts').replaceChildren(...facts.flatMap(([term, value]) => [
    el('dt', { text: term }),
    el('dd', { text: value, attrs: term === 'Image model' ? { 'data-fact': 'image-model' } : {} }),
  ]));
}

export function showRuntimeError(error: unknown): void {
  byId('runtime-status').textContent = `Could not start TensorFlow.js: ${String(error)}`;
}

/** The latest library calls and how long each took, newest first. */
export function showTimings(all: readonly Timing[]): void {
  byId('runtime-timings').querySelector('tbody')?.replaceChildren(...all.slice(-12).reverse().map((t) =>
    el('tr', {}, [el('td', { text: t.call }), el('td', { text: t.where }), el('td', { text: t.ms.toFixed(1) })])));
}
