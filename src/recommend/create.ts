/** `trainRecommender` → train in the browser; `embeddingsRecommender` → over embeddings trained elsewhere (a source of loadRecommender). */
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { booleanOption, functionOption, numberAbove, numberIn, optionsOf, signalOption } from '../core/validate.ts';
import { checkEmbeddings, checkProducts, checkSequences, checkTrainedWeights, firstNonFinite } from './check-input.ts';
import { itemAttributeTable } from './attribute-table.ts';
import { learnedAttributeKeys, type ProductInfo } from './lists.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { cooccurrenceCosine, KNN_MIX, popularityScorer, sequentialRules } from './baselines.ts';
import { MAX_EMBEDDING_DIM, type ItemEmbeddings } from './embedding-format.ts';
import { RecommenderImpl, guardedRecommender, type Recommender } from './recommender.ts';
import { SequenceNet } from './sequence-model.ts';
import { DEFAULT_RETURNING_SESSION_WEIGHT, DEFAULT_SESSION_WEIGHT, sessionIndex } from './session-knn.ts';
import type { RecommenderState } from './state.ts';
import { TRAIN_DEFAULTS, trainSequenceNet, type TrainOptions, type RecommenderTrainProgress } from './train.ts';

export type { RecommenderTrainProgress };

/**
 * Default weight of the learned model against the neighbourhood part in `recommend` (0.7, chosen on Beauty validation
 * with tied embeddings: NDCG@10 0.0686, against 0.0631 / 0.0669 at 1 / 0.5; untied, 0.5 had been best at 0.0670).
 */
export const DEFAULT_MODEL_WEIGHT = 0.7;

/** Default of `tiedEmbeddings` (trainRecommender and the CLI's `--tied-embeddings`). */
export const DEFAULT_TIED_EMBEDDINGS = true;

/** Options of {@link trainRecommender}: the model's shape and how to train it. */
export interface TrainRecommenderOptions extends TrainOptions {
  /** Embedding width. @default 64 */
  dim?: number;
  /** How many recent products the shopper encoder reads. @default 20 */
  window?: number;
  /**
   * Tied embeddings: products are scored against the encoder's own product embeddings instead of a second table
   * (half the embedding weights to learn; Beauty validation NDCG@10 of the model alone 0.0631 against 0.0599 at
   * epoch 3). The saved files are the same either way. @default true
   */
  tiedEmbeddings?: boolean;
  /** Weight of the learned model against item-kNN and sequential rules in `recommend` (1 = model only). @default {@link DEFAULT_MODEL_WEIGHT} (0.7) */
  modelWeight?: number;
  /**
   * Weight of session-kNN over the training sequences against the model + neighbourhood blend in `recommend`, for
   * anonymous sessions: every event of one `sessionId` (0 = off, and no session index is kept in the files).
   * @default {@link DEFAULT_SESSION_WEIGHT}
   */
  sessionWeight?: number;
  /**
   * Weight of session-kNN for a returning shopper: events of more than one `sessionId` (0 = off). Needs the session
   * index `sessionWeight` keeps. @default {@link DEFAULT_RETURNING_SESSION_WEIGHT} (0.3, chosen on Amazon Beauty
   * validation, where 0.7 is worse than none)
   */
  returningSessionWeight?: number;
  /**
   * The products' categories and attributes (brand, category path…). The model learns a vector for each one beside
   * each product's own, so that products seen by few shoppers borrow from the others that share them (Beauty's
   * brands and categories: validation NDCG@10 of the model alone 0.0691 against 0.0631 at epoch 3; an epoch takes
   * 83–94 s on WASM here against 67.5 s). The recommender keeps them as `setCatalog()` would, for filters and cold
   * start; products not in the sequences are kept for filters only. @default [] (none: sequences only)
   */
  catalog?: readonly ProductInfo[];
}

/**
 * Trains item embeddings and the shopper encoder on product-id sequences (one per shopper, oldest first) in this
 * browser (WebGPU or WASM via the runtime) and resolves to the same Recommender `loadRecommender()` gives.
 * Deterministic for a seed; abortable (`signal`); reports progress per epoch (`onProgress`).
 */
export async function trainRecommender(sequences: readonly (readonly string[])[], trainOptions?: TrainRecommenderOptions): Promise<Recommender> {
  return trainSelectingEpoch(sequences, trainOptions);
}

/**
 * Internal (the CLI's `--patience`): after each epoch `score` rates a Recommender of the current weights (higher is
 * better, e.g. validation NDCG@10); training stops after `patience` epochs without a better score and the best
 * epoch's weights are the ones returned.
 */
export interface EpochSelection {
  score: (model: Recommender, progress: RecommenderTrainProgress) => Promise<number>;
  patience: number;
}

/** {@link trainRecommender}, optionally keeping the epoch that scores best on `selection` (internal). */
export async function trainSelectingEpoch(sequences: readonly (readonly string[])[], trainOptions?: TrainRecommenderOptions, selection?: EpochSelection): Promise<Recommender> {
  const options = checkTrainOptions(trainOptions);
  const dim = numberIn('dim', options.dim ?? 64, 2, 1024, true);
  const window = numberIn('window', options.window ?? 20, 1, 200, true);
  const modelWeight = numberIn('modelWeight', options.modelWeight ?? DEFAULT_MODEL_WEIGHT, 0, 1);
  const sessionWeight = numberIn('sessionWeight', options.sessionWeight ?? DEFAULT_SESSION_WEIGHT, 0, 1);
  const returningSessionWeight = numberIn('returningSessionWeight', options.returningSessionWeight ?? DEFAULT_RETURNING_SESSION_WEIGHT, 0, 1);
  checkSequences('Recommender training', sequences);
  const catalog = checkProducts<ProductInfo>('Recommender training: option catalog', options.catalog ?? []);
  throwIfAborted(options.signal, 'Recommender training');
  await ensureRuntime();
  const ids: string[] = [];
  const index = new Map<string, number>();
  const train = sequences.map((seq) => Int32Array.from(seq, (key) => {
    let i = index.get(key);
    if (i === undefined) { i = ids.length; index.set(key, i); ids.push(key); }
    return i;
  }));
  const n = ids.length;
  const shape = { numItems: n, dim, window, tied: options.tiedEmbeddings ?? DEFAULT_TIED_EMBEDDINGS };
  const byId = new Map(catalog.map((p) => [p.productId, p]));
  const attributes = itemAttributeTable(ids.map((id) => learnedAttributeKeys(byId.get(id))));
  const net = new SequenceNet(shape, SequenceNet.initialWeights(shape, options.seed ?? TRAIN_DEFAULTS.seed, attributes?.count), attributes ?? undefined);
  const popularity = popularityScorer(train, n).counts;
  const similarity = cooccurrenceCosine(train, n, 200);
  const rules = sequentialRules(train, n, KNN_MIX.ruleSteps, 200);
  const sessions = sessionWeight > 0 ? sessionIndex(train, n) : null;
  const build = (w: Awaited<ReturnType<SequenceNet['weights']>>, epochs: number) => {
    const impl = new RecommenderImpl({
      ids, dim, window, input: w.input, position: w.position, dense: w.dense, denseBias: w.denseBias,
      items: w.output, bias: w.bias, popularity, similarity, rules, modelWeight, sessions, sessionWeight, returningSessionWeight,
      attributes: new Array(n).fill(undefined),
      learnedAttributes: attributes && w.attribute ? { names: [...attributes.names], vectors: w.attribute } : null,
      metadata: {
        trainedAt: new Date().toISOString(), epochs, seed: options.seed ?? TRAIN_DEFAULTS.seed, shoppers: sequences.length,
        ...(attributes ? { learnedAttributes: attributes.count } : {}),
      },
    } satisfies RecommenderState);
    if (catalog.length > 0) impl.setCatalog(catalog);
    return guardedRecommender(impl);
  };
  let best: { score: number; epoch: number; weights: Awaited<ReturnType<SequenceNet['weights']>> } | null = null;
  const onEpochEnd = !selection ? options.onEpochEnd : async (p: RecommenderTrainProgress) => {
    const w = await net.weights();
    const candidate = build(w, p.epoch);
    let score: number;
    try { score = await selection.score(candidate, p); } finally { candidate.dispose(); }
    if (best === null || score > best.score) best = { score, epoch: p.epoch, weights: w };
    const stop = await options.onEpochEnd?.(p);
    return stop === true || p.epoch - best.epoch >= selection.patience;
  };
  try {
    const history = await trainSequenceNet(net, train, { ...options, onEpochEnd });
    const chosen = best as { epoch: number; weights: Awaited<ReturnType<SequenceNet['weights']>> } | null;
    const w = chosen?.weights ?? await net.weights();
    checkTrainedWeights(w, options.learningRate ?? TRAIN_DEFAULTS.learningRate);
    return build(w, chosen?.epoch ?? history.length);
  } finally {
    net.dispose();
  }
}

/** Options of an embeddings source of `loadRecommender({ embeddings, ... })`. */
export interface EmbeddingsOptions {
  /** Recency weight per step back when averaging the shopper's products. @default 0.8 */
  decay?: number;
  /** How many recent products make the shopper vector. @default 20 */
  window?: number;
  /** Popularity per product (same order as the ids), for the list of new shoppers. @default all zero */
  popularity?: Float32Array;
}

/**
 * A recommender over item embeddings trained elsewhere (see the SFEM exchange format): the shopper vector is the
 * recency-weighted sum of their products' embeddings, scored by dot product against every product. Reached
 * through `loadRecommender({ embeddings })`.
 */
export async function embeddingsRecommender(embeddings: ItemEmbeddings, embeddingOptions: EmbeddingsOptions = {}): Promise<Recommender> {
  const { ids, dim, vectors } = checkEmbeddings<ItemEmbeddings>(embeddings, MAX_EMBEDDING_DIM);
  const options = optionsOf('Embeddings', embeddingOptions);
  const decay = numberIn('decay', options.decay ?? 0.8, 0, 1);
  const window = numberIn('window', options.window ?? 20, 1, 200, true);
  const popularity = options.popularity;
  if (popularity !== undefined && (!(popularity instanceof Float32Array) || popularity.length !== ids.length || firstNonFinite(popularity) >= 0)) {
    throw new StorefrontError('INVALID_OPTION', `Option popularity must be a Float32Array of ${ids.length} finite numbers, one per product in ids order; got ${popularity instanceof Float32Array ? `${popularity.length} values${firstNonFinite(popularity) >= 0 ? ', not all finite' : ''}` : typeof popularity}.`, {
      details: { option: 'popularity' },
    });
  }
  await ensureRuntime();
  const n = ids.length;
  const input = new Float32Array((n + 1) * dim);
  input.set(vectors);
  return guardedRecommender(new RecommenderImpl({
    ids: [...ids], dim, window, input,
    position: Float32Array.from({ length: window }, (_, i) => decay ** (window - 1 - i)),
    // A zero residual layer: tanh(0) = 0, so the shopper vector is the weighted sum itself.
    dense: new Float32Array(dim * dim), denseBias: new Float32Array(dim),
    items: vectors, bias: new Float32Array(n), popularity: popularity ?? new Float32Array(n),
    similarity: null, modelWeight: 1, sessions: null, sessionWeight: 0, returningSessionWeight: 0, attributes: new Array(n).fill(undefined), metadata: { ...embeddings.metadata },
  }));
}

/** The training options, each within its range (a batchSize of 0 would loop forever, a NaN learning rate give NaN weights). */
function checkTrainOptions(value: TrainRecommenderOptions | undefined): Partial<TrainRecommenderOptions> {
  const options = optionsOf('Recommender training', value);
  const d = TRAIN_DEFAULTS;
  numberIn('epochs', options.epochs ?? d.epochs, 1, 10_000, true);
  numberIn('maxSeconds', options.maxSeconds ?? d.maxSeconds, 0, Number.MAX_SAFE_INTEGER);
  numberIn('batchSize', options.batchSize ?? d.batchSize, 1, 65_536, true);
  numberAbove('learningRate', options.learningRate ?? d.learningRate, 0, 1);
  numberIn('negatives', options.negatives ?? d.negatives, 0, 1_000_000, true);
  numberIn('dropout', options.dropout ?? d.dropout, 0, 0.9);
  numberIn('seed', options.seed ?? d.seed, 0, 0xffff_ffff, true);
  signalOption('signal', options.signal);
  functionOption('onProgress', options.onProgress);
  functionOption('onEpochEnd', options.onEpochEnd);
  booleanOption('tiedEmbeddings', options.tiedEmbeddings);
  return options;
}
