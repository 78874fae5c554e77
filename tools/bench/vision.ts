/**
 * `npm run bench -- vision [--backend wasm] [--leak-calls 1000]`
 *
 * Side by side in one run, ms per image, median after warm-up, result read back inside the timing:
 * - ours (`loadImageModel`, default MobileNet v1 α0.75 layers model, batch-norm folded): classify and embed at
 *   batch 1, embedBatch at 16, input a decoded 224×224 product photo (ImageBitmap), preprocessing included;
 * - raw `tf.loadLayersModel(...).predict` on the same α0.75 weights, on a ready [b, 224, 224, 3] tensor;
 * - `@tensorflow-models/mobilenet` 2.1.1 `classify()` on the α0.25 TF-Hub graph model (it loads graph models only)
 *   vs ours `classify()` on the very same graph files, and ours on the α0.25 layers model;
 * - top-10 search over 100,000 random unit vectors (768-d and 256-d) with the index's scorer: the default
 *   (approximate) path and exact search interleaved, and the default path's recall@10 against exact;
 * - tensors leaked over `--leak-calls` (default 1,000) classify/embed calls and 100 searches.
 */
import * as tf from '@tensorflow/tfjs';
import * as peer from '@tensorflow-models/mobilenet';
import { loadImageModel } from '../../src/vision/load-image-model.ts';
import { DEFAULT_CANDIDATES, VectorScorer } from '../../src/vision/vector-scorer.ts';
import { topKIndices } from '../../src/core/top-k.ts';
import { VectorStore, l2Normalize } from '../../src/vision/vectors.ts';
import { measure, stats, type Timing } from '../harness/measure.ts';
import type { Row, Suite } from '../harness/types.ts';

const M = {
  v075: { url: '/@data/mobilenet_v1_075_224_tfjs/layers/', metadata: '/models/vision/mobilenet_v1_075_layers/metadata.json' },
  v025: { url: '/@data/mobilenet_v1_025_224_tfjs/layers/', metadata: '/models/vision/mobilenet_v1_025_layers/metadata.json' },
  graph025: { url: '/@data/mobilenet_v1_025_224_tfjs/graph_tfhub/', metadata: '/models/vision/mobilenet_v1_025_graph/metadata.json' },
};

/** Runs every contender once per round (rotating the order) after warm-up; timings per contender. */
async function interleave<K extends string>(fns: Record<K, () => unknown>, rounds: number, budgetMs: number): Promise<Record<K, Timing>> {
  const names = Object.keys(fns) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (const n of names) for (let i = 0; i < 3; i++) await (fns[n] as () => unknown)();
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < names.length; j++) {
      const n = names[(r + j) % names.length] as K;
      const t0 = performance.now();
      await (fns[n] as () => unknown)();
      samples[n].push(performance.now() - t0);
    }
    if (r >= 2 && performance.now() - start > budgetMs) break;
  }
  return Object.fromEntries(names.map((n) => [n, stats(samples[n])])) as Record<K, Timing>;
}

function randomUnitVectors(n: number, dim: number, seed: number): VectorStore {
  const store = new VectorStore(dim, n);
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
  const v = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) v[d] = random();
    store.set(`p${i}`, l2Normalize(v));
  }
  return store;
}

const suite: Suite = {
  description: 'Vision: classify/embed ms per image vs raw predict and @tensorflow-models/mobilenet; 100k-vector search',
  async run({ data, log, options, runtime }) {
    const slow = runtime.backend !== 'wasm';
    const budget = slow ? 120_000 : 60_000;
    const start = tf.memory().numTensors;
    const metrics: Record<string, number> = {};
    const table: Row[] = [];
    const row = (what: string, key: string, t: { median: number; p90: number; reps: number }, batch = 1) => {
      metrics[key] = t.median / batch;
      table.push({ what, ms_per_image: t.median / batch, median_ms: t.median, p90_ms: t.p90, reps: t.reps });
      log(`${what}: ${(t.median / batch).toFixed(2)} ms/image`);
    };

    const photo = await (await data.fetch('fashion_product_images_224/jeans/' +
      (await data.list('fashion_product_images_224/jeans'))[0])).blob();
    const bitmap = await createImageBitmap(photo);
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [bitmap.width, bitmap.height];
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    const batch16 = Array.from({ length: 16 }, () => bitmap);

    // The machine is shared: contenders run interleaved, round by round, so load swings hit all of them alike.
    const ours = await loadImageModel(M.v075.url, { metadata: M.v075.metadata });
    const raw = await tf.loadLayersModel(data.url('mobilenet_v1_075_224_tfjs/layers/model.json'));
    log(`ours: ${ours.metadata.name}, fused ${ours.fused}`);
    const inputs = [1, 16].map((b) => tf.randomUniform([b, 224, 224, 3], -1, 1, 'float32', 3));
    const predict = (input: tf.Tensor) => async () => {
      const out = raw.predict(input) as tf.Tensor;
      await out.data();
      out.dispose();
    };
    const b1 = await interleave({
      classify_ms_b1: () => ours.classify(bitmap),
      embed_ms_b1: () => ours.embed(bitmap),
      raw_predict_ms_b1: predict(inputs[0] as tf.Tensor),
    }, 30, budget);
    row('ours classify, α0.75 layers (fused), b1', 'classify_ms_b1', b1.classify_ms_b1);
    row('ours embed, α0.75, b1', 'embed_ms_b1', b1.embed_ms_b1);
    row('raw model.predict, α0.75 layers, b1 (ready tensor)', 'raw_predict_ms_b1', b1.raw_predict_ms_b1);
    const b16 = await interleave({
      embed_ms_b16: () => ours.embedBatch(batch16),
      raw_predict_ms_b16: predict(inputs[1] as tf.Tensor),
    }, 8, budget);
    row('ours embedBatch, α0.75, b16', 'embed_ms_b16', b16.embed_ms_b16, 16);
    row('raw model.predict, α0.75 layers, b16 (ready tensor)', 'raw_predict_ms_b16', b16.raw_predict_ms_b16, 16);
    tf.dispose(inputs);
    raw.dispose();
    metrics.classify_vs_raw = (metrics.classify_ms_b1 as number) / (metrics.raw_predict_ms_b1 as number);
    metrics.embed_b16_vs_raw = (metrics.embed_ms_b16 as number) / (metrics.raw_predict_ms_b16 as number);

    // Peer vs ours on the same α0.25 graph model, same canvas input.
    const peerModel = await peer.load({ version: 1, alpha: 0.25, modelUrl: data.url('mobilenet_v1_025_224_tfjs/graph_tfhub/model.json'), inputRange: [0, 1] });
    const oursGraph = await loadImageModel(M.graph025.url, { metadata: M.graph025.metadata });
    const ours025 = await loadImageModel(M.v025.url, { metadata: M.v025.metadata });
    const vsPeer = await interleave({
      peer_classify_ms_b1: () => peerModel.classify(canvas),
      classify_graph025_ms_b1: () => oursGraph.classify(canvas),
      classify025_ms_b1: () => ours025.classify(canvas),
    }, 30, budget);
    row('@tensorflow-models/mobilenet classify, α0.25 graph, b1', 'peer_classify_ms_b1', vsPeer.peer_classify_ms_b1);
    row('ours classify, α0.25 same graph, b1', 'classify_graph025_ms_b1', vsPeer.classify_graph025_ms_b1);
    row('ours classify, α0.25 layers (fused), b1', 'classify025_ms_b1', vsPeer.classify025_ms_b1);
    metrics.classify_graph_vs_peer = (metrics.classify_graph025_ms_b1 as number) / (metrics.peer_classify_ms_b1 as number);
    const peerTop = (await peerModel.classify(canvas))[0];
    const oursTop = (await oursGraph.classify(canvas))[0];
    log(`same photo: peer top-1 ${peerTop?.className} ${peerTop?.probability.toFixed(3)}, ours ${oursTop?.label} ${oursTop?.score.toFixed(3)}`);
    (peerModel as unknown as { model?: { dispose(): void } }).model?.dispose();
    oursGraph.dispose();
    ours025.dispose();

    // Search over 100k vectors, as the index does it: the default path (approximate: int8 candidates + exact
    // re-rank) next to exact search, and the default path's recall@10 against exact on the same queries.
    for (const dim of [768, 256]) {
      const store = randomUnitVectors(100_000, dim, 7);
      const scorer = new VectorScorer(store);
      const queries = randomUnitVectors(50, dim, 11);
      const query = (i: number) => queries.get(`p${i % 50}`) as Float32Array;
      const tensorsBefore = tf.memory().numTensors;
      const t0 = performance.now();
      await scorer.topK(query(0), 10); // builds the int8 copy once
      metrics[`search_100k_${dim}d_build_ms`] = performance.now() - t0;
      let found = 0;
      for (let i = 0; i < 50; i++) {
        const truth = new Set((await scorer.topK(query(i), 10, { exact: true })).map((h) => h.row));
        found += (await scorer.topK(query(i), 10)).filter((h) => truth.has(h.row)).length;
      }
      let qa = 0;
      let qe = 0;
      const t = await interleave({
        approximate: () => scorer.topK(query(qa++), 10),
        exact: () => scorer.topK(query(qe++), 10, { exact: true }),
      }, 30, budget);
      const [key, exactKey, recallKey] = dim === 768
        ? ['search_100k_ms', 'search_100k_exact_ms', 'search_100k_recall_at_10']
        : ['search_100k_256d_ms', 'search_100k_256d_exact_ms', 'search_100k_256d_recall_at_10'];
      metrics[key] = t.approximate.median;
      metrics[exactKey] = t.exact.median;
      metrics[recallKey] = found / 500;
      table.push({ what: `top-10 search, 100k × ${dim}, default: int8 SIMD scan → ${DEFAULT_CANDIDATES} candidates → exact re-rank`, median_ms: t.approximate.median, p90_ms: t.approximate.p90, reps: t.approximate.reps, recall_at_10: found / 500 });
      table.push({ what: `top-10 search, 100k × ${dim}, exact (tfjs matMul on column-major matrix)`, median_ms: t.exact.median, p90_ms: t.exact.p90, reps: t.exact.reps });
      log(`search 100k × ${dim}: ${t.approximate.median.toFixed(2)} ms approximate (recall@10 ${(found / 500).toFixed(3)}), ${t.exact.median.toFixed(2)} ms exact`);
      const js = await measure(() => topKIndices(store.scores(query(1)), 10, { count: store.size }), { warmup: 1, reps: 5, budgetMs: budget });
      table.push({ what: `top-10 search, 100k × ${dim}, exact (plain JS loop)`, median_ms: js.median, p90_ms: js.p90, reps: js.reps });
      metrics[`search_100k_${dim}d_js_ms`] = js.median;
      scorer.dispose();
      metrics[`search_100k_${dim}d_leaked_tensors`] = tf.memory().numTensors - tensorsBefore;
    }

    // Leaks over many calls.
    const calls = Number(options['leak-calls'] ?? 1000);
    const before = tf.memory().numTensors;
    for (let i = 0; i < calls; i++) {
      if (i % 2) await ours.embed(bitmap);
      else await ours.classify(bitmap);
    }
    metrics.leak_calls = calls;
    metrics.leaked_tensors_calls = tf.memory().numTensors - before;
    ours.dispose();
    bitmap.close();
    metrics.leaked_tensors = tf.memory().numTensors - start;
    log(`leaked over ${calls} calls: ${metrics.leaked_tensors_calls}; suite total ${metrics.leaked_tensors}`);
    return { metrics, table };
  },
};

export default suite;
