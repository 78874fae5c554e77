import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { loadIntentModel, trainIntentModel, type IntentTrainOptions } from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { syntheticSessions } from './synthetic.ts';

// `ensemble` / `ensembleSplit`: K networks trained with their own seeds (or folds), saved as one network of their mean.
describe('purchase-intent ensembles (WASM)', () => {
  const { rows, labels } = syntheticSessions(600);
  const probe = syntheticSessions(20, 9).rows;
  const fit: IntentTrainOptions = { hidden: [8, 8], epochs: 8, earlyStopping: { patience: 2 } };

  beforeAll(async () => {
    await useWasm();
  });

  for (const ensembleSplit of ['shared', 'folds'] as const) {
    it(`trains ${ensembleSplit} members, predicts their mean, and survives toFiles → load without leaking`, async () => {
      const before = tf.memory().numTensors;
      const members: number[] = [];
      const model = await trainIntentModel(rows, labels, { ...fit, ensemble: 3, ensembleSplit, onProgress: (p) => members.push(p.member ?? 0) });
      const { architecture, training } = model.metadata;
      expect(architecture.members).toBe(3);
      expect(training?.ensemble?.split).toBe(ensembleSplit);
      expect(training?.ensemble?.members.map((m) => m.seed)).toEqual([1, 1001, 2001]);
      expect([...new Set(members)]).toEqual([1, 2, 3]);
      expect(training?.history?.every((h) => h.valRocAuc !== undefined && (h.seconds ?? -1) >= 0)).toBe(true);
      // Folds validate on every row (out of fold); shared on the one 20 % split.
      expect(training?.validationRows).toBe(ensembleSplit === 'folds' ? rows.length : 120);
      const scores = await expectNoLeak(() => model.predictBatch(probe), 'predictBatch');
      expect([...scores].every((s) => s > 0 && s < 1)).toBe(true);
      await expectNoLeak(() => model.explain(probe[0]!), 'explain');
      const files = await expectNoLeak(() => model.toFiles(), 'toFiles');
      const loaded = await loadIntentModel('/hosted/ensemble/', { fetch: memoryFetch(files, '/hosted/ensemble/').fetch });
      const again = await loaded.predictBatch(probe);
      [...again].forEach((s, i) => expect(s).toBeCloseTo(scores[i] as number, 6));
      expect(loaded.metadata.architecture.members).toBe(3);
      await loaded.adapt(probe, probe.map((_, i) => i % 2));
      loaded.reset();
      [...await loaded.predictBatch(probe)].forEach((s, i) => expect(s).toBeCloseTo(scores[i] as number, 6));
      model.dispose();
      loaded.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('one member is the plain network of before (same weights as without the option)', async () => {
    const one = await trainIntentModel(rows, labels, { ...fit, ensemble: 1, ensembleSplit: 'folds' });
    const plain = await trainIntentModel(rows, labels, fit);
    expect([...await one.predictBatch(probe)]).toEqual([...await plain.predictBatch(probe)]);
    expect(one.metadata.architecture.members).toBeUndefined();
    one.dispose();
    plain.dispose();
  });

  it('an ensemble on quantile scaling and derived columns saves its knots, loads and predicts the same, without leaking', async () => {
    const before = tf.memory().numTensors;
    const model = await trainIntentModel(rows, labels, { ...fit, ensemble: 2, ensembleSplit: 'folds', scaling: 'quantile', include: ['page_value_per_product_page', 'bounce_x_exit'] });
    const schema = model.metadata.featureSchema;
    expect(schema.numeric.every((n) => n.transform === 'quantile' && (n.knots?.length ?? 0) > 0 && n.knots?.length === n.levels?.length)).toBe(true);
    expect(schema.included).toEqual(['page_value_per_product_page', 'bounce_x_exit']);
    const scores = await expectNoLeak(() => model.predictBatch(probe), 'predictBatch');
    const files = await model.toFiles();
    const loaded = await loadIntentModel('/hosted/quantile/', { fetch: memoryFetch(files, '/hosted/quantile/').fetch });
    [...await loaded.predictBatch(probe)].forEach((s, i) => expect(s).toBeCloseTo(scores[i] as number, 6));
    await expectNoLeak(() => loaded.explain(probe[0]!), 'explain');
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const error = await expectNoLeak(() => trainIntentModel(rows, labels, { ...fit, scaling: 'rank' } as never).then(() => null, (e: unknown) => e), 'trainIntentModel');
    expect((error as { code: string }).code).toBe('INVALID_OPTION');
  });

  it('the best UCI recipe (folds, quantile, derived columns, four categorical columns left out) reads none of them, and loads the same', async () => {
    const before = tf.memory().numTensors;
    const exclude = ['Region', 'Browser', 'OperatingSystems', 'Weekend'] as const;
    const model = await trainIntentModel(rows, labels, { ...fit, ensemble: 2, ensembleSplit: 'folds', scaling: 'quantile', include: ['page_value_positive'], exclude: [...exclude] });
    const { featureSchema, featureNames } = model.metadata;
    expect(featureSchema.excluded).toEqual(exclude);
    expect(featureSchema.categorical.map((c) => c.name)).toEqual(['Month', 'TrafficType', 'VisitorType']);
    expect(featureNames.some((n) => exclude.some((c) => n.startsWith(`${c}=`)))).toBe(false);
    const scores = await expectNoLeak(() => model.predictBatch(probe), 'predictBatch');
    // The left-out columns are not read: rows without them score the same.
    const bare = probe.map(({ Region: _r, Browser: _b, OperatingSystems: _o, Weekend: _w, ...rest }) => rest);
    expect([...await model.predictBatch(bare)]).toEqual([...scores]);
    const files = await model.toFiles();
    const loaded = await loadIntentModel('/hosted/recipe/', { fetch: memoryFetch(files, '/hosted/recipe/').fetch });
    [...await loaded.predictBatch(probe)].forEach((s, i) => expect(s).toBeCloseTo(scores[i] as number, 6));
    model.dispose();
    loaded.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a bad ensemble or ensembleSplit with INVALID_OPTION, leaving no tensors behind', async () => {
    for (const options of [{ ensemble: 0 }, { ensemble: 17 }, { ensemble: 2.5 }, { ensembleSplit: 'bagging' }]) {
      const error = await expectNoLeak(() => trainIntentModel(rows, labels, { ...fit, ...options } as never).then(() => null, (e: unknown) => e), 'trainIntentModel');
      expect(isStorefrontError(error), String(error)).toBe(true);
      expect((error as { code: string }).code).toBe('INVALID_OPTION');
    }
  });
});
