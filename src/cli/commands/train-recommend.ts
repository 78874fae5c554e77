/**
 * `storefront-ml train recommend`: event log → per-shopper sequences → trainRecommender (the library's own, on
 * TensorFlow.js WASM in Node) → the folder recommender.toFiles() writes, which loadRecommender() loads as it is,
 * with provenance and a leave-one-out evaluation against popularity and item-kNN in metadata.json's `info`.
 */
import { isStorefrontError, StorefrontError } from '../../core/errors.ts';
import { getRuntimeInfo } from '../../runtime/index.ts';
import { userSequences } from '../../pipeline/event-log.ts';
import { catalogFromAttributes, catalogFromEvents } from '../../pipeline/catalog.ts';
import type { ProductInfo } from '../../recommend/lists.ts';
import { readInputFile } from '../input-file.ts';
import { baselineMetrics, holdoutEvents, listerMetrics, splitLeaveOneOut, type HoldoutMetrics } from '../../pipeline/recommend-holdout.ts';
import { trainRecommender, type Recommender } from '../../recommend/index.ts';
import { DEFAULT_MODEL_WEIGHT, DEFAULT_TIED_EMBEDDINGS, trainSelectingEpoch, type EpochSelection } from '../../recommend/create.ts';
import { TRAIN_DEFAULTS } from '../../recommend/train.ts';
import type { RecommenderTrainProgress } from '../../recommend/index.ts';
import { withAtomicDir } from '../atomic-dir.ts';
import type { Command, CommandContext } from '../command.ts';
import { EVENTS_OPTIONS, describeEventsInput, readEventsInput } from '../events-input.ts';
import { BACKEND_OPTION, describeRuntime, startNodeRuntime, type CliBackend } from '../node-runtime.ts';

const fmt = (x: number) => x.toFixed(4);

/** The first epoch with the highest validation NDCG@10 (what trainSelectingEpoch keeps). */
const bestEpoch = (curve: readonly { epoch: number; ndcg_10: number }[]) =>
  curve.reduce((b, p) => (p.ndcg_10 > b.ndcg_10 ? p : b), curve[0] as { epoch: number; ndcg_10: number }).epoch;

function metricsJson(m: HoldoutMetrics) {
  return { hr_5: m.hr[5], ndcg_5: m.ndcg[5], hr_10: m.hr[10], ndcg_10: m.ndcg[10], cases: m.cases };
}

async function train(ctx: CommandContext, sequences: string[][], label: string, options: Record<string, number | boolean> & { epochs: number }, catalog: readonly ProductInfo[], selection?: EpochSelection): Promise<{ model: Recommender; epochs: RecommenderTrainProgress[] }> {
  const bar = ctx.progress({ label, total: options.epochs, unit: 'epochs' });
  const epochs: RecommenderTrainProgress[] = [];
  bar.update(0);
  try {
    const trainOptions = {
      ...options,
      catalog,
      signal: ctx.signal,
      onProgress: (p: RecommenderTrainProgress) => { epochs.push(p); bar.update(p.epoch, `loss ${p.loss.toFixed(3)}`); },
    };
    const model = selection ? await trainSelectingEpoch(sequences, trainOptions, selection) : await trainRecommender(sequences, trainOptions);
    bar.finish();
    return { model, epochs };
  } catch (error) {
    bar.finish('stopped');
    throw error;
  }
}

export const trainRecommendCommand: Command = {
  name: 'train recommend',
  summary: 'Train the recommender on an event log and write a folder loadRecommender() loads.',
  usage: 'train recommend --events <file> --out <dir> [options]',
  description: [
    'Interactions: from the e-commerce CSV and history exports, views, cart additions and purchases, per shopper',
    '(user_id, else the session), ordered by time, immediate repeats of one product counted once; S3-Rec lines as they are.',
    '',
    'Evaluation (on by default): leave-one-out per shopper (last product = test, second-last = validation, training',
    'sees the products before it; shoppers with fewer than 3 give no case). The model is trained on the training part,',
    'ranked against popularity and item-kNN on the same test cases (full ranking, history masked), and that model is',
    'written. --refit retrains on everything afterwards and writes that model instead (the metadata says so).',
    '--patience n rates every epoch on the validation products (the test product is never seen), keeps the best epoch',
    'and stops after n epochs without a better one; --refit then trains that many epochs.',
    '',
    'Writes <dir>/metadata.json (format storefront-ml/recommender v1, files manifest with the weights\' bytes and',
    'SHA-256, info.provenance, info.evaluation) and <dir>/weights.bin. Host the folder; in the page:',
    'await loadRecommender(\'/models/recommend/\').',
  ].join('\n'),
  options: [
    ...EVENTS_OPTIONS,
    { name: 'out', type: 'string', valueName: '<dir>', required: true, description: 'Folder to write (created; atomic: nothing is left there on failure).' },
    { name: 'force', type: 'boolean', description: 'Replace --out if it exists and is not empty.' },
    { name: 'epochs', type: 'number', valueName: '<n>', integer: true, min: 1, max: 1000, default: TRAIN_DEFAULTS.epochs, description: 'Passes over the training data.' },
    { name: 'dim', type: 'number', valueName: '<n>', integer: true, min: 2, max: 1024, default: 64, description: 'Embedding width.' },
    { name: 'window', type: 'number', valueName: '<n>', integer: true, min: 1, max: 200, default: 20, description: 'Recent products the shopper encoder reads.' },
    { name: 'tied-embeddings', type: 'boolean', default: DEFAULT_TIED_EMBEDDINGS, description: 'Score products against the encoder\'s own product embeddings (--tied-embeddings=false: a second table).' },
    { name: 'seed', type: 'number', valueName: '<n>', integer: true, min: 0, max: 2 ** 31 - 1, default: TRAIN_DEFAULTS.seed, description: 'Seed of weights, shuffling and sampling.' },
    { name: 'batch-size', type: 'number', valueName: '<n>', integer: true, min: 1, max: 65536, default: TRAIN_DEFAULTS.batchSize, description: 'Examples per step.' },
    { name: 'negatives', type: 'number', valueName: '<n>', integer: true, min: 0, max: 1_000_000, default: TRAIN_DEFAULTS.negatives, description: 'Sampled negatives per step (0: full softmax).' },
    { name: 'dropout', type: 'number', valueName: '<x>', min: 0, max: 0.9, default: TRAIN_DEFAULTS.dropout, description: 'Dropout rate on the shopper vector during training.' },
    { name: 'learning-rate', type: 'number', valueName: '<x>', min: 1e-6, max: 1, default: TRAIN_DEFAULTS.learningRate, description: 'Adam learning rate.' },
    { name: 'model-weight', type: 'number', valueName: '<x>', min: 0, max: 1, default: DEFAULT_MODEL_WEIGHT, description: 'Weight of the learned model against item-kNN and sequential rules in recommend().' },
    { name: 'attributes', type: 'string', valueName: '<file|log>', description: 'Learn products\' attributes beside them (rarely seen products borrow from those sharing them): a JSON file of product id → attributes (S3-Rec\'s item2attributes.json as it is), or "log" for the log\'s own categories and brands.' },
    { name: 'max-users', type: 'number', valueName: '<n>', integer: true, min: 1, description: 'Use only the first n shoppers of the log (quick runs).' },
    { name: 'patience', type: 'number', valueName: '<n>', integer: true, min: 0, max: 1000, default: 0, description: 'Early stopping: rate each epoch on the validation products (NDCG@10 of the blend), stop after n epochs without a better one and keep the best epoch (--epochs is then the most); 0: off. Needs the evaluation.' },
    { name: 'evaluate', type: 'boolean', default: true, description: 'Hold out each shopper\'s last two products and evaluate (--evaluate=false: train on everything, no evaluation).' },
    { name: 'refit', type: 'boolean', description: 'After evaluating, retrain on all products and write that model.' },
    BACKEND_OPTION,
  ],
  examples: [
    'storefront-ml train recommend --events 2019-Oct.csv --out models/recommend/',
    'storefront-ml train recommend --events Beauty.txt --out beauty/ --epochs 3 --json',
    'storefront-ml train recommend --events Beauty.txt --attributes Beauty_item2attributes.json --out beauty/',
    'storefront-ml train recommend --events export.json --format history-export --out rec/ --evaluate=false',
  ],
  async run(ctx) {
    const o = ctx.options;
    const input = await readEventsInput(o, ctx.cwd);
    ctx.log(describeEventsInput(input));
    let { userIds, sequences, interactions, returning } = userSequences(input.log.events);
    const allUsers = userIds.length;
    if (typeof o['max-users'] === 'number' && o['max-users'] < sequences.length) {
      sequences = sequences.slice(0, o['max-users']);
      userIds = userIds.slice(0, o['max-users']);
      returning = returning.slice(0, o['max-users']);
      interactions = sequences.reduce((s, q) => s + q.length, 0);
    }
    if (sequences.length === 0) {
      throw new StorefrontError('INVALID_INPUT', `${input.file.name}: no shopper has a view, cart addition or purchase of a product. Check the event_type column or --format.`);
    }
    const products = new Set(sequences.flat()).size;
    ctx.log(`${sequences.length.toLocaleString('en-US')} shoppers${sequences.length < allUsers ? ` (first of ${allUsers.toLocaleString('en-US')})` : ''}, ${interactions.toLocaleString('en-US')} interactions, ${products.toLocaleString('en-US')} products`);
    let catalog: ProductInfo[] = [];
    let attributes: { source: string; sha256?: string; products: number } | null = null;
    if (o.attributes === 'log') {
      catalog = catalogFromEvents(input.log.events);
      if (catalog.length === 0) throw new StorefrontError('INVALID_INPUT', `--attributes log: ${input.file.name} gives no product a category or brand. Pass a JSON file of product id → attributes instead.`);
      attributes = { source: 'log', products: catalog.length };
    } else if (typeof o.attributes === 'string') {
      const file = await readInputFile(o.attributes, ctx.cwd, '--attributes');
      catalog = catalogFromAttributes(file.text(), file.name);
      attributes = { source: file.name, sha256: file.sha256, products: catalog.length };
    }
    if (attributes) ctx.log(`attributes: ${attributes.products.toLocaleString('en-US')} products from ${attributes.source}`);
    const runtime = await startNodeRuntime(o.backend as CliBackend);
    ctx.log(`backend: ${describeRuntime(runtime)}`);
    const trainOptions = {
      epochs: o.epochs as number, dim: o.dim as number, window: o.window as number, tiedEmbeddings: o['tied-embeddings'] !== false, seed: o.seed as number,
      batchSize: o['batch-size'] as number, negatives: o.negatives as number, learningRate: o['learning-rate'] as number, dropout: o.dropout as number,
      modelWeight: o['model-weight'] as number,
    };
    const evaluate = o.evaluate !== false;
    if (!evaluate && (o.patience as number) > 0) throw new StorefrontError('INVALID_OPTION', '--patience rates epochs on the held-out validation products: it needs the evaluation (drop --evaluate=false).');
    const started = performance.now();
    let model: Recommender | undefined;
    let evaluation: Record<string, unknown> | null = null;
    let epochs: RecommenderTrainProgress[] = [];
    let summaryEval: string[] = [];
    try {
      if (evaluate) {
        const split = splitLeaveOneOut(sequences);
        if (split.split.test.length === 0) {
          throw new StorefrontError('INVALID_INPUT', `${input.file.name}: no shopper has 3 or more products, so there is nothing to hold out. Pass --evaluate=false to train without evaluation.`);
        }
        const patience = o.patience as number;
        const validation: { epoch: number; seconds: number; hr_10: number; ndcg_10: number }[] = [];
        const validSplit = { ...split, split: { ...split.split, test: split.split.validation } };
        const lister = (rec: Recommender) => async (history: readonly string[], exclude: readonly string[], k: number, shopper: number) => {
          const events = holdoutEvents(history, returning[shopper] === true);
          const top = await rec.recommend(events, { topK: k, exclude, excludeSeen: false, excludePurchased: false });
          return top.map((r) => r.productId);
        };
        const selection: EpochSelection | undefined = patience > 0 ? {
          patience,
          score: async (rec, p) => {
            const v = await listerMetrics(validSplit, lister(rec), { signal: ctx.signal });
            validation.push({ epoch: p.epoch, seconds: p.seconds, hr_10: v.hr[10] as number, ndcg_10: v.ndcg[10] as number });
            ctx.log(`epoch ${p.epoch}: validation HR@10 ${fmt(v.hr[10] as number)}  NDCG@10 ${fmt(v.ndcg[10] as number)} (${p.seconds.toFixed(0)} s of training)`);
            return v.ndcg[10] as number;
          },
        } : undefined;
        ({ model, epochs } = await train(ctx, split.train, 'training (held-out split)', trainOptions, catalog, selection));
        const bar = ctx.progress({ label: 'evaluating', total: split.split.test.length, unit: 'shoppers' });
        const ours = await listerMetrics(split, lister(model), { signal: ctx.signal, onProgress: (d) => bar.update(d) });
        const base = await baselineMetrics(split, { signal: ctx.signal });
        bar.finish();
        evaluation = {
          protocol: 'leave-one-out (S3-Rec): per shopper last product = test, second-last = validation, training on the products before; full ranking, history masked',
          model_trained_on: 'the training part of the split',
          test_cases: split.split.test.length,
          ...(selection ? { epoch_selection: { patience, chosen_epoch: bestEpoch(validation), validation_curve: validation } } : {}),
          model: metricsJson(ours), popularity: metricsJson(base.popularity), item_knn: metricsJson(base.itemKnn),
        };
        summaryEval = [
          `held-out evaluation (leave-one-out, ${split.split.test.length.toLocaleString('en-US')} shoppers):`,
          `  model       HR@10 ${fmt(ours.hr[10] as number)}  NDCG@10 ${fmt(ours.ndcg[10] as number)}`,
          `  popularity  HR@10 ${fmt(base.popularity.hr[10] as number)}  NDCG@10 ${fmt(base.popularity.ndcg[10] as number)}`,
          `  item-kNN    HR@10 ${fmt(base.itemKnn.hr[10] as number)}  NDCG@10 ${fmt(base.itemKnn.ndcg[10] as number)}`,
        ];
        if (o.refit === true) {
          model.dispose();
          model = undefined;
          const refitOptions = selection ? { ...trainOptions, epochs: bestEpoch(validation) } : trainOptions;
          ({ model, epochs } = await train(ctx, sequences, 'training (all products, --refit)', refitOptions, catalog));
          evaluation.model_trained_on = 'the training part of the split; the written model was then retrained on all products (--refit)';
        }
      } else {
        ({ model, epochs } = await train(ctx, sequences, 'training', trainOptions, catalog));
      }
      const seconds = (performance.now() - started) / 1000;
      const perEpoch = epochs.map((p, i) => p.seconds - (i > 0 ? (epochs[i - 1] as RecommenderTrainProgress).seconds : 0));
      const files = await model.toFiles();
      const metadata = JSON.parse(files['metadata.json']) as { info: Record<string, unknown>; files?: unknown };
      const info = getRuntimeInfo() ?? runtime;
      metadata.info = {
        ...metadata.info,
        provenance: {
          tool: `storefront-ml ${ctx.version} train recommend`,
          createdAt: new Date().toISOString(),
          source: { ...input.summary, firstSkipped: undefined },
          shoppers: sequences.length, shoppersInLog: allUsers, interactions, products,
          interactionTypes: input.log.format === 's3rec' ? 'S3-Rec lines as they are' : 'view, cart_add, purchase; immediate repeats of a product once',
          options: { ...trainOptions, maxUsers: o['max-users'] ?? null, evaluate, refit: o.refit === true, patience: o.patience },
          attributes,
          runtime: { backend: info.backend, wasm: info.wasm, tfjs: info.tfjsVersion, node: process.version },
          training: { epochs: epochs.length, seconds_per_epoch: perEpoch, loss: epochs.map((p) => p.loss) },
        },
        evaluation,
      };
      const text = `${JSON.stringify(metadata, null, 2)}\n`;
      await withAtomicDir(String(o.out), { force: o.force === true }, async (dir) => {
        await dir.write('metadata.json', text);
        await dir.write('weights.bin', files['weights.bin']);
      });
      const mean = perEpoch.reduce((a, b) => a + b, 0) / Math.max(perEpoch.length, 1);
      return {
        summary: [
          `trained the recommender on ${sequences.length.toLocaleString('en-US')} shoppers, ${products.toLocaleString('en-US')} products: ${epochs.length} epochs, ${mean.toFixed(1)} s/epoch on ${describeRuntime(info)}`,
          ...summaryEval,
          `wrote ${String(o.out)} (metadata.json, weights.bin ${(files['weights.bin'].byteLength / 1024 ** 2).toFixed(1)} MB) in ${seconds.toFixed(1)} s`,
        ],
        data: {
          out: String(o.out), backend: info.backend, runtime: info, input: input.summary,
          shoppers: sequences.length, interactions, products, options: trainOptions, attributes,
          training: { epochs: epochs.length, seconds_per_epoch: perEpoch, loss: epochs.map((p) => p.loss), seconds_total: seconds },
          evaluation, files: metadata.files,
        },
      };
    } catch (error) {
      if (isStorefrontError(error, 'ABORTED') || ctx.signal.aborted) throw new StorefrontError('ABORTED', 'train recommend: interrupted.', { cause: error });
      throw error;
    } finally {
      model?.dispose();
    }
  },
};
