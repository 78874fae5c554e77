import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { manifestOf } from '../../../src/core/files/index.ts';
import { loadIntentModel, trainIntentModel, type IntentModel, type IntentModelFiles, type IntentRow } from '../../../src/intent/index.ts';
import { buildNetwork, fineTune, train } from '../../../src/intent/network.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadError, memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { syntheticSessions } from './synthetic.ts';

// Issue 16: out-of-range rows, non-finite steps and broken weights end in typed errors, change nothing, leak nothing.

/** The StorefrontError a call ends in (failing when it resolves or throws something else), checked for leaks. */
async function rejected(call: () => unknown, code: string, label: string): Promise<{ message: string; details?: Record<string, unknown> }> {
  let error: unknown;
  await expectNoLeak(async () => {
    try {
      await call();
    } catch (e) {
      error = e;
    }
  }, label);
  expect(isStorefrontError(error), `${label}: ${String(error)}`).toBe(true);
  expect((error as { code: string }).code, `${label}: ${String(error)}`).toBe(code);
  return error as { message: string; details?: Record<string, unknown> };
}

/** Files of `model` with every weight passed through `change`, the manifest made to match again. */
async function withWeights(model: IntentModel, change: (w: Float32Array) => void): Promise<Record<string, Uint8Array | string>> {
  const files = await model.toFiles();
  const weights = files['weights.bin'].slice();
  change(new Float32Array(weights.buffer));
  return consistent(files, weights);
}

function consistent(files: IntentModelFiles, weights: Uint8Array): Record<string, Uint8Array | string> {
  const metadata = JSON.parse(files['metadata.json']);
  metadata.files = manifestOf({ 'model.json': files['model.json'], 'weights.bin': weights });
  return { 'model.json': files['model.json'], 'weights.bin': weights, 'metadata.json': JSON.stringify(metadata) };
}

const weightsOf = async (model: IntentModel) => [...(await model.toFiles())['weights.bin']];

const BAD_VALUES: [string, unknown][] = [
  ['NaN', Number.NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['1e300', 1e300], ['an array', [3]],
  ['a boolean', true], ['an object', { n: 3 }], ['a numeric string', '3'],
];

describe('purchase-intent guards (WASM)', () => {
  const { rows, labels } = syntheticSessions(300);
  const row: IntentRow = rows[0]!;
  let model: IntentModel;

  beforeAll(async () => {
    await useWasm();
    model = await trainIntentModel(rows, labels, { hidden: [8], epochs: 3, seed: 2 });
  });
  afterAll(() => model.dispose());

  it('adapt() with BounceRates 1e300 is INVALID_INPUT naming row, column and range; the weights stay as they were', async () => {
    const before = await weightsOf(model);
    const score = await model.predict(row);
    const e = await rejected(() => model.adapt([row, { ...row, BounceRates: 1e300 }], [0, 1]), 'INVALID_INPUT', 'adapt');
    expect(e.message).toMatch(/row 1/);
    expect(e.message).toMatch(/BounceRates/);
    expect(e.message).toMatch(/from 0 to 1/);
    expect(e.details).toMatchObject({ row: 1, column: 'BounceRates', min: 0, max: 1 });
    expect(await weightsOf(model)).toEqual(before);
    expect(await model.predict(row)).toBe(score);
  });

  it('NaN, Infinity, arrays, booleans, objects and strings in a numeric column are INVALID_INPUT in every call, none treated as missing', async () => {
    const before = await weightsOf(model);
    for (const [what, value] of BAD_VALUES) {
      const bad = { ...row, ProductRelated: value } as IntentRow;
      const badRows = [row, row, bad];
      const y = [0, 1, 1];
      for (const [name, call] of [
        ['predict', () => model.predict(bad)],
        ['predictBatch', () => model.predictBatch(badRows)],
        ['classify', () => model.classify(bad)],
        ['explain', () => model.explain(bad)],
        ['evaluate', () => model.evaluate(badRows, y)],
        ['permutationImportance', () => model.permutationImportance(badRows, y, { repeats: 1 })],
        ['adapt', () => model.adapt(badRows, y)],
        ['trainIntentModel', () => trainIntentModel([...rows.slice(0, 20), bad], [...labels.slice(0, 20), 1], { hidden: [2], epochs: 1 })],
      ] as const) {
        const e = await rejected(call, 'INVALID_INPUT', `${name} with ${what}`);
        expect(e.message, `${name} with ${what}`).toMatch(/ProductRelated/);
        expect(e.message, `${name} with ${what}`).toMatch(name === 'trainIntentModel' ? /row 20/ : /row [02]/);
      }
    }
    expect(await weightsOf(model)).toEqual(before);
  });

  it('categorical columns take strings, finite codes (and booleans for Weekend) only', async () => {
    for (const bad of [{ Month: ['Nov'] }, { Browser: Number.NaN }, { VisitorType: { a: 1 } }, { Region: true }]) {
      await rejected(() => model.predict({ ...row, ...bad } as IntentRow), 'INVALID_INPUT', `predict ${JSON.stringify(bad)}`);
    }
    expect(await model.predict({ ...row, Weekend: true, Month: 'Jun', Browser: 99, VisitorType: 'Unknown' })).toBeGreaterThan(0);
  });

  it('trainIntentModel names the caller\'s row index, checks validationData, and leaves no network behind', async () => {
    const bad = [...rows.slice(0, 50)];
    bad[37] = { ...row, ExitRates: -0.5 };
    const e = await rejected(() => trainIntentModel(bad, labels.slice(0, 50), { hidden: [2], epochs: 1 }), 'INVALID_INPUT', 'train');
    expect(e.message).toMatch(/row 37/);
    expect(e.message).toMatch(/ExitRates/);
    const v = await rejected(() => trainIntentModel(rows.slice(0, 50), labels.slice(0, 50), {
      hidden: [2], epochs: 1, validationData: { rows: [row, { ...row, PageValues: Infinity }], labels: [0, 1] },
    }), 'INVALID_INPUT', 'train validationData');
    expect(v.message).toMatch(/validationData\.rows/);
    await rejected(() => trainIntentModel(rows.slice(0, 50), [...labels.slice(0, 49), 2]), 'INVALID_INPUT', 'train label 2');
    await rejected(() => model.adapt([row, row], [1]), 'INVALID_INPUT', 'adapt length');
    await rejected(() => model.adapt([row], [Number.NaN]), 'INVALID_INPUT', 'adapt NaN outcome');
  });

  it('nulls and missing values still take the median; UCI\'s −1 durations still load', async () => {
    const score = await model.predict({ ...row, BounceRates: null, ProductRelated: undefined, Administrative_Duration: -1 });
    expect(Number.isFinite(score)).toBe(true);
  });

  it('the widest values each column accepts still score a finite probability and adapt without a NaN', async () => {
    const widest: IntentRow = {
      ...row, Administrative: 1e7, Administrative_Duration: 1e9, Informational: 1e7, Informational_Duration: 1e9,
      ProductRelated: 1e7, ProductRelated_Duration: 1e9, BounceRates: 1, ExitRates: 1, PageValues: 1e12, SpecialDay: 1,
    };
    const scores = await model.predictBatch([widest, { ...widest, Administrative_Duration: -1, PageValues: 0, BounceRates: 0 }]);
    expect([...scores].every((p) => p >= 0 && p <= 1)).toBe(true);
    const report = await expectNoLeak(() => model.adapt([widest, row], [1, 0], { steps: 20, learningRate: 0.01 }), 'adapt widest');
    expect(Number.isFinite(report.lossAfter)).toBe(true);
    model.reset();
  });

  it('weights that overflow: predict is INTERNAL (never NaN), adapt is refused and changes nothing, nothing leaks', async () => {
    const files = await withWeights(model, (w) => w.forEach((v, i) => { w[i] = (v >= 0 ? 1 : -1) * 1e30; }));
    const huge = await loadIntentModel('/guard/huge/model.json', { fetch: memoryFetch(files, '/guard/huge/').fetch });
    try {
      for (const [name, call] of [
        ['predict', () => huge.predict(row)], ['predictBatch', () => huge.predictBatch([row, row])],
        ['classify', () => huge.classify(row)], ['explain', () => huge.explain(row)],
        ['evaluate', () => huge.evaluate([row, row], [0, 1])],
      ] as const) {
        await rejected(call, 'INTERNAL', `overflowing ${name}`);
      }
      const before = await weightsOf(huge);
      const e = await rejected(() => huge.adapt([row, row], [0, 1], { steps: 3 }), 'INVALID_INPUT', 'overflowing adapt');
      expect(e.message).toMatch(/non-finite/);
      expect(await weightsOf(huge)).toEqual(before);
    } finally {
      huge.dispose();
    }
  });

  it('loads with NaN weights, a short weights.bin its manifest agrees with, or no weights.bin fail as MODEL_LOAD_FAILED and leak nothing', async () => {
    const nan = await withWeights(model, (w) => { w[3] = Number.NaN; });
    await loadError(() => loadIntentModel('/guard/nan/model.json', { fetch: memoryFetch(nan, '/guard/nan/').fetch }), 'MODEL_LOAD_FAILED');
    const files = await model.toFiles();
    const short = consistent(files, files['weights.bin'].slice(0, 40));
    await loadError(() => loadIntentModel('/guard/short/model.json', { fetch: memoryFetch(short, '/guard/short/').fetch }), 'MODEL_LOAD_FAILED');
    const { 'weights.bin': _w, ...noWeights } = files;
    await loadError(() => loadIntentModel('/guard/none/model.json', { fetch: memoryFetch(noWeights, '/guard/none/').fetch }), 'MODEL_LOAD_FAILED');
  });

  it('an IndexedDB model whose weights are cut short fails as MODEL_LOAD_FAILED and leaks nothing', async () => {
    const url = 'indexeddb://guard-short';
    await model.save(url);
    try {
      await cutStoredWeights('guard-short', 40);
      await loadError(() => loadIntentModel(url), 'MODEL_LOAD_FAILED');
    } finally {
      await tf.io.removeModel(url);
    }
  });

  it('the rejected calls and the failed loads leave the tensor count where it was', async () => {
    const start = tf.memory().numTensors;
    await rejected(() => model.predict({ ...row, SpecialDay: 7 }), 'INVALID_INPUT', 'predict SpecialDay 7');
    await rejected(() => model.explain(row, { steps: 0 }), 'INVALID_OPTION', 'explain steps 0');
    await rejected(() => model.save('https://example.com/x'), 'INVALID_OPTION', 'save');
    await expectNoLeak(() => model.toFiles(), 'toFiles');
    await expectNoLeak(() => model.reset(), 'reset');
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('the training loops refuse a non-finite step behind the row checks (internal)', () => {
  beforeAll(() => useWasm());
  const x = Float32Array.from({ length: 8 * 3 }, (_, i) => (i === 5 ? Number.NaN : (i % 7) / 7));
  const y = Uint8Array.from({ length: 8 }, (_, i) => i % 2);

  it('fineTune() puts the weights back and throws INVALID_INPUT; train() throws it too; neither leaks', async () => {
    const net = buildNetwork({ inputs: 3, hidden: [4], activation: 'relu', seed: 1 });
    try {
      const before = net.getWeights().map((w) => [...w.dataSync()]);
      await rejected(() => fineTune(net, x, y, 3, 2, 0.01), 'INVALID_INPUT', 'fineTune');
      expect(net.getWeights().map((w) => [...w.dataSync()])).toEqual(before);
      await rejected(() => train(net, { x, y, width: 3, classWeight: [1, 1], valX: null, valY: null, epochs: 2, batchSize: 4, learningRate: 0.01, l2: 0, patience: null, seed: 1 }), 'INVALID_INPUT', 'train');
    } finally {
      net.dispose();
    }
  });
});

/** Rewrites tfjs's stored artifacts of model `name` with only the first `bytes` of its weights. */
async function cutStoredWeights(name: string, bytes: number): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('tensorflowjs');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('models_store', 'readwrite');
      const store = tx.objectStore('models_store');
      const get = store.get(name);
      get.onsuccess = () => {
        const record = get.result as { modelArtifacts: { weightData: ArrayBuffer } };
        record.modelArtifacts.weightData = record.modelArtifacts.weightData.slice(0, bytes);
        store.put(record);
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}
