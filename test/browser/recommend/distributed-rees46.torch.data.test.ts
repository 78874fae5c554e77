/**
 * The PyTorch job on the real REES46 sample (5,000 events of the data directory) with its default options (dim 64,
 * window 20, 2,048 sampled negatives, 2 epochs), two processes started by the script itself (--nproc 2,
 * torch.multiprocessing.spawn): the browser's scores equal PyTorch's within 1e-4 over all 2,305 products.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadRecommender, modelOnlyFetch, parityGap, runTorchJob, type TorchJob } from '../../helpers/torch-job.ts';
import { useWasm } from '../../helpers/wasm.ts';

let job: TorchJob;

describe('the PyTorch DDP job on REES46 → the browser', () => {
  beforeAll(async () => {
    await useWasm();
    job = await runTorchJob({ events: '@data/rees46_ecommerce_sample/2019-Oct-sample-5k.csv', processes: 2, launch: 'spawn', args: ['--parity-histories', '6'] });
  }, 600_000);

  it('scores the first shoppers\' histories as PyTorch does, within 1e-4', async () => {
    await expectNoLeak(async () => {
      const deployed = await loadRecommender(job.url);
      const modelOnly = await loadRecommender(job.url, { fetch: modelOnlyFetch() });
      try {
        expect(deployed.metadata.info).toMatchObject({ engine: { worldSize: 2 }, data: { format: 'ecommerce-csv' }, training: { negatives: 2048, dim: 64 } });
        const gap = await parityGap(job, deployed, modelOnly);
        expect(gap.compared).toBe(6 * deployed.productIds.length);
        expect(gap.logits).toBeLessThan(1e-4);
        expect(gap.scores).toBeLessThan(1e-4);
        console.log(`PyTorch ↔ browser, ${gap.compared} scores: max |Δ| logits ${gap.logits.toExponential(2)}, blend ${gap.scores.toExponential(2)}`);
      } finally {
        deployed.dispose();
        modelOnly.dispose();
      }
    }, 'loading and scoring the PyTorch folder');
  });
});
