/**
 * The browser side of `npm run bench` / `npm run eval`: starts the runtime with the requested backend, runs one
 * suite from tools/bench/ or tools/eval/, and leaves the result on `window.__harnessDone` for the Node side.
 */
import { StorefrontError, describeError } from '../../src/core/errors.ts';
import { initRuntime } from '../../src/runtime/index.ts';
import type { BackendChoice } from '../../src/runtime/types.ts';
import { wasmPaths } from '../../src/runtime/wasm-vite.ts';
import type { DataAccess, Suite, SuiteResult } from './types.ts';

const suites = {
  bench: import.meta.glob<{ default: Suite }>('../bench/*.ts'),
  eval: import.meta.glob<{ default: Suite }>('../eval/*.ts'),
};

declare global {
  interface Window {
    __harnessDone?: { ok: true; result: SuiteResult & { runtime: unknown; description: string } } | { ok: false; error: string };
  }
}

const data: DataAccess = {
  url: (rel) => `/@data/${rel.replace(/^\/+/, '')}`,
  async fetch(rel) {
    const response = await fetch(data.url(rel));
    if (response.ok) return response;
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new StorefrontError('DATA_MISSING', `Data: ${body.message ?? `${rel} answered HTTP ${response.status}`}.`);
  },
  json: async (rel) => (await data.fetch(rel)).json(),
  text: async (rel) => (await data.fetch(rel)).text(),
  list: async (dir) => (await data.fetch(`${dir.replace(/\/+$/, '')}/?list`)).json() as Promise<string[]>,
};

function log(message: string) {
  console.log(`[harness] ${message}`);
  const pre = document.getElementById('log');
  if (pre) pre.textContent += `${message}\n`;
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const mode = params.get('mode') as keyof typeof suites;
  const name = params.get('suite') ?? '';
  const backend = (params.get('backend') ?? 'auto') as BackendChoice;
  const options = JSON.parse(params.get('options') ?? '{}') as Record<string, string | boolean>;
  const table = suites[mode] ?? {};
  const load = table[`../${mode}/${name}.ts`];
  if (!load) {
    const known = Object.keys(table).map((k) => k.replace(/^.*\/(.*)\.ts$/, '$1')).join(', ');
    throw new StorefrontError('INVALID_OPTION', `Unknown ${mode} suite "${name}". Expected one of: ${known}.`);
  }
  const runtime = await initRuntime({ backend, wasmPaths, allowFallbackAdapter: backend === 'webgpu' });
  log(`runtime: ${runtime.backend} (${runtime.attempts.map((a) => `${a.backend} ${a.ok ? 'ok' : `skipped: ${a.reason}`}`).join('; ')})`);
  const suite = (await load()).default;
  const result = await suite.run({ backend, runtime, options, data, log });
  window.__harnessDone = { ok: true, result: { ...result, runtime, description: suite.description } };
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  window.__harnessDone = { ok: false, error: `${code ? `${code}: ` : ''}${describeError(error)}` };
});
