/**
 * `npm run eval -- sessions [--seconds 60] [--epochs 20]`: session-based next click on the DIGINETICA sample
 * (diginetica_sample/sample_train-item-views.csv). Each session's last click is the target, its earlier clicks the
 * history; every model trains on the sessions without their last click. Full ranking, history not masked (repeat
 * views are real). P@20 (= HR@20 with one target) and MRR@20 for our model vs session-kNN and popularity.
 *
 * Validation (what the defaults were chosen on; the test targets are never looked at): the same protocol one click
 * earlier — train on the sessions without their last two clicks, predict each training session's last click. The
 * sequence model's validation curve (P@20 / MRR@20 of the model alone and of the library's blend against training
 * seconds) and a sweep of the blend weights are in the JSON (`curve`, `sweep`). The test row "library default" is
 * `trainRecommender()` + `recommend()` with their defaults, measured once.
 */
import * as tf from '@tensorflow/tfjs';
import { itemKnnScorer, cooccurrenceCosine, popularityScorer, sessionKnnScorer, type ItemSimilarity, type SequenceScorer } from '../../src/recommend/baselines.ts';
import type { RankingCase } from '../../src/recommend/dataset.ts';
import { rankOf, rankingMetrics } from '../../src/recommend/metrics.ts';
import { batchOf, type BatchScorer } from '../../src/recommend/protocol.ts';
import { DEFAULT_MODEL_WEIGHT, DEFAULT_TIED_EMBEDDINGS, trainRecommender } from '../../src/recommend/create.ts';
import { blendScorer, scoreWindows, softmaxRows } from '../../src/recommend/scoring.ts';
import { SequenceNet } from '../../src/recommend/sequence-model.ts';
import { DEFAULT_SESSION_WEIGHT, SessionKnn, mixSessionKnn, sessionIndex } from '../../src/recommend/session-knn.ts';
import { trainSequenceNet } from '../../src/recommend/train.ts';
import type { Row, Suite } from '../harness/types.ts';
import { evaluateRanking, num } from './recommend.ts';

const FILE = 'diginetica_sample/sample_train-item-views.csv';
const MODEL_WEIGHTS = [0, 0.1, 0.3, 0.5, 0.7, 1];
const SESSION_WEIGHTS = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** P@20 and MRR@20 of ranks (0-based). */
function at20(ranks: ArrayLike<number>) {
  const m = rankingMetrics(ranks, [20], 20);
  return { p_20: m.hr[20] as number, mrr_20: m.mrrAt as number };
}

/**
 * The blend the validation sweep chose the session weight on, for one history: softmax(model) row → model/item-kNN mix
 * → session-kNN mix, in place (the library's before sequential rules joined its neighbourhood part; the test row
 * "library default" runs recommend() itself).
 */
function blendRow(row: Float32Array, history: Int32Array, knn: SequenceScorer, similarity: ItemSimilarity, sessions: SessionKnn, modelWeight: number, sessionWeight: number, scratch: Float32Array) {
  if (modelWeight < 1) {
    knn.scoreInto(history, scratch);
    let sum = 0;
    for (const v of scratch) sum += v;
    const k = sum > 0 ? (1 - modelWeight) / sum : 0;
    for (let i = 0; i < row.length; i++) row[i] = modelWeight * (row[i] as number) + k * (scratch[i] as number);
  }
  mixSessionKnn(row, sessions, history, sessionWeight, scratch, similarity);
}

const suite: Suite = {
  description: 'Recommendations: session-based next click, DIGINETICA sample',
  async run({ options, data, log }) {
    const start = tf.memory().numTensors;
    const lines = (await data.text(FILE)).trim().split(/\r?\n/).slice(1);
    const sessions = new Map<string, { item: string; order: number }[]>();
    for (const line of lines) {
      const [session = '', , item = '', timeframe = '0', date = ''] = line.split(';');
      const list = sessions.get(session) ?? [];
      list.push({ item, order: Date.parse(date) + Number(timeframe) });
      sessions.set(session, list);
    }
    const index = new Map<string, number>();
    const id = (item: string) => index.get(item) ?? (index.set(item, index.size), index.size - 1);
    const train: Int32Array[] = [];
    const cases: RankingCase[] = [];
    for (const list of sessions.values()) {
      const seq = Int32Array.from(list.sort((a, b) => a.order - b.order), (e) => id(e.item));
      if (seq.length < 2) continue;
      train.push(seq.subarray(0, seq.length - 1));
      cases.push({ user: cases.length, history: seq.subarray(0, seq.length - 1), target: seq[seq.length - 1] as number });
    }
    const n = index.size;
    log(`${sessions.size} sessions, ${cases.length} with ≥ 2 clicks, ${n} items`);
    const epochs = num(options.epochs, 20);
    const maxSeconds = num(options.seconds, 60);
    const trainOptions = { epochs, maxSeconds, negatives: 256, batchSize: 256, learningRate: 0.005, seed: 1 };
    const shape = { numItems: n, dim: 64, window: 20 };

    // --- Validation: one click earlier. ---
    const validTrain = train.map((s) => s.subarray(0, s.length - 1));
    const validCases = train.filter((s) => s.length >= 2).map((s) => ({ history: s.subarray(0, s.length - 1), target: s[s.length - 1] as number }));
    const validSimilarity = cooccurrenceCosine(validTrain, n, 200);
    const validKnn = itemKnnScorer(validSimilarity);
    const validSessions = new SessionKnn(sessionIndex(validTrain, n));
    const scratch = new Float32Array(n);
    const validRanks = async (net: SequenceNet, modelWeight: number, sessionWeight: number) => {
      const rows = await scoreWindows(net, validCases.map((c) => c.history));
      softmaxRows(rows, n);
      return validCases.map((c, b) => {
        const row = rows.subarray(b * n, (b + 1) * n);
        blendRow(row, c.history, validKnn, validSimilarity, validSessions, modelWeight, sessionWeight, scratch);
        return rankOf(row, c.target);
      });
    };
    const sweepSessionKnn: Record<string, number>[] = [];
    for (const neighbours of [50, 100, 200]) {
      for (const decay of [0.5, 0.8]) {
        for (const positionDecay of [1, 0.9, 0.7, 0.5]) {
          const knn = new SessionKnn(sessionIndex(validTrain, n), { neighbours, decay, positionDecay });
          sweepSessionKnn.push({ neighbours, decay, position_decay: positionDecay, ...at20(validCases.map((c) => (knn.scoreInto(c.history, scratch), rankOf(scratch, c.target)))) });
        }
      }
    }
    // The library's model (tied embeddings by default), so the sweep chooses weights for what recommend() runs.
    const libraryShape = { ...shape, tied: DEFAULT_TIED_EMBEDDINGS };
    const validNet = new SequenceNet(libraryShape, SequenceNet.initialWeights(libraryShape, 1));
    const curve: Record<string, number>[] = [];
    let evalSeconds = 0;
    await trainSequenceNet(validNet, validTrain, {
      ...trainOptions,
      onEpochEnd: async (p) => {
        // Training seconds only: the evaluations of earlier epochs are taken out.
        const seconds = +(p.seconds - evalSeconds).toFixed(2);
        const t0 = performance.now();
        const model = at20(await validRanks(validNet, 1, 0));
        const blend = at20(await validRanks(validNet, DEFAULT_MODEL_WEIGHT, DEFAULT_SESSION_WEIGHT));
        evalSeconds += (performance.now() - t0) / 1000;
        curve.push({ epoch: p.epoch, train_seconds: seconds, loss: p.loss, valid_model_p_20: model.p_20, valid_model_mrr_20: model.mrr_20, valid_p_20: blend.p_20, valid_mrr_20: blend.mrr_20 });
        log(`valid epoch ${p.epoch} (${seconds} s): model P@20 ${model.p_20.toFixed(4)} MRR@20 ${model.mrr_20.toFixed(4)}; blend ${blend.p_20.toFixed(4)} / ${blend.mrr_20.toFixed(4)}`);
      },
    });
    const sweep: Record<string, number>[] = [];
    for (const modelWeight of MODEL_WEIGHTS) {
      for (const sessionWeight of SESSION_WEIGHTS) {
        sweep.push({ model_weight: modelWeight, session_weight: sessionWeight, ...at20(await validRanks(validNet, modelWeight, sessionWeight)) });
      }
    }
    const validBaseline = sessionKnnScorer(validTrain, n);
    const baselineValid = at20(validCases.map((c) => {
      validBaseline.scoreInto(c.history, scratch);
      return rankOf(scratch, c.target);
    }));
    validNet.dispose();
    const best = sweep.reduce((a, b) => (b.p_20! + b.mrr_20! > a.p_20! + a.mrr_20! ? b : a));
    log(`valid: session-kNN baseline ${baselineValid.p_20.toFixed(4)} / ${baselineValid.mrr_20.toFixed(4)}; best blend model ${best.model_weight} session ${best.session_weight}: ${best.p_20!.toFixed(4)} / ${best.mrr_20!.toFixed(4)}`);

    // --- Test: measured once. ---
    const table: Row[] = [];
    const metrics: Record<string, number> = {
      valid_session_knn_p_20: baselineValid.p_20, valid_session_knn_mrr_20: baselineValid.mrr_20,
      valid_best_model_weight: best.model_weight!, valid_best_session_weight: best.session_weight!, valid_best_p_20: best.p_20!, valid_best_mrr_20: best.mrr_20!,
    };
    const run = async (name: string, score: BatchScorer) => {
      const m = await evaluateRanking(score, cases, n, false);
      table.push({ model: name, p_20: m.hr_20, mrr_20: m.mrr_20, hr_10: m.hr_10, ndcg_10: m.ndcg_10 });
      log(`${name}: P@20 ${m.hr_20.toFixed(4)} MRR@20 ${m.mrr_20.toFixed(4)}`);
      return m;
    };
    const stan = new SessionKnn(sessionIndex(train, n));
    for (const [name, scorer] of [['popularity', popularityScorer(train, n)], ['session_knn', sessionKnnScorer(train, n)], ['session_knn_positional', stan]] as const) {
      const m = await run(name, batchOf(scorer));
      metrics[`${name}_p_20`] = m.hr_20;
      metrics[`${name}_mrr_20`] = m.mrr_20;
    }
    const net = new SequenceNet(shape, SequenceNet.initialWeights(shape, 1));
    await trainSequenceNet(net, train, { ...trainOptions, onProgress: (p) => log(`epoch ${p.epoch}: loss ${p.loss.toFixed(3)}, ${p.seconds.toFixed(1)} s`) });
    // 0.1.0's recommend(): model 0.3 + item-kNN 0.7, no rules, no session index.
    const old = await run("model 0.3 + item-kNN 0.7 (0.1.0's blend)", blendScorer(net, itemKnnScorer(cooccurrenceCosine(train, n)), 0.3));
    net.dispose();
    metrics.model_item_knn_p_20 = old.hr_20;
    metrics.model_item_knn_mrr_20 = old.mrr_20;

    // The library itself: trainRecommender() on the same sessions, recommend() on each test session's events.
    const recommender = await trainRecommender(train.map((s) => Array.from(s, String)), trainOptions);
    const t0 = performance.now();
    const ranks = new Int32Array(cases.length);
    for (let c = 0; c < cases.length; c++) {
      const { history, target } = cases[c] as RankingCase;
      const events = Array.from(history, (item, t) => ({ type: 'view' as const, productId: String(item), time: t * 1000, sessionId: 's' }));
      const top = await recommender.recommend(events, { topK: 20, excludeSeen: false });
      const r = top.findIndex((p) => p.productId === String(target));
      ranks[c] = r < 0 ? 20 : r;
    }
    const recommendMs = (performance.now() - t0) / cases.length;
    const { 'weights.bin': weights } = await recommender.toFiles();
    const sessionBytes = recommender.metadata.weightSpecs.filter((s) => s.name.startsWith('sessions_')).reduce((sum, s) => sum + 4 * (s.shape[0] as number), 0);
    recommender.dispose();
    const ours = at20(ranks);
    table.push({ model: `ours, library default: model ${DEFAULT_MODEL_WEIGHT} + item-kNN & rules, then session-kNN ${DEFAULT_SESSION_WEIGHT}`, p_20: ours.p_20, mrr_20: ours.mrr_20, hr_10: null, ndcg_10: null });
    log(`library default: P@20 ${ours.p_20.toFixed(4)} MRR@20 ${ours.mrr_20.toFixed(4)}; recommend() ${recommendMs.toFixed(2)} ms; weights ${weights.byteLength} bytes, session index ${sessionBytes}`);
    metrics.p_20 = ours.p_20;
    metrics.mrr_20 = ours.mrr_20;
    metrics.recommend_ms = recommendMs;
    metrics.weights_bytes = weights.byteLength;
    metrics.session_index_bytes = sessionBytes;
    metrics.train_seconds = curve[curve.length - 1]?.train_seconds ?? 0;
    metrics.leaked_tensors = tf.memory().numTensors - start;
    return { metrics, table, curve, sweep, sweep_session_knn: sweepSessionKnn };
  },
};

export default suite;
