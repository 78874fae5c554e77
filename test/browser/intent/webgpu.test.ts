import { afterAll, describe, expect, it } from 'vitest';
import { loadIntentModel } from '../../../src/index.ts';
import { expectNoLeak, expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { restoreCpuForward, useWebGpu } from '../../helpers/webgpu.ts';

// Chromium's only WebGPU adapter here is SwiftShader (CPU-emulated): a correctness check, never a speed figure.
describe('shipped purchase-intent model on WebGPU (software adapter)', () => {
  afterAll(restoreCpuForward);

  const rows = [
    { PageValues: 35, ProductRelated: 24, ProductRelated_Duration: 900, Month: 'Nov', VisitorType: 'Returning_Visitor' },
    { PageValues: 0, ProductRelated: 1, BounceRates: 0.2, ExitRates: 0.2, Month: 'May', VisitorType: 'New_Visitor', Weekend: true },
    { PageValues: 5, Administrative: 3, Administrative_Duration: 80, Month: 'Dec', Browser: 2, Region: 3 },
  ];

  it('predicts and explains the same as WASM, without leaks', async () => {
    await useWasm();
    const onWasm = await loadIntentModel('/models/purchase-intent/model.json');
    const expected = await onWasm.predictBatch(rows);
    const expectedExplanation = await onWasm.explain(rows[0]!);
    onWasm.dispose();

    const info = await useWebGpu();
    expect(info.backend).toBe('webgpu');
    const onGpu = await loadIntentModel('/models/purchase-intent/model.json');
    try {
      const got = await expectNoLeak(() => onGpu.predictBatch(rows), 'predictBatch');
      for (let i = 0; i < rows.length; i++) expect(got[i]).toBeCloseTo(expected[i] as number, 4);
      const explanation = await expectNoLeak(() => onGpu.explain(rows[0]!), 'explain');
      expect(explanation.attributions[0]?.feature).toBe(expectedExplanation.attributions[0]?.feature);
      expect(explanation.attributions[0]?.attribution).toBeCloseTo(expectedExplanation.attributions[0]?.attribution as number, 3);
      await expectNoLeakOver(10, () => onGpu.predict(rows[1]!), 'predict');
    } finally {
      onGpu.dispose();
    }
  });
});
