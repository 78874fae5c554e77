import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { loadImageModel } from '../../../src/vision/load-image-model.ts';
import type { VisionModelMetadata } from '../../../src/vision/metadata.ts';
import { MODEL_CACHE_DB } from '../../../src/core/files/index.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { MODELS } from './models.ts';

async function failure(promise: Promise<{ dispose(): void }>): Promise<{ code?: string; message: string }> {
  try {
    (await promise).dispose();
  } catch (error) {
    return { code: isStorefrontError(error) ? error.code : undefined, message: (error as Error).message };
  }
  return { message: 'no error' };
}

describe('loadImageModel failures are typed', () => {
  let graph: VisionModelMetadata;
  const realFetch = globalThis.fetch;
  beforeAll(async () => {
    await useWasm();
    graph = await (await fetch(MODELS.v1_025_graph.metadata)).json();
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('a weight file that does not match its SHA-256 is INTEGRITY_MISMATCH', async () => {
    const tampered = structuredClone(graph);
    (tampered.files['group1-shard1of1'] as { sha256: string }).sha256 = '0'.repeat(64);
    const before = tf.memory().numTensors;
    const f = await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: tampered }));
    expect(f.code).toBe('INTEGRITY_MISMATCH');
    expect(f.message).toContain('group1-shard1of1');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a 404 names the URL and status; missing metadata.json too', async () => {
    const f = await failure(loadImageModel('/@data/no-such-model/', { metadata: graph }));
    expect(f.code).toBe('MODEL_LOAD_FAILED');
    expect(f.message).toMatch(/no-such-model\/model\.json answered HTTP 404/);
    const g = await failure(loadImageModel(MODELS.v1_025_graph.url));
    expect(g.code).toBe('MODEL_LOAD_FAILED');
    expect(g.message).toContain('metadata.json answered HTTP 404');
  });

  it('a truncated download is MODEL_LOAD_FAILED saying so', async () => {
    globalThis.fetch = async (input, init) => {
      const response = await realFetch(input, init);
      if (!String(input).endsWith('group1-shard1of1')) return response;
      const bytes = await response.arrayBuffer();
      return new Response(bytes.slice(0, 1000), { status: 200 });
    };
    const f = await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: graph }));
    expect(f.code).toBe('MODEL_LOAD_FAILED');
    expect(f.message).toContain('truncated');
  });

  it('the wrong format is MODEL_LOAD_FAILED', async () => {
    const f = await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: { ...graph, modelFormat: 'layers' } }));
    expect(f.code).toBe('MODEL_LOAD_FAILED');
    expect(f.message).toContain('not a Keras layers model');
    const notJson = { ...graph, modelFile: 'group1-shard1of1' };
    const g = await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: notJson }));
    expect(g.code).toBe('MODEL_LOAD_FAILED');
    expect(g.message).toContain('is not JSON');
    const h = await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: { ...graph, embeddingNode: 'nope' } }));
    expect(h.code).toBe('MODEL_LOAD_FAILED');
  });

  it('reports progress in bytes and aborts with ABORTED', async () => {
    const seen: number[] = [];
    const model = await loadImageModel(MODELS.v1_025_graph.url, { metadata: graph, onProgress: (p) => seen.push(p.loaded / p.total) });
    model.dispose();
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((v, i) => i === 0 || v >= (seen[i - 1] as number))).toBe(true);
    const controller = new AbortController();
    const f = await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: graph, signal: controller.signal, onProgress: () => controller.abort() }));
    expect(f.code).toBe('ABORTED');
  });

  it('cache: "indexeddb" serves verified files from IndexedDB the second time', async () => {
    await new Promise((r) => {
      const request = indexedDB.deleteDatabase(MODEL_CACHE_DB);
      request.onsuccess = request.onerror = request.onblocked = r;
    });
    const fetched: string[] = [];
    globalThis.fetch = (input, init) => (fetched.push(String(input)), realFetch(input, init));
    (await loadImageModel(MODELS.v1_025_graph.url, { metadata: graph, cache: 'indexeddb' })).dispose();
    expect(fetched).toHaveLength(2);
    fetched.length = 0;
    const model = await loadImageModel(MODELS.v1_025_graph.url, { metadata: graph, cache: 'indexeddb' });
    expect(fetched).toHaveLength(0);
    expect(model.labels?.[0]).toMatch(/tench/);
    model.dispose();
  });

  it('bad options are INVALID_OPTION', async () => {
    expect((await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: graph, fit: 'zoom' as never }))).code).toBe('INVALID_OPTION');
    expect((await failure(loadImageModel(MODELS.v1_025_graph.url, { metadata: graph, cache: 'localStorage' as never }))).code).toBe('INVALID_OPTION');
  });
});
