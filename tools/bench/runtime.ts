/**
 * `npm run bench -- runtime`: the raw TensorFlow.js baseline later suites compare against.
 * - matmul GFLOP/s at n = 256, 512, 1024 (2n³ flops; result read back inside the timing);
 * - ImageNet MobileNet v1 α0.75 (layers model from the data directory), plain `model.predict`, ms per image at
 *   batch 1 and batch 16, after warm-up.
 */
import * as tf from '@tensorflow/tfjs';
import { measure } from '../harness/measure.ts';
import type { Row, Suite } from '../harness/types.ts';

const MOBILENET = 'mobilenet_v1_075_224_tfjs/layers/model.json';

const suite: Suite = {
  description: 'Runtime: matmul throughput and raw MobileNet v1 0.75 predict latency',
  async run({ data, log, runtime }) {
    const slow = runtime.backend !== 'wasm';
    const startTensors = tf.memory().numTensors;
    const metrics: Record<string, number> = {};
    const table: Row[] = [];

    for (const n of [256, 512, 1024]) {
      const [a, b] = [tf.randomUniform([n, n], -1, 1, 'float32', 1), tf.randomUniform([n, n], -1, 1, 'float32', 2)];
      const t = await measure(async () => {
        const c = tf.matMul(a, b);
        await c.data();
        c.dispose();
      }, { warmup: 3, reps: n >= 1024 ? 10 : 20, budgetMs: slow ? 20_000 : 10_000 });
      tf.dispose([a, b]);
      const gflops = (2 * n ** 3) / (t.median / 1000) / 1e9;
      metrics[`matmul_gflops_${n}`] = gflops;
      table.push({ what: `matmul ${n}×${n}`, median_ms: t.median, p90_ms: t.p90, reps: t.reps, gflops });
      log(`matmul ${n}: ${t.median.toFixed(2)} ms, ${gflops.toFixed(2)} GFLOP/s`);
    }
    metrics.matmul_gflops = metrics.matmul_gflops_1024 as number;

    log(`loading ${MOBILENET}`);
    const model = await tf.loadLayersModel(data.url(MOBILENET));
    for (const batch of [1, 16]) {
      const input = tf.randomUniform([batch, 224, 224, 3], -1, 1, 'float32', 3);
      const t = await measure(async () => {
        const out = model.predict(input) as tf.Tensor;
        await out.data();
        out.dispose();
      }, { warmup: 5, reps: batch === 1 ? 30 : 10, budgetMs: slow ? 60_000 : 30_000, minReps: slow ? 2 : 3 });
      input.dispose();
      const perImage = t.median / batch;
      metrics[`mobilenet_ms_b${batch}`] = perImage;
      table.push({ what: `MobileNet v1 0.75 predict, batch ${batch}`, median_ms: t.median, p90_ms: t.p90, reps: t.reps, ms_per_image: perImage });
      log(`mobilenet batch ${batch}: ${perImage.toFixed(2)} ms/image`);
    }
    model.dispose();
    metrics.leaked_tensors = tf.memory().numTensors - startTensors;
    return { metrics, table };
  },
};

export default suite;
