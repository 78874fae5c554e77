/**
 * `npm run eval -- sessions [--seconds 60] [--epochs 20]`: session-based next click on the DIGINETICA sample
 * (diginetica_sample/sample_train-item-views.csv). Each session's last click is the target, its earlier clicks the
 * history; every model trains on the sessions without their last click. Full ranking, history not masked (repeat
 * views are real). P@20 (= HR@20 with one target) and MRR@20 for our model vs session-kNN and popularity.
 */
import * as tf from '@tensorflow/tfjs';
import { itemKnnScorer, cooccurrenceCosine, popularityScorer, sessionKnnScorer } from '../../src/recommend/baselines.ts';
import type { RankingCase } from '../../src/recommend/dataset.ts';
import { batchOf, type BatchScorer } from '../../src/recommend/protocol.ts';
import { DEFAULT_MODEL_WEIGHT } from '../../src/recommend/create.ts';
import { blendScorer } from '../../src/recommend/scoring.ts';
import { SequenceNet } from '../../src/recommend/sequence-model.ts';
import { trainSequenceNet } from '../../src/recommend/train.ts';
import type { Row, Suite } from '../harness/types.ts';
import { evaluateRanking, num } from './recommend.ts';

const FILE = 'diginetica_sample/sample_train-item-views.csv';

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
    const table: Row[] = [];
    const metrics: Record<string, number> = {};
    const run = async (name: string, score: BatchScorer) => {
      const m = await evaluateRanking(score, cases, n, false);
      table.push({ model: name, p_20: m.hr_20, mrr_20: m.mrr_20, hr_10: m.hr_10, ndcg_10: m.ndcg_10 });
      log(`${name}: P@20 ${m.hr_20.toFixed(4)} MRR@20 ${m.mrr_20.toFixed(4)}`);
      return m;
    };
    for (const [name, scorer] of [['popularity', popularityScorer(train, n)], ['session_knn', sessionKnnScorer(train, n)]] as const) {
      const m = await run(name, batchOf(scorer));
      metrics[`${name}_p_20`] = m.hr_20;
      metrics[`${name}_mrr_20`] = m.mrr_20;
    }
    const shape = { numItems: n, dim: 64, window: 20 };
    const net = new SequenceNet(shape, SequenceNet.initialWeights(shape, 1));
    const history = await trainSequenceNet(net, train, {
      epochs: num(options.epochs, 20), maxSeconds: num(options.seconds, 60), negatives: 256, batchSize: 256, learningRate: 0.005, seed: 1,
      onProgress: (p) => log(`epoch ${p.epoch}: loss ${p.loss.toFixed(3)}, ${p.seconds.toFixed(1)} s`),
    });
    // The library's default blend weight (chosen on Beauty's validation split); this sample has no validation split.
    const alpha = DEFAULT_MODEL_WEIGHT;
    const ours = await run(`ours (model ${alpha} + item-kNN ${+(1 - alpha).toFixed(2)})`, blendScorer(net, itemKnnScorer(cooccurrenceCosine(train, n)), alpha));
    net.dispose();
    metrics.p_20 = ours.hr_20;
    metrics.mrr_20 = ours.mrr_20;
    metrics.train_seconds = history[history.length - 1]?.seconds ?? 0;
    metrics.leaked_tensors = tf.memory().numTensors - start;
    return { metrics, table };
  },
};

export default suite;
