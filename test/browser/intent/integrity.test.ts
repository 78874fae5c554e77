import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntentModel, type IntentModel } from '../../../src/intent/index.ts';
import { bytesAt, flipByte, loadError, memoryFetch, serveFiles } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

// The shipped model's real files, served tampered from memory through the `fetch` option; the success paths over HTTP.
const DIR = '/models/purchase-intent/';
describe('loadIntentModel checks every hosted file and its metadata', () => {
  let real: Record<string, Uint8Array>;
  let metadata: Record<string, unknown>;
  let shipped: IntentModel;
  const row = { PageValues: 35, ProductRelated: 24, Month: 'Nov', VisitorType: 'Returning_Visitor' } as const;
  const served = (over: Record<string, Uint8Array | string> = {}) => {
    const files = { ...real, ...over };
    return memoryFetch(Object.fromEntries(Object.entries(files).map(([name, b]) => [`${DIR}${name}`, b])));
  };
  const withMetadata = (change: (m: Record<string, any>) => void) => {
    const m = structuredClone(metadata) as Record<string, any>;
    change(m);
    return served({ 'metadata.json': JSON.stringify(m) });
  };

  beforeAll(async () => {
    await useWasm();
    real = Object.fromEntries(await Promise.all(['model.json', 'weights.bin', 'metadata.json'].map(async (n) => [n, await bytesAt(DIR + n)] as const)));
    metadata = JSON.parse(new TextDecoder().decode(real['metadata.json']));
    shipped = await loadIntentModel(`${DIR}model.json`); // real HTTP, manifest checked
  });
  afterAll(() => shipped.dispose());

  it('the shipped metadata.json lists model.json and weights.bin with their size and SHA-256', () => {
    expect(Object.keys(metadata.files as object).sort()).toEqual(['model.json', 'weights.bin']);
    expect((metadata.files as Record<string, { bytes: number }>)['weights.bin']!.bytes).toBe(real['weights.bin']!.byteLength);
  });

  it('a flipped byte in weights.bin is INTEGRITY_MISMATCH; a short one MODEL_LOAD_FAILED; neither leaks', async () => {
    const f = await loadError(() => loadIntentModel(`${DIR}model.json`, { fetch: served({ 'weights.bin': flipByte(real['weights.bin']!) }).fetch }), 'INTEGRITY_MISMATCH');
    expect(f.message).toContain('weights.bin');
    const g = await loadError(() => loadIntentModel(`${DIR}model.json`, { fetch: served({ 'weights.bin': real['weights.bin']!.slice(0, 1000) }).fetch }), 'MODEL_LOAD_FAILED');
    expect(g.message).toContain('truncated');
    await loadError(() => loadIntentModel(`${DIR}model.json`, { fetch: served({ 'model.json': flipByte(real['model.json']!, 10) }).fetch }), 'INTEGRITY_MISMATCH');
  });

  it('a foreign origin, as source or in metadata.json, is ORIGIN_NOT_ALLOWED and nothing is fetched from it', async () => {
    const foreign = served();
    await loadError(() => loadIntentModel('https://evil.example/model.json', { fetch: foreign.fetch }), 'ORIGIN_NOT_ALLOWED');
    const m = withMetadata((x) => {
      x.files = { 'model.json': x.files['model.json'], 'https://evil.example/weights.bin': x.files['weights.bin'] };
    });
    await loadError(() => loadIntentModel(`${DIR}model.json`, { fetch: m.fetch }), 'ORIGIN_NOT_ALLOWED');
    expect([...foreign.seen, ...m.seen].some((u) => u.includes('evil.example'))).toBe(false);
  });

  it('allowedOrigins lets a named CDN serve the files, and the options are the shared ones', async () => {
    const cdn = 'https://cdn.example.test/intent/';
    const { fetch, seen } = memoryFetch(Object.fromEntries(Object.entries(real).map(([n, b]) => [`${cdn}${n}`, b])));
    const progress: number[] = [];
    const model = await loadIntentModel(`${cdn}model.json`, { fetch, allowedOrigins: ['https://cdn.example.test'], onProgress: (p) => progress.push(p.loaded / p.total) });
    expect(await model.predict(row)).toBeCloseTo(await shipped.predict(row), 6);
    model.dispose();
    expect(seen).toHaveLength(3);
    expect(progress.at(-1)).toBe(1);
    const controller = new AbortController();
    controller.abort();
    await loadError(() => loadIntentModel(`${DIR}model.json`, { signal: controller.signal }), 'ABORTED');
    await loadError(() => loadIntentModel(`${DIR}model.json`, { cache: 'localStorage' as never }), 'INVALID_OPTION');
  });

  it('metadata that does not fit the weights is MODEL_LOAD_FAILED naming the field, before any tensor', async () => {
    const cases: [string, (m: Record<string, any>) => void][] = [
      ['featureNames', (m) => { m.featureSchema.categorical[0].values.pop(); }],
      ['featureSchema', (m) => { m.featureSchema.categorical[0].values.pop(); delete m.featureNames; }],
      ['threshold', (m) => { m.threshold = 1.5; }],
      ['featureSchema.numeric[0].sd', (m) => { m.featureSchema.numeric[0].sd = 0; }],
      ['featureSchema.numeric[1].mean', (m) => { m.featureSchema.numeric[1].mean = null; }],
      ['architecture.hidden[0]', (m) => { m.architecture.hidden = [1e6]; }],
      ['files', (m) => { delete m.files; }],
      ['files', (m) => { delete m.files['weights.bin']; }],
    ];
    for (const [field, change] of cases) {
      await loadError(() => loadIntentModel(`${DIR}model.json`, { fetch: withMetadata(change).fetch }), 'MODEL_LOAD_FAILED', field);
    }
  });

  it('toFiles() writes the manifest, and its files load back over HTTP', async () => {
    const files = await shipped.toFiles();
    const meta = JSON.parse(files['metadata.json']);
    expect(meta.files['weights.bin'].bytes).toBe(files['weights.bin'].byteLength);
    const url = await serveFiles('intent-roundtrip', { ...files });
    const back = await loadIntentModel(`${url}model.json`);
    expect(await back.predict(row)).toBeCloseTo(await shipped.predict(row), 6);
    back.dispose();
  });
});
