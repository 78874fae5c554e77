/**
 * The PyTorch job (tools/distributed/train_recommender.py) on the committed tiny shop log, two processes over
 * loopback with the env rendezvous (one OS process per rank, as across machines): its folder loads in the browser
 * unchanged, is what the library itself would write, and the browser's scores equal PyTorch's within 1e-4.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadRecommender, modelOnlyFetch, parityGap, runTorchJob, sha256Of, viewsOf, type TorchJob } from '../../helpers/torch-job.ts';
import { useWasm } from '../../helpers/wasm.ts';

const EVENTS = 'test/fixtures/events/generated-shop.csv';
let job: TorchJob;

describe('the PyTorch DDP job → the browser', () => {
  beforeAll(async () => {
    await useWasm();
    // 16 sampled negatives of 40 products: the sampled softmax path, as on a real catalogue.
    job = await runTorchJob({ events: EVENTS, processes: 2, launch: 'env', args: ['--skip-invalid', '--epochs', '20', '--dim', '16', '--window', '5', '--negatives', '16', '--batch', '64'] });
  }, 300_000);

  it('loads the folder as it is and scores every history as PyTorch does (within 1e-4)', async () => {
    await expectNoLeak(async () => {
      const deployed = await loadRecommender(job.url);
      const modelOnly = await loadRecommender(job.url, { fetch: modelOnlyFetch() });
      try {
        expect(job.parity.cases.length).toBeGreaterThanOrEqual(3);
        const gap = await parityGap(job, deployed, modelOnly);
        expect(gap.compared).toBe(job.parity.cases.length * 40);
        expect(gap.logits).toBeLessThan(1e-4);
        expect(gap.scores).toBeLessThan(1e-4);
        console.log(`PyTorch ↔ browser, ${gap.compared} scores: max |Δ| logits ${gap.logits.toExponential(2)}, blend ${gap.scores.toExponential(2)}`);
        // The model learned the shop's walk (mostly on to the next product of the category).
        const next = await modelOnly.recommend(viewsOf(['1002001', '1002002', '1002003']), { topK: 1 });
        expect(next[0]?.productId).toBe('1002004');
      } finally {
        deployed.dispose();
        modelOnly.dispose();
      }
    }, 'loading and scoring the PyTorch folder');
  });

  it('wrote the files recommender.toFiles() writes, with the provenance of the run', async () => {
    const recommender = await loadRecommender(job.url);
    try {
      const files = await recommender.toFiles();
      const served = new Uint8Array(await (await fetch(`${job.url}weights.bin`)).arrayBuffer());
      expect(files['weights.bin'].length).toBe(served.length);
      expect(files['weights.bin'].every((b, i) => b === served[i])).toBe(true);
      const metadata = await (await fetch(`${job.url}metadata.json`)).json() as Record<string, unknown>;
      expect(JSON.parse(files['metadata.json'])).toEqual(metadata);
      expect(metadata.info).toMatchObject({
        epochs: 20, seed: 1,
        engine: { name: 'pytorch DDP', backend: 'gloo', worldSize: 2 },
        data: { file: 'generated-shop.csv', sha256: await sha256Of(`/${EVENTS}`), format: 'ecommerce-csv', skippedRows: 2, products: 40 },
        training: { epochsRun: 20, batchSize: 64, negatives: 16, dim: 16, window: 5 },
      });
      expect(job.summary).toMatchObject({ world_size: 2, epochs_run: 20, products: 40 });
    } finally {
      recommender.dispose();
    }
  });
});
