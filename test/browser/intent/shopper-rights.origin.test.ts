/**
 * Issue 16: a purchase-intent model adapted on the shopper's own outcomes is the shopper's data. Saved in
 * IndexedDB it is listed as per-shopper, included whole in their history export, and removed by their history's
 * erase() and setConsent('denied'); the shop's own saved model (not adapted) is left alone. history.erase() here
 * removes every per-shopper model of the origin, so the file runs in the `browser-origin` project (its own profile).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseAllData, listStoredData, openHistory } from '../../../src/index.ts';
import { loadIntentModel, trainIntentModel, type IntentModel } from '../../../src/intent/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { syntheticSessions } from './synthetic.ts';

const ADAPTED = 'indexeddb://rights-adapted';
const SHOPS = 'indexeddb://rights-shop';
const savedModels = async () => Object.keys(await tf.io.listModels()).filter((u) => u.startsWith('indexeddb://rights-')).sort();
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

describe('shopper rights over an adapted intent model', () => {
  const { rows, labels } = syntheticSessions(200);
  let model: IntentModel;

  beforeAll(async () => {
    await useWasm();
    await eraseAllData();
    model = await trainIntentModel(rows, labels, { hidden: [8], seed: 2, epochs: 2 });
  });
  afterAll(async () => {
    model.dispose();
    await eraseAllData();
  });

  it('marks an adapted model in its provenance, and reset() takes the mark away', async () => {
    expect(model.metadata.provenance.adaptedOn).toBeUndefined();
    await model.adapt(rows.slice(0, 4), [1, 1, 0, 1], { steps: 2 });
    expect(model.metadata.provenance).toMatchObject({ adaptedOn: 'shopper', adaptedAt: expect.any(String) });
    model.reset();
    expect(model.metadata.provenance.adaptedOn).toBeUndefined();
  });

  it('lists an adapted saved model as per-shopper, exports it whole and erases it with the history', async () => {
    await model.save(SHOPS); // the shop's model, as trained
    await model.adapt(rows.slice(0, 4), [1, 1, 0, 1], { steps: 2 });
    await model.save(ADAPTED, { provenance: { adaptedOn: 'nobody' } }); // a save option cannot drop the mark
    const weightsBin = (await model.toFiles())['weights.bin'];
    model.reset();

    const listed = (await listStoredData()).filter((d) => d.kind === 'saved-model');
    expect(listed).toEqual([{ name: ADAPTED, kind: 'saved-model', perShopper: true }, { name: SHOPS, kind: 'saved-model' }]);

    const history = await openHistory({ name: 'rights-history', consent: 'granted' });
    await history.record({ type: 'search', time: Date.now(), sessionId: 's-1', query: 'boots' });
    const exported = await expectNoLeak(() => history.export(), 'export');
    expect(exported.events).toHaveLength(1);
    expect(exported.derived?.map((d) => d.name)).toEqual([ADAPTED]);
    const [derived] = exported.derived!;
    expect(derived!.metadata).toMatchObject({ storefrontIntent: { provenance: { adaptedOn: 'shopper' } } });
    expect(fromBase64(derived!.weights)).toEqual(weightsBin); // the adapted weights themselves
    expect(derived!.weightSpecs.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(exported))).toEqual(exported); // plain JSON for the shopper
    expect(await history.import(JSON.stringify(exported))).toEqual({ imported: 1 }); // import reads the events

    await history.erase();
    expect(await savedModels()).toEqual([SHOPS]);
    expect((await listStoredData()).some((d) => d.name === ADAPTED)).toBe(false);
    expect((await history.export()).derived).toEqual([]);
    history.close();
  });

  it('erases it on setConsent("denied"), also after it was loaded and saved again', async () => {
    await model.adapt(rows.slice(0, 4), [0, 0, 1, 0], { steps: 2 });
    await model.save(ADAPTED);
    model.reset();
    const loaded = await loadIntentModel(ADAPTED);
    await loaded.save('indexeddb://rights-copy'); // its weights are still the shopper's
    loaded.dispose();
    expect((await listStoredData()).filter((d) => d.perShopper).map((d) => d.name)).toEqual([ADAPTED, 'indexeddb://rights-copy']);

    const history = await openHistory({ name: 'rights-history', consent: 'granted' });
    await history.setConsent('denied');
    expect(await savedModels()).toEqual([SHOPS]);
    expect((await listStoredData()).some((d) => d.perShopper)).toBe(false);
    history.close();
  });

  it('exports the shipped model adapted on a shopper in about 51 kB of JSON', async () => {
    const shipped = await loadIntentModel('/models/purchase-intent/model.json');
    try {
      await shipped.adapt(rows.slice(0, 4), [1, 0, 0, 1], { steps: 2 });
      await shipped.save('indexeddb://rights-shipped');
    } finally {
      shipped.dispose();
    }
    const history = await openHistory({ name: 'rights-history', consent: 'pending' });
    const { derived } = await history.export();
    const bytes = JSON.stringify(derived).length;
    console.log(`export of the adapted shipped intent model: ${bytes} characters of JSON, weights ${derived![0]!.weights.length} base64`);
    expect(derived![0]!.weights.length).toBe(4 * Math.ceil(33_540 / 3));
    expect(bytes).toBeLessThan(60_000);
    await history.erase();
    expect(await savedModels()).toEqual([SHOPS]);
    history.close();
  });

  it('saving a model that is not adapted under a per-shopper name clears the mark', async () => {
    await model.adapt(rows.slice(0, 4), [1, 1, 1, 1], { steps: 2 });
    await model.save(ADAPTED);
    model.reset();
    await model.save(ADAPTED); // overwritten with the shop's weights
    expect((await listStoredData()).find((d) => d.name === ADAPTED)).toEqual({ name: ADAPTED, kind: 'saved-model' });
    const history = await openHistory({ name: 'rights-history', consent: 'pending' });
    expect((await history.export()).derived).toEqual([]);
    await history.erase();
    expect(await savedModels()).toEqual([ADAPTED, SHOPS]);
    history.close();
  });
});
