import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntentModel, type IntentMetadata, type IntentModel } from '../../../src/intent/index.ts';
import { stratifiedSplit } from '../../../src/core/random.ts';
import { parseUciCsv, take } from '../../../src/intent/uci.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';

// The model under models/purchase-intent/, scored again on the UCI test split its metadata names (the data directory).
describe('shipped purchase-intent model on the UCI data', () => {
  let model: IntentModel;
  let metadata: IntentMetadata;

  beforeAll(async () => {
    await useWasm();
    model = await loadIntentModel('/models/purchase-intent/model.json');
    metadata = model.metadata as IntentMetadata;
  });
  afterAll(() => model.dispose());

  it('reproduces its recorded test metrics on the UCI test split', async () => {
    const response = await fetch('/@data/online_shoppers_intention/online_shoppers_intention.csv');
    expect(response.ok, 'the UCI data must be in the data directory (STOREFRONT_DATA)').toBe(true);
    const uci = parseUciCsv(await response.text());
    const { seed, testFraction } = metadata.provenance.split as { seed: number; testFraction: number };
    const test = take(uci, stratifiedSplit(uci.labels, testFraction, seed).test);
    const recorded = metadata.metrics.test!;
    const metrics = await expectNoLeak(() => model.evaluate(test.rows, test.labels), 'evaluate');
    expect(metrics.count).toBe(recorded.count);
    expect(metrics.positives).toBe(recorded.positives);
    expect(metrics.rocAuc).toBeCloseTo(recorded.rocAuc, 4);
    expect(metrics.prAuc).toBeCloseTo(recorded.prAuc, 4);
    expect(metrics.f1).toBeCloseTo(recorded.f1, 2);
    expect(metrics.accuracy).toBeCloseTo(recorded.accuracy, 2);
    expect(metrics.logLoss).toBeCloseTo(recorded.logLoss, 3);
  });
});
