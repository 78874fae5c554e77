/**
 * `npm run eval -- recommend-cold [--dataset <S3-Rec .txt> --attributes <item2attributes.json>] [--cold 0.05]
 *  [--epochs 3] [--seconds 0] [--valid-only]`
 *
 * Products that arrive after training (cold start), on Amazon Beauty with its item attributes. A share of the
 * products (`--cold`, seeded) is removed from training altogether; the library trains on the rest with their
 * attributes (`trainRecommender(…, { catalog })`), then places the removed ones with `addProducts()` and their
 * attributes. Cases are the S3-Rec ones (second-last item = validation, last = test) whose target is a cold
 * product, scored through `recommend()` as a returning shopper:
 * - `all`: full ranking over every product (cold products have no neighbours, only the model's score);
 * - `new`: ranking among the cold products only (a "new for you" list, `filter`).
 * Twelve placements are compared on validation: the vector (`learned`: the mean of the attribute vectors the
 * model learned; `neighbours`: the mean embedding of known products sharing each attribute; `mean`: of the two),
 * as is or scaled to the products' mean vector length, with the mean bias or that of the products sharing its
 * attributes. The criterion is the mean of the two validation NDCG@10s; the test cases are scored for the chosen
 * placement and three others (below), never with `--valid-only`. The run also checks that addProducts() places
 * products exactly as "learned, scaled, neighbours bias" (what validation chose).
 */
import * as tf from '@tensorflow/tfjs';
import { seededRandom } from '../../src/core/random.ts';
import { catalogFromAttributes } from '../../src/pipeline/catalog.ts';
import { holdoutEvents, listerCaseMetrics, type TopLister } from '../../src/pipeline/recommend-holdout.ts';
import { trainRecommender } from '../../src/recommend/create.ts';
import { parseSequences, type RankingCase } from '../../src/recommend/dataset.ts';
import { coldStartSource, embeddingFromLearned, meanOfAttributes, meanVectorLength, type ProductInfo } from '../../src/recommend/lists.ts';
import { stateFrom } from '../../src/recommend/persistence.ts';
import { RecommenderImpl, guardedRecommender, type Recommender } from '../../src/recommend/recommender.ts';
import type { RecommenderMetadata } from '../../src/recommend/check-metadata.ts';
import type { Row, Suite } from '../harness/types.ts';
import { num } from './recommend.ts';
import { DEFAULT_DATASET } from './recommend-published.ts';

/** HR@10 / NDCG@10 / HR@50 of `model.recommend()` on the cases, over all products or the cold ones only. */
async function coldMetrics(model: Recommender, cases: readonly RankingCase[], ids: readonly string[], cold: ReadonlySet<string>, onlyNew: boolean) {
  const filter = onlyNew ? { filter: (id: string) => cold.has(id) } : {};
  const list: TopLister = async (history, exclude, k) =>
    (await model.recommend(holdoutEvents(history, true), { topK: k, exclude, ...filter })).map((p) => p.productId);
  const m = await listerCaseMetrics(cases, ids, list, { ks: [10, 50] });
  return { hr_10: m.hr[10] as number, ndcg_10: m.ndcg[10] as number, hr_50: m.hr[50] as number };
}

const suite: Suite = {
  description: 'Recommendations: cold start of products added after training, placed by their attributes',
  async run({ options, data, log }) {
    const startTensors = tf.memory().numTensors;
    const custom = typeof options.dataset === 'string';
    if (custom && typeof options.attributes !== 'string') throw new Error('With --dataset, pass --attributes <its item2attributes.json>.');
    const text = custom ? await (await fetch(options.dataset as string)).text() : await data.text(DEFAULT_DATASET);
    const attrFile = custom ? options.attributes as string : DEFAULT_DATASET.replace(/\.txt$/, '_item2attributes.json');
    const attrText = attrFile.startsWith('/') ? await (await fetch(attrFile)).text() : await data.text(attrFile);
    const products = new Map(catalogFromAttributes(attrText, attrFile).map((p) => [p.productId, p]));
    const parsed = parseSequences(text);
    const ids = parsed.itemIds;
    const share = num(options.cold, 0.05);
    const random = seededRandom(num(options.seed, 7));
    const cold = new Set(ids.filter((id) => products.get(id)?.attributes?.length && random() < share));
    const long = parsed.sequences.map((seq, user) => ({ seq, user })).filter(({ seq }) => seq.length >= 3);
    const train = long.map(({ seq }) => Array.from(seq.subarray(0, -2), (i) => ids[i] as string).filter((id) => !cold.has(id))).filter((s) => s.length > 0);
    const cases = (offset: number): RankingCase[] => long.filter(({ seq }) => cold.has(ids[seq[seq.length - offset] as number] as string))
      .map(({ seq, user }) => ({ history: seq.subarray(0, seq.length - offset), target: seq[seq.length - offset] as number, user }));
    const validation = cases(2);
    const test = cases(1);
    log(`${ids.length} products, ${cold.size} cold (${(100 * cold.size / ids.length).toFixed(1)} %), ${train.length} training sequences; ` +
      `${validation.length} validation and ${test.length} test cases with a cold target`);

    const catalog: ProductInfo[] = ids.filter((id) => !cold.has(id)).map((id) => products.get(id) ?? { productId: id });
    const t0 = performance.now();
    const trained = await trainRecommender(train, {
      catalog, epochs: num(options.epochs, 3), maxSeconds: num(options.seconds, 0),
      onEpochEnd: (p) => { log(`epoch ${p.epoch}: loss ${p.loss.toFixed(3)}, ${p.seconds.toFixed(0)} s`); },
    });
    const trainSeconds = (performance.now() - t0) / 1000;
    const files = await trained.toFiles();
    trained.dispose();
    const bytes = files['weights.bin'] as Uint8Array;
    const state = stateFrom(JSON.parse(files['metadata.json'] as string) as RecommenderMetadata,
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, 'the trained model');
    const learned = state.learnedAttributes;
    log(`learned attribute vectors: ${learned?.names.length ?? 0}`);
    const d = state.dim;
    // The placements compared: vector (neighbours, learned, their mean; each as is or scaled to the mean length of
    // the trained products' vectors) × bias (the mean bias, or the mean bias of the products sharing its attributes),
    // from what addProducts() reads of the trained model (coldStartSource).
    const newProducts = [...cold].map((id) => products.get(id) as ProductInfo);
    const source = coldStartSource(newProducts, { attributes: state.attributes, items: state.items, bias: state.bias, dim: d, learned });
    const scaled = (v: Float32Array) => { const f = source.meanLength / (meanVectorLength(v, d) || 1); return v.map((x) => x * f); };
    const vectorsOf = (p: ProductInfo) => {
      const a = meanOfAttributes(p.attributes ?? [], source.vectors, d);
      const b = learned ? embeddingFromLearned(p, learned, d) : null;
      const ab = a && b ? a.map((x, k) => (x + (b[k] as number)) / 2) : null;
      return { neighbours: a, learned: b, mean: ab };
    };
    const per = newProducts.map((p) => ({ p, v: vectorsOf(p), bias: meanOfAttributes(p.attributes ?? [], source.biases, 1)?.[0] }));
    const variants: { name: string; vector: (x: typeof per[number]) => Float32Array | null; bias: (x: typeof per[number]) => number | undefined }[] = [];
    for (const kind of ['neighbours', 'learned', 'mean'] as const) {
      for (const norm of [false, true]) {
        for (const bias of ['mean', 'neighbours'] as const) {
          variants.push({
            name: `${kind}${norm ? ', scaled' : ''}, ${bias} bias`,
            vector: (x) => { const v = x.v[kind]; return v && norm ? scaled(v) : v; },
            bias: (x) => (bias === 'mean' ? undefined : x.bias),
          });
        }
      }
    }
    const withPlacement = (variant: typeof variants[number]) => {
      const impl = new RecommenderImpl(state);
      const placed = impl.placeProducts(per.flatMap((x) => {
        const vector = variant.vector(x);
        return vector ? [{ id: x.p.productId, vector, attributes: [...(x.p.attributes ?? [])], bias: variant.bias(x) }] : [];
      })).length;
      return { model: guardedRecommender(impl), placed };
    };
    const rows: Row[] = [];
    const metrics: Record<string, number> = { train_seconds: trainSeconds, cold_products: cold.size, validation_cases: validation.length, test_cases: test.length };
    const scores: number[] = [];
    for (const variant of variants) {
      const { model, placed } = withPlacement(variant);
      try {
        const all = await coldMetrics(model, validation, ids, cold, false);
        const only = await coldMetrics(model, validation, ids, cold, true);
        // The criterion, fixed before the runs: the mean of the two validation NDCG@10s.
        scores.push((all.ndcg_10 + only.ndcg_10) / 2);
        log(`${variant.name}: placed ${placed}; valid all HR@10 ${all.hr_10.toFixed(4)} NDCG@10 ${all.ndcg_10.toFixed(4)} HR@50 ${all.hr_50.toFixed(4)}; ` +
          `new HR@10 ${only.hr_10.toFixed(4)} NDCG@10 ${only.ndcg_10.toFixed(4)} HR@50 ${only.hr_50.toFixed(4)}`);
        rows.push({ model: variant.name, split: 'valid', placed, all_hr_10: all.hr_10, all_ndcg_10: all.ndcg_10, all_hr_50: all.hr_50, new_hr_10: only.hr_10, new_ndcg_10: only.ndcg_10, new_hr_50: only.hr_50 });
      } finally {
        model.dispose();
      }
    }
    // addProducts() itself, against the placement it implements (learned vectors, scaled, the neighbours' bias).
    {
      const library = guardedRecommender(new RecommenderImpl(state));
      library.addProducts(newProducts);
      const reference = withPlacement(variants[7]!).model;
      let diff = 0;
      for (const id of cold) {
        const [a, b] = [library.embedding(id), reference.embedding(id)];
        diff = Math.max(diff, !a || !b ? Infinity : Math.max(...a.map((x, k) => Math.abs(x - (b[k] as number)))));
      }
      metrics.library_max_difference = diff;
      log(`addProducts() against "${variants[7]!.name}": largest difference ${diff}`);
      library.dispose();
      reference.dispose();
    }
    const best = scores.indexOf(Math.max(...scores));
    log(`chosen on validation (mean of the NDCG@10s): ${variants[best]!.name}`);
    metrics.chosen = best;
    if (options['valid-only'] === undefined) {
      // The test cases: the chosen placement, the neighbours' one like it (for models that learned no attribute
      // vectors), and the two of earlier versions (neighbours; learned), with the mean bias.
      for (const at of [...new Set([best, 3, 0, 4])]) {
        const variant = variants[at]!;
        const { model, placed } = withPlacement(variant);
        try {
          const all = await coldMetrics(model, test, ids, cold, false);
          const only = await coldMetrics(model, test, ids, cold, true);
          rows.push({ model: `${variant.name}${at === best ? ' (chosen)' : ''}`, split: 'test', placed, all_hr_10: all.hr_10, all_ndcg_10: all.ndcg_10, all_hr_50: all.hr_50, new_hr_10: only.hr_10, new_ndcg_10: only.ndcg_10, new_hr_50: only.hr_50 });
          if (at === best) Object.assign(metrics, { all_hr_10: all.hr_10, all_ndcg_10: all.ndcg_10, new_hr_10: only.hr_10, new_ndcg_10: only.ndcg_10 });
        } finally {
          model.dispose();
        }
      }
    }
    rows.push({ model: 'random among the cold products', split: 'either', new_hr_10: 10 / cold.size, new_hr_50: 50 / cold.size });
    return { metrics, table: rows, leakedTensors: tf.memory().numTensors - startTensors };
  },
};

export default suite;
