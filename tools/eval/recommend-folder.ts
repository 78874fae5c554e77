/**
 * `npm run eval -- recommend-folder --model <folder> [--dataset <S3-Rec .txt>]`
 *
 * Scores a recommender folder trained elsewhere (e.g. by tools/distributed/train_recommender.py --holdout) with the
 * library's own code and the protocol of tools/eval/recommend.ts: S3-Rec leave-one-out on Amazon Beauty, full ranking
 * over all items, the user's earlier items masked. The folder is loaded twice: through `loadRecommender(url)` (what a
 * shop's page does: manifest, checksums, metadata checks) and into the training-side SequenceNet, whose batch scoring
 * (`scoreWindows`, `blendScorer`) the browser-trained eval uses. The blend weight is chosen on validation as there.
 * The folder must list the data set's items in parseSequences order (what the job writes).
 */
import { loadRecommender } from '../../src/recommend/persistence.ts';
import { cooccurrenceCosine, itemKnnScorer } from '../../src/recommend/baselines.ts';
import { leaveOneOut, parseSequences } from '../../src/recommend/dataset.ts';
import type { RecommenderMetadata } from '../../src/recommend/check-metadata.ts';
import { blendScorer, scoreWindows } from '../../src/recommend/scoring.ts';
import { SequenceNet } from '../../src/recommend/sequence-model.ts';
import { unpackArrays } from '../../src/recommend/state.ts';
import type { Row, Suite } from '../harness/types.ts';
import { evaluateRanking } from './recommend.ts';
import { DEFAULT_DATASET, publishedRows } from './recommend-published.ts';


const suite: Suite = {
  description: 'Recommendations: a folder trained elsewhere, scored by the library (S3-Rec protocol, full ranking)',
  async run({ options, data, log }) {
    if (typeof options.model !== 'string') throw new Error('Pass --model <folder> (what train_recommender.py --holdout wrote).');
    const folder = options.model.replace(/\/?$/, '/');
    const text = typeof options.dataset === 'string' ? await (await fetch(options.dataset)).text() : await data.text(DEFAULT_DATASET);
    const parsed = parseSequences(text);
    const split = leaveOneOut(parsed);
    const n = split.numItems;

    // What a shop's page does: the loader verifies the manifest and the metadata; it must accept the folder unchanged.
    const loaded = await loadRecommender(folder);
    const meta = loaded.metadata as RecommenderMetadata;
    loaded.dispose();
    if (meta.productIds.length !== n || meta.productIds.some((id, i) => id !== parsed.itemIds[i])) {
      throw new Error(`${folder} does not list the data set's ${n} items in order of first appearance; train it on this file.`);
    }
    const weights = unpackArrays(meta.weightSpecs, await (await fetch(`${folder}${meta.weights}`)).arrayBuffer());
    const f = (name: string) => weights.get(name) as Float32Array;
    const shape = { numItems: n, dim: meta.dim, window: meta.window };
    const net = new SequenceNet(shape, {
      input: f('input'), output: f('items'), bias: f('bias'), position: f('position'), dense: f('dense'), denseBias: f('dense_bias'),
    });
    log(`${folder}: ${n} items, dim ${meta.dim}, window ${meta.window}; trained by ${JSON.stringify((meta.info as Record<string, unknown>).engine ?? 'unknown')}`);
    const knn = itemKnnScorer(cooccurrenceCosine(split.train, n), 0.8);
    try {
      const modelOnly = await evaluateRanking((h) => scoreWindows(net, h), split.test, n);
      const validModel = await evaluateRanking((h) => scoreWindows(net, h), split.validation, n);
      log(`model alone: valid HR@10 ${validModel.hr_10.toFixed(4)} NDCG@10 ${validModel.ndcg_10.toFixed(4)}; test HR@10 ${modelOnly.hr_10.toFixed(4)} NDCG@10 ${modelOnly.ndcg_10.toFixed(4)}`);
      let best = { alpha: 1, ndcg: -1 };
      for (const alpha of [1, 0.7, 0.5, 0.3, 0.2, 0.1]) {
        const v = await evaluateRanking(blendScorer(net, knn, alpha), split.validation, n);
        log(`blend alpha ${alpha}: valid NDCG@10 ${v.ndcg_10.toFixed(4)}`);
        if (v.ndcg_10 > best.ndcg) best = { alpha, ndcg: v.ndcg_10 };
      }
      const ours = await evaluateRanking(blendScorer(net, knn, best.alpha), split.test, n);
      log(`blend alpha ${best.alpha}: test HR@10 ${ours.hr_10.toFixed(4)} NDCG@10 ${ours.ndcg_10.toFixed(4)}`);
      const table: Row[] = [
        { model: `folder + item-kNN (blend alpha ${best.alpha}, chosen on validation)`, ...ours },
        { model: 'folder: sequence model alone', ...modelOnly },
        ...publishedRows(options.dataset),
      ];
      return {
        metrics: { ...ours, blend_alpha: best.alpha, model_alone_hr_10: modelOnly.hr_10, model_alone_ndcg_10: modelOnly.ndcg_10,
          valid_model_alone_hr_10: validModel.hr_10, valid_model_alone_ndcg_10: validModel.ndcg_10 },
        table,
        model_alone: modelOnly,
        provenance: meta.info,
      };
    } finally {
      net.dispose();
    }
  },
};

export default suite;
