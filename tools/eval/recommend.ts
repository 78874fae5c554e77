/**
 * `npm run eval -- recommend [--dataset <S3-Rec .txt>] [--attributes <json>] [--seconds 240] [--epochs 60]
 *  [--negatives 2048] [--batch 256] [--lr 0.005] [--dropout 0.3] [--dim 64] [--window 20] [--tied 1] [--eval-every 1] [--patience 2]
 *  [--baselines skip] [--valid-only]
 *  [--out r.json]`
 *
 * Next-item recommendation with the S3-Rec protocol (last item = test, second-last = validation, training on the
 * items before the validation target, full ranking over all items, the user's history masked). Trains our model in
 * this page (WASM or WebGPU), selects the epoch and the item-kNN blend weight on validation, and reports test
 * HR@5/10/20, NDCG@5/10/20, MRR for it and for the baselines (popularity, item-kNN, session-kNN, sequential rules).
 * The headline is the library's for a returning shopper (more than one session): model + item-kNN + sequential
 * rules (KNN_MIX), then recommend()'s positional session-kNN at a weight chosen on validation (`session_sweep`).
 * Beside it: the blend without session-kNN, and an eval-only one with plain session-kNN in the neighbourhood part.
 * JSON `curve`: validation HR@10 / NDCG@10 of the model
 * alone against training seconds, per evaluation.
 * Validation runs every `--eval-every` epochs; training stops after `--patience` validations without a better
 * NDCG@10 (0: never), or at `--seconds`.
 * `--valid-only` stops after training: the validation curve only, the test split never scored.
 * `--attributes [<json>]` (S3-Rec's item2attributes layout; alone: Beauty's) adds learned attribute embeddings to
 * the item embeddings while training.
 */
import * as tf from '@tensorflow/tfjs';
import { cooccurrenceCosine, itemKnnScorer, KNN_MIX, mixScorers, popularityScorer, sequentialRules, sessionKnnScorer, type SequenceScorer } from '../../src/recommend/baselines.ts';
import { leaveOneOut, parseSequences, type RankingCase } from '../../src/recommend/dataset.ts';
import { coverage, rankingMetrics } from '../../src/recommend/metrics.ts';
import { batchOf, rankCases, type BatchScorer } from '../../src/recommend/protocol.ts';
import { blendScorer, scoreWindows, withSessionKnn } from '../../src/recommend/scoring.ts';
import { SequenceNet, type SequenceModelShape, type SequenceModelWeights } from '../../src/recommend/sequence-model.ts';
import { trainSequenceNet } from '../../src/recommend/train.ts';
import { SessionKnn, sessionIndex } from '../../src/recommend/session-knn.ts';
import { itemAttributeTable } from '../../src/recommend/attribute-table.ts';
import { catalogFromAttributes } from '../../src/pipeline/catalog.ts';
import type { Row, Suite, SuiteResult } from '../harness/types.ts';
import { DEFAULT_DATASET, publishedRows } from './recommend-published.ts';

/** Weights of session-kNN on top of the library blend, swept on validation (0 = the library blend alone). */
const SESSION_WEIGHTS = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7];

export async function evaluateRanking(score: BatchScorer, cases: readonly RankingCase[], numItems: number, maskHistory = true) {
  const { ranks, tops } = await rankCases(score, cases, numItems, { batchSize: 512, maskHistory, coverageK: 10 });
  const m = rankingMetrics(ranks, [5, 10, 20], 20);
  return {
    hr_5: m.hr[5] as number, hr_10: m.hr[10] as number, hr_20: m.hr[20] as number,
    ndcg_5: m.ndcg[5] as number, ndcg_10: m.ndcg[10] as number, ndcg_20: m.ndcg[20] as number,
    mrr: m.mrr, mrr_20: m.mrrAt as number, coverage_10: coverage(tops, numItems),
  };
}

export const num = (v: string | boolean | undefined, d: number) => (typeof v === 'string' ? Number(v) : d);

const suite: Suite = {
  description: 'Recommendations: next item, full ranking, S3-Rec protocol',
  async run({ options, data, log, runtime }) {
    const startTensors = tf.memory().numTensors;
    const text = typeof options.dataset === 'string' ? await (await fetch(options.dataset)).text() : await data.text(DEFAULT_DATASET);
    const parsed = parseSequences(text);
    const split = leaveOneOut(parsed);
    const n = split.numItems;
    log(`${parsed.sequences.length} users, ${n} items, ${split.test.length} test cases`);

    const table: Row[] = [];
    const baselines: Record<string, Record<string, number>> = {};
    const cosine = cooccurrenceCosine(split.train, n);
    const itemKnn = itemKnnScorer(cosine, 0.8);
    // What trainRecommender keeps: 200 neighbours per product (on Beauty validation the same figures as all of them).
    const cosine200 = cooccurrenceCosine(split.train, n, 200);
    const rules = itemKnnScorer(sequentialRules(split.train, n, KNN_MIX.ruleSteps, 200), KNN_MIX.decay);
    const sessionKnn = sessionKnnScorer(split.train, n);
    const scorers: [string, SequenceScorer][] = [
      ['popularity', popularityScorer(split.train, n)],
      ['item_knn', itemKnn],
      ['session_knn', sessionKnn],
      ['sequential_rules', rules],
    ];
    // The neighbourhood parts of the blend: the library's (recommend() mixes item-kNN and sequential rules,
    // KNN_MIX), and one that adds plain session-kNN (recommend() mixes a positional one only into anonymous
    // sessions, docs/recommend.md); each on validation alone first.
    const mixes: { name: string; scorer: SequenceScorer; library: boolean }[] = [
      { name: 'item-kNN 0.6 + rules 0.4', scorer: mixScorers([[itemKnnScorer(cosine200, KNN_MIX.decay), KNN_MIX.itemKnn], [rules, KNN_MIX.rules]]), library: true },
      { name: 'item-kNN 0.4 + rules 0.4 + session-kNN 0.2', scorer: mixScorers([[itemKnnScorer(cosine200, KNN_MIX.decay), 0.4], [rules, 0.4], [sessionKnn, 0.2]]), library: false },
    ];
    if (options.baselines !== 'skip') {
      for (const [name, scorer] of scorers) {
        const t = performance.now();
        const m = await evaluateRanking(batchOf(scorer), split.test, n);
        baselines[name] = m;
        log(`${name}: HR@10 ${m.hr_10.toFixed(4)} NDCG@10 ${m.ndcg_10.toFixed(4)} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
        table.push({ model: name, ...m });
      }
    }
    const mixValidation: Record<string, Record<string, number>> = {};
    for (const mix of mixes) {
      const v = await evaluateRanking(batchOf(mix.scorer), split.validation, n);
      mixValidation[mix.name] = { hr_10: v.hr_10, ndcg_10: v.ndcg_10 };
      log(`${mix.name}: valid HR@10 ${v.hr_10.toFixed(4)} NDCG@10 ${v.ndcg_10.toFixed(4)}`);
    }

    const dim = num(options.dim, 64);
    const window = num(options.window, 20);
    const negatives = num(options.negatives, 2048);
    // Tied input/output embeddings, as trainRecommender's default (`--tied 0`: an output table of its own).
    const shape: SequenceModelShape = { numItems: n, dim, window, tied: options.tied !== '0' && options.tied !== 'false' };
    const seed = num(options.seed, 1);
    // --attributes: item attribute embeddings added to the item embeddings while training (S3-Rec's JSON).
    const bare = options.attributes === true || options.attributes === 'default';
    if (bare && typeof options.dataset === 'string') throw new Error('--attributes alone means Beauty\'s attributes: with --dataset, pass --attributes <its item2attributes.json>.');
    const attrFile = bare ? DEFAULT_DATASET.replace(/\.txt$/, '_item2attributes.json') : options.attributes;
    const attrText = typeof attrFile !== 'string' ? null : attrFile.startsWith('/') ? await (await fetch(attrFile)).text() : await data.text(attrFile);
    const byId = new Map(attrText === null ? [] : catalogFromAttributes(attrText, String(attrFile)).map((p) => [p.productId, p.attributes]));
    const attributes = attrText === null ? undefined : itemAttributeTable(parsed.itemIds.map((id) => byId.get(id))) ?? undefined;
    if (attributes) log(`attributes: ${attributes.count} kinds, up to ${attributes.perItem} per item`);
    const net = new SequenceNet(shape, SequenceNet.initialWeights(shape, seed, attributes?.count), attributes);
    const evalEvery = num(options['eval-every'], 1);
    const patience = num(options.patience, 2);
    const curve: Record<string, number>[] = [];
    let best: { ndcg: number; epoch: number; seconds: number; weights: SequenceModelWeights | null } = { ndcg: -1, epoch: 0, seconds: 0, weights: null };
    let worse = 0;
    const history = await trainSequenceNet(net, split.train, {
      epochs: num(options.epochs, 60),
      maxSeconds: num(options.seconds, 240),
      negatives,
      batchSize: num(options.batch, 256),
      learningRate: num(options.lr, 0.005),
      dropout: num(options.dropout, 0.3),
      seed,
      onProgress: (p) => log(`epoch ${p.epoch}: loss ${p.loss.toFixed(4)}, ${p.seconds.toFixed(1)} s`),
      onEpochEnd: async (p) => {
        if (p.epoch % evalEvery !== 0 && !(p.seconds >= num(options.seconds, 240))) return false;
        const v = await evaluateRanking((h) => scoreWindows(net, h), split.validation, n);
        curve.push({ epoch: p.epoch, train_seconds: p.seconds, loss: p.loss, valid_hr_10: v.hr_10, valid_ndcg_10: v.ndcg_10 });
        log(`  valid HR@10 ${v.hr_10.toFixed(4)} NDCG@10 ${v.ndcg_10.toFixed(4)}`);
        if (v.ndcg_10 > best.ndcg) {
          best = { ndcg: v.ndcg_10, epoch: p.epoch, seconds: p.seconds, weights: await net.weights() };
          worse = 0;
          return false;
        }
        if (patience === 0 || ++worse < patience) return false;
        log(`  no better validation for ${patience} evaluation(s): stopping, best epoch ${best.epoch}`);
        return true;
      },
    });
    const last = history[history.length - 1];
    net.dispose();
    const chosen = new SequenceNet(shape, best.weights ?? SequenceNet.initialWeights(shape, seed));
    // Blend weight of the model against each neighbourhood part, chosen on validation; the library's first.
    const choices: { name: string; library: boolean; alpha: number; valid_ndcg_10: number; valid_hr_10: number }[] = [];
    for (const mix of mixes) {
      let bestBlend = { alpha: 1, ndcg: -1, hr: -1 };
      for (const alpha of [1, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1]) {
        const v = await evaluateRanking(blendScorer(chosen, mix.scorer, alpha), split.validation, n);
        log(`${mix.name}, alpha ${alpha}: valid HR@10 ${v.hr_10.toFixed(4)} NDCG@10 ${v.ndcg_10.toFixed(4)}`);
        if (v.ndcg_10 > bestBlend.ndcg) bestBlend = { alpha, ndcg: v.ndcg_10, hr: v.hr_10 };
      }
      choices.push({ name: mix.name, library: mix.library, alpha: bestBlend.alpha, valid_ndcg_10: bestBlend.ndcg, valid_hr_10: bestBlend.hr });
    }
    // What recommend() gives a returning shopper: session-kNN (its positional one, over the index trainRecommender
    // keeps) mixed on top of that blend at weight w (returningSessionWeight; 0 = the blend alone). w is chosen on
    // validation at the blend's alpha; the library's default came from this sweep on Beauty.
    const libraryChoice = choices[0] as (typeof choices)[number];
    const sessions = new SessionKnn(sessionIndex(split.train, n));
    const libraryBlend = blendScorer(chosen, (mixes[0] as (typeof mixes)[number]).scorer, libraryChoice.alpha);
    let sessionChoice = { weight: 0, valid_ndcg_10: libraryChoice.valid_ndcg_10, valid_hr_10: libraryChoice.valid_hr_10 };
    const sessionSweep: Record<string, number>[] = [{ weight: 0, valid_hr_10: libraryChoice.valid_hr_10, valid_ndcg_10: libraryChoice.valid_ndcg_10 }];
    for (const weight of SESSION_WEIGHTS) {
      const v = await evaluateRanking(withSessionKnn(libraryBlend, sessions, weight, cosine200), split.validation, n);
      sessionSweep.push({ weight, valid_hr_10: v.hr_10, valid_ndcg_10: v.ndcg_10 });
      log(`library blend + session-kNN ${weight}: valid HR@10 ${v.hr_10.toFixed(4)} NDCG@10 ${v.ndcg_10.toFixed(4)}`);
      if (v.ndcg_10 > sessionChoice.valid_ndcg_10) sessionChoice = { weight, valid_ndcg_10: v.ndcg_10, valid_hr_10: v.hr_10 };
    }
    // --valid-only: the validation curve and blends alone, for comparisons that must not read the test split.
    if (options['valid-only']) {
      chosen.dispose();
      return {
        metrics: { best_epoch: best.epoch, best_valid_ndcg_10: best.ndcg, train_seconds: best.seconds, epochs_run: history.length, blend_alpha: libraryChoice.alpha, blend_valid_hr_10: libraryChoice.valid_hr_10, blend_valid_ndcg_10: libraryChoice.valid_ndcg_10 },
        table: curve, curve, blends: choices, session_sweep: sessionSweep, session_choice: sessionChoice, config: { dim, window, seed, negatives, attributes: attributes !== undefined, backend: runtime.backend },
      } as SuiteResult;
    }
    const modelOnly = await evaluateRanking((h) => scoreWindows(chosen, h), split.test, n);
    table.push({ model: 'ours: sequence model alone', ...modelOnly });
    const blends: ((typeof choices)[number] & { test: Awaited<ReturnType<typeof evaluateRanking>> })[] = [];
    for (const [i, c] of choices.entries()) blends.push({ ...c, test: await evaluateRanking(blendScorer(chosen, (mixes[i] as (typeof mixes)[number]).scorer, c.alpha), split.test, n) });
    const withSessions = await evaluateRanking(withSessionKnn(libraryBlend, sessions, sessionChoice.weight, cosine200), split.test, n);
    chosen.dispose();
    const bestBlend = blends[0] as (typeof blends)[number];
    blends.slice().reverse().forEach((b) => table.unshift({
      model: `ours${b.library ? ', without session-kNN' : ' (eval only)'}: alpha ${b.alpha} × model + ${b.name}`, ...b.test, train_seconds: best.seconds,
    }));
    table.unshift({ model: `ours (the library, returning shopper): alpha ${bestBlend.alpha} × model + ${bestBlend.name}, then session-kNN ${sessionChoice.weight}`, ...withSessions, train_seconds: best.seconds });
    table.push(...publishedRows(options.dataset));
    return {
      metrics: {
        ...withSessions, train_seconds: best.seconds, train_seconds_total: last?.seconds ?? 0, epochs_run: history.length,
        best_epoch: best.epoch, blend_alpha: bestBlend.alpha, session_weight: sessionChoice.weight,
        without_session_knn_hr_10: bestBlend.test.hr_10, without_session_knn_ndcg_10: bestBlend.test.ndcg_10,
        with_session_knn_hr_10: (blends[1] as (typeof blends)[number]).test.hr_10, with_session_knn_ndcg_10: (blends[1] as (typeof blends)[number]).test.ndcg_10,
        leaked_tensors: tf.memory().numTensors - startTensors,
      },
      table,
      baselines,
      model_alone: modelOnly,
      neighbourhood_validation: mixValidation,
      blends: choices,
      session_sweep: sessionSweep,
      curve,
      config: { dim, window, seed, negatives, tied: shape.tied === true, attributes: attributes !== undefined, backend: runtime.backend },
    };
  },
};

export default suite;
