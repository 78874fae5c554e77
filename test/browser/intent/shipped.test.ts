import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntentModel, type IntentMetadata, type IntentModel } from '../../../src/intent/index.ts';
import { expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';

// The model under models/purchase-intent/ (written by `npm run eval -- train-purchase --save models/purchase-intent`),
// served from the repository root, scored again on the UCI test split its metadata names.
describe('shipped purchase-intent model', () => {
  let model: IntentModel;
  let metadata: IntentMetadata;

  beforeAll(async () => {
    await useWasm();
    model = await loadIntentModel('/models/purchase-intent/model.json');
    metadata = model.metadata as IntentMetadata;
  });
  afterAll(() => model.dispose());

  it('carries schema, threshold, metrics and provenance in metadata.json', () => {
    expect(metadata.format).toBe('storefront-ml/purchase-intent');
    expect(metadata.featureNames).toContain('PageValues');
    expect(metadata.featureNames).toContain('Month=Nov');
    expect(metadata.threshold).toBeGreaterThan(0);
    expect(metadata.provenance).toMatchObject({ split: { seed: 1, testFraction: 0.2 }, data: { rows: 12330 } });
    expect(metadata.metrics.test?.rocAuc).toBeGreaterThan(0.9);
  });

  it('scores a live session record (UCI names, extra fields, missing values) without leaking', async () => {
    const live = { PageValues: 35, ProductRelated: 24, ProductRelated_Duration: 900, Month: 'Nov', VisitorType: 'Returning_Visitor', Weekend: false, sessionId: 's', cartAdds: 2, Browser: null };
    const cold = { ...live, PageValues: 0, ProductRelated: 1, ProductRelated_Duration: 0, BounceRates: 0.2, ExitRates: 0.2 };
    const [hot, notHot] = [await model.predict(live), await model.predict(cold)];
    expect(hot).toBeGreaterThan(notHot);
    await expectNoLeakOver(100, () => model.predict(live), 'predict');
    const explanation = await model.explain(live);
    expect(explanation.attributions[0]?.feature).toBe('PageValues');
  });
});
