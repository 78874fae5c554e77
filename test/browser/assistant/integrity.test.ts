import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssistant, trainAssistant } from '../../../src/assistant/index.ts';
import { artifactsToFiles } from '../../../src/assistant/io.ts';
import { SHOP_FAQ } from '../../../src/assistant/shop-faq.ts';
import { bytesAt, flipByte, loadError, memoryFetch, serveFiles } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

// The committed FAQ model's real files, tampered in memory through the `fetch` option; success paths over HTTP.
const DIR = '/models/assistant/faq/';
describe('loadAssistant checks its hosted files and topology', () => {
  let modelJson: Record<string, any>;
  let weights: Uint8Array;
  const served = (json: object = modelJson, bin: Uint8Array = weights) =>
    memoryFetch({ [`${DIR}model.json`]: JSON.stringify(json), [`${DIR}weights.bin`]: bin });
  const changed = (change: (m: Record<string, any>) => void) => {
    const m = structuredClone(modelJson);
    change(m);
    return served(m).fetch;
  };

  beforeAll(async () => {
    await useWasm();
    modelJson = JSON.parse(new TextDecoder().decode(await bytesAt(`${DIR}model.json`)));
    weights = await bytesAt(`${DIR}weights.bin`);
  });

  it('the committed model.json lists weights.bin; a flipped byte is INTEGRITY_MISMATCH, a short file MODEL_LOAD_FAILED', async () => {
    expect(modelJson.files['weights.bin'].bytes).toBe(weights.byteLength);
    const f = await loadError(() => loadAssistant(`${DIR}model.json`, { fetch: served(modelJson, flipByte(weights)).fetch }), 'INTEGRITY_MISMATCH');
    expect(f.message).toContain('weights.bin');
    const g = await loadError(() => loadAssistant(`${DIR}model.json`, { fetch: served(modelJson, weights.slice(0, 64)).fetch }), 'MODEL_LOAD_FAILED');
    expect(g.message).toContain('truncated');
  });

  it('a foreign origin, as source or as the weights path, is ORIGIN_NOT_ALLOWED and never fetched', async () => {
    const a = served();
    await loadError(() => loadAssistant('https://evil.example/faq/model.json', { fetch: a.fetch }), 'ORIGIN_NOT_ALLOWED');
    const evil = 'https://evil.example/weights.bin';
    const b = served({ ...modelJson, weightsManifest: [{ ...modelJson.weightsManifest[0], paths: [evil] }], files: { [evil]: modelJson.files['weights.bin'] } });
    await loadError(() => loadAssistant(`${DIR}model.json`, { fetch: b.fetch }), 'ORIGIN_NOT_ALLOWED');
    expect([...a.seen, ...b.seen].some((u) => u.includes('evil.example'))).toBe(false);
  });

  it('a topology that does not fit the weights is MODEL_LOAD_FAILED naming the field, with no tensor left', async () => {
    const cases: [string, (m: Record<string, any>) => void][] = [
      ['classes', (m) => { m.modelTopology.classes += 1; }],
      ['classes', (m) => { m.modelTopology.content.faq.pop(); }],
      ['features.dim', (m) => { m.modelTopology.features.dim = 2 ** 26; }],
      ['features.dim', (m) => { m.modelTopology.features.dim = 1000; }],
      ['temperature', (m) => { m.modelTopology.temperature = 0; }],
      ['threshold', (m) => { m.modelTopology.threshold = 2; }],
      ['content', (m) => { m.modelTopology.content = { intents: [] }; }],
      ['files', (m) => { delete m.files; }],
    ];
    for (const [field, change] of cases) await loadError(() => loadAssistant(`${DIR}model.json`, { fetch: changed(change) }), 'MODEL_LOAD_FAILED', field);
  });

  it('cache: "indexeddb" serves the verified weights from IndexedDB the second time', async () => {
    const first = served();
    (await loadAssistant(`${DIR}model.json`, { fetch: first.fetch, cache: 'indexeddb' })).dispose();
    const second = served();
    const again = await loadAssistant(`${DIR}model.json`, { fetch: second.fetch, cache: 'indexeddb' });
    expect(second.seen.map((u) => u.split('/').pop())).toEqual(['model.json']);
    expect((await again.answer('包邮吗')).label).toBe('shipping_cost');
    again.dispose();
  });

  it('what save() writes through artifactsToFiles carries the manifest and loads back over real HTTP', async () => {
    const assistant = await trainAssistant(SHOP_FAQ, { seed: 3, epochs: 3, features: { dim: 4096 } });
    let files: { modelJson: string; weights: Uint8Array } | undefined;
    await assistant.save(tf.io.withSaveHandler(async (artifacts) => {
      files = artifactsToFiles(artifacts);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(JSON.parse(files!.modelJson).files['weights.bin'].bytes).toBe(files!.weights.byteLength);
    const url = await serveFiles('assistant', { 'model.json': files!.modelJson, 'weights.bin': files!.weights });
    const back = await loadAssistant(`${url}model.json`);
    expect((await back.answer('delete my account')).label).toBe((await assistant.answer('delete my account')).label);
    back.dispose();
    assistant.dispose();
  });
});
