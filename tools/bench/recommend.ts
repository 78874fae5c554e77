/**
 * `npm run bench -- recommend [--backend wasm]`: `recommend()` latency for a 50-event history over 12,101 items
 * (Beauty's catalogue size; a trained-shape recommender with item-kNN) and over 1,000,000 synthetic items
 * (random 64-d embeddings through the SFEM import), plus tensors leaked over 1,000 calls.
 */
import * as tf from '@tensorflow/tfjs';
import type { ShopperEvent } from '../../src/history/types.ts';
import { cooccurrenceCosine } from '../../src/recommend/baselines.ts';
import { loadRecommender } from '../../src/recommend/persistence.ts';
import { seededRandom } from '../../src/core/random.ts';
import { RecommenderImpl, type Recommender } from '../../src/recommend/recommender.ts';
import { SequenceNet } from '../../src/recommend/sequence-model.ts';
import { DEFAULT_RETURNING_SESSION_WEIGHT, DEFAULT_SESSION_WEIGHT, sessionIndex } from '../../src/recommend/session-knn.ts';
import { measure } from '../harness/measure.ts';
import type { Row, Suite } from '../harness/types.ts';

function history(ids: readonly string[], count: number, seed: number): ShopperEvent[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, t) => ({ type: 'view' as const, productId: ids[Math.floor(random() * ids.length)] as string, time: t * 1000, sessionId: 's' }));
}

const suite: Suite = {
  description: 'Recommendations: recommend() latency, 50-event history',
  async run({ log }) {
    const start = tf.memory().numTensors;
    const metrics: Record<string, number> = {};
    const table: Row[] = [];
    const random = seededRandom(1);

    // 12,101 items: the full model shape (d = 64, window 20) with random weights and a co-occurrence table from
    // synthetic sequences, so the kNN blend runs too, and the session index of the same sequences (session-kNN).
    const n = 12_101;
    const shape = { numItems: n, dim: 64, window: 20 };
    const w = SequenceNet.initialWeights(shape, 1);
    const train = Array.from({ length: 22_000 }, () => Int32Array.from({ length: 7 }, () => Math.floor(random() * n)));
    const ids = Array.from({ length: n }, (_, i) => `p${i}`);
    const small: Recommender = new RecommenderImpl({
      ids, dim: 64, window: 20, input: w.input, position: w.position, dense: w.dense, denseBias: w.denseBias, items: w.output,
      bias: w.bias, popularity: new Float32Array(n), similarity: cooccurrenceCosine(train, n, 200), modelWeight: 0.5,
      sessions: sessionIndex(train, n), sessionWeight: DEFAULT_SESSION_WEIGHT, returningSessionWeight: DEFAULT_RETURNING_SESSION_WEIGHT,
      attributes: new Array(n).fill(undefined), metadata: {},
    });
    const big = await loadRecommender({ embeddings: {
      ids: Array.from({ length: 1_000_000 }, (_, i) => `q${i}`), dim: 64,
      vectors: Float32Array.from({ length: 64_000_000 }, () => random() - 0.5), metadata: {},
    } });
    for (const [name, rec, reps] of [['12k', small, 200], ['1m', big, 40]] as const) {
      const events = history(rec.productIds, 50, 2);
      const t = await measure(async () => { await rec.recommend(events); }, { warmup: 5, reps, budgetMs: 60_000 });
      metrics[`recommend_ms_${name}`] = t.median;
      table.push({ what: `recommend(), 50 events, ${rec.productIds.length} items`, median_ms: t.median, p90_ms: t.p90, reps: t.reps });
      log(`${name}: median ${t.median.toFixed(2)} ms, p90 ${t.p90.toFixed(2)} ms`);
    }
    const before = tf.memory().numTensors;
    const events = history(small.productIds, 50, 3);
    for (let i = 0; i < 1000; i++) await small.recommend(events);
    metrics.leaked_tensors_1000_calls = tf.memory().numTensors - before;
    small.dispose();
    big.dispose();
    metrics.leaked_tensors = tf.memory().numTensors - start;
    return { metrics, table };
  },
};

export default suite;
