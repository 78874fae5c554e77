/**
 * The training pipeline behind `trainAssistant`: features → softmax regression → temperature and hand-off
 * threshold on held-out messages. Pure TypeScript (no tfjs), so it also runs in Node.
 */
import { throwIfAborted } from '../core/errors.ts';
import { chooseHandoffThreshold, fitTemperature, scopeMetrics, softmax, type ScoredExample } from './calibrate.ts';
import { OUT_OF_SCOPE, type FlatContent } from './content.ts';
import { DEFAULT_FEATURES, countFeatures, fitIdf, weigh, type FeatureConfig, type SparseVector } from './features.ts';
import { FamiliarityGate, fitFamiliarity, fitLetterModel, scriptsOf, type AssistantFamiliarity } from './familiarity.ts';
import { stratifiedSplit } from '../core/random.ts';
import { DEFAULT_TRAIN_OPTIONS, sparseLogits, trainSoftmax, type SoftmaxTrainOptions, type SoftmaxWeights } from './train-softmax.ts';
import { encoderTrust, latinWords, withEmbedding, type EncoderFeatures } from './encoder/combine.ts';
import { classCentroids, nearness, nearnessFloor } from './encoder/nearness.ts';
import type { AssistantEncoderOptions, SentenceEncoder } from './encoder/sentence-encoder.ts';

/** Progress of training, reported through `onProgress`. */
export interface AssistantTrainProgress {
  /** `'calibrate'`: training on part of the content to choose temperature and threshold; `'final'`: on all of it. */
  phase: 'calibrate' | 'final';
  epoch: number;
  epochs: number;
  loss: number;
  /** Seconds since training started (embedding the messages included). */
  seconds: number;
  /** With `validation`: top-1 accuracy on its in-scope messages after this epoch (no hand-off threshold). */
  validationAccuracy?: number;
}

/** A labelled held-out message; `label` is an intent/FAQ id, or `'out_of_scope'`. */
export interface LabelledText {
  text: string;
  label: string;
}

/** Options of `trainAssistant`. */
export interface TrainAssistantOptions extends Partial<Omit<SoftmaxTrainOptions, 'signal' | 'onEpoch'>> {
  /** Text features. @default DEFAULT_FEATURES (dim 32768, word n-grams ×2, char 2–5-grams, CJK 1–3-grams) */
  features?: Partial<FeatureConfig>;
  /**
   * Held-out messages to calibrate on. Absent → 20 % of each class's examples are held out, the model is trained
   * on the rest to choose temperature and threshold, then trained again on everything. @default undefined
   */
  validation?: LabelledText[];
  /** Share of examples held out for calibration when `validation` is absent. @default 0.2 */
  holdout?: number;
  /**
   * Held-out in-scope accuracy the hand-off threshold may cost: the largest threshold within this budget is chosen,
   * buying as much out-of-scope recall as it allows. @default 0.005
   */
  maxAccuracyLoss?: number;
  /** Fixed hand-off threshold on the calibrated confidence, instead of choosing one. @default undefined */
  threshold?: number;
  /**
   * Universal Sentence Encoder lite, hosted by the shop (28 MB, English): its sentence embedding joins the n-grams
   * (more accurate on English paraphrases; `answer()` then costs one embedding). Absent: n-grams only, nothing more
   * is loaded. @default undefined
   */
  encoder?: AssistantEncoderOptions;
  /** Scale of the encoder's embedding features beside the n-gram vector (with `encoder`). @default 1 */
  encoderWeight?: number;
  signal?: AbortSignal;
  onProgress?: (progress: AssistantTrainProgress) => void;
}

/** Everything a trained assistant needs besides its content. */
export interface TrainedModel {
  features: FeatureConfig;
  idf: Float32Array;
  softmax: SoftmaxWeights;
  temperature: number;
  threshold: number;
  /** Scripts and letter floor of the training text: messages unlike it are handed off before the softmax decides. */
  familiarity: AssistantFamiliarity;
  /** Held-out in-scope accuracy / OOS recall at the chosen threshold (NaN when nothing was held out). */
  validation: { inScopeAccuracy: number; oosRecall: number; rows: number };
  trainSeconds: number;
  /** The sentence encoder whose embedding extends the features (rows `features.dim…` of the softmax), if any. */
  encoder?: EncoderFeatures;
  /** With `encoder`: unit-length class centroids of the training embeddings [classes × encoder.dim]. */
  centroids?: Float32Array;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if ((values[k] as number) > (values[best] as number)) best = k;
  return best;
}

/** Scores held-out messages for calibration: the top class, its calibrated confidence, right or not. */
export function scoreHeldOut(logits: Float32Array[], labels: ArrayLike<number>, temperature: number, oosIndex: number): ScoredExample[] {
  return logits.map((row, i) => {
    const p = softmax(row, temperature);
    let best = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
    const label = labels[i] as number;
    return { confidence: p[best] as number, correct: best === label, inScope: label !== oosIndex, predictedOos: best === oosIndex };
  });
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Trains on flattened content and calibrates. */
export async function trainModel(
  flat: FlatContent,
  options: TrainAssistantOptions = {},
  encoder?: { model: SentenceEncoder; url: string; started?: number },
): Promise<TrainedModel> {
  const started = encoder?.started ?? performance.now();
  const features: FeatureConfig = { ...DEFAULT_FEATURES, ...options.features };
  const n = flat.texts.length;
  const batchSize = options.batchSize ?? Math.max(4, Math.min(DEFAULT_TRAIN_OPTIONS.batchSize, Math.ceil(n / 10)));
  // With the encoder the dense features learn fast and each epoch costs more: at least 200 steps and 2 epochs
  // (CLINC150's validation accuracy after 2 epochs was within 0.3 points of 6; see docs/benchmarks.md).
  const [minEpochs, minSteps] = encoder ? [2, 200] : [DEFAULT_TRAIN_OPTIONS.epochs, 300];
  const epochs = options.epochs ?? Math.min(100, Math.max(minEpochs, Math.ceil(minSteps / Math.ceil(n / batchSize))));
  const train: SoftmaxTrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...options, batchSize, epochs, signal: options.signal };
  const classes = flat.classes.length;
  const oosIndex = flat.classes.findIndex((c) => c.kind === 'out_of_scope');
  const labelIndex = new Map(flat.classes.map((c, i) => [c.label, i]));
  const counts = flat.texts.map((t) => countFeatures(t, features));
  throwIfAborted(options.signal, 'Assistant training');
  const encoderWeight = options.encoderWeight ?? 1;
  const encoded: EncoderFeatures | undefined = encoder && { name: encoder.model.name, dim: encoder.model.dim, weight: encoderWeight, url: encoder.url, nearnessFloor: null };
  const inputDim = features.dim + (encoded?.dim ?? 0);
  const embedAll = async (texts: readonly string[]) =>
    encoder ? encoder.model.embed(texts, { signal: options.signal, onBatch: nextTask }) : null;
  const embeddings = await embedAll(flat.texts);
  // With `validation`, its in-scope rows give the per-epoch accuracy curve (embedded once, reused for calibration).
  const validationEmbeddings = options.validation !== undefined ? await embedAll(options.validation.map((v) => v.text)) : null;
  const curveRows = options.validation === undefined ? null : options.validation
    .map((v, i) => [labelIndex.get(v.label) ?? -1, v.text, validationEmbeddings?.[i]] as const)
    .filter(([label]) => label >= 0 && label !== oosIndex);
  const join = (vector: SparseVector, embedding: Float32Array | undefined, trust = 1) =>
    embedding === undefined ? vector : withEmbedding(vector, embedding, features.dim, encoderWeight * trust);
  const known = new Map<number[], Set<string>>();
  const trustOf = (texts: readonly string[], rows: number[]) => {
    let words = known.get(rows);
    if (words === undefined) known.set(rows, (words = latinWords(rows.map((r) => flat.texts[r] as string), features)));
    return texts.map((t) => (encoder ? encoderTrust(t, features, words) : 1));
  };

  const fit = async (rows: number[], phase: AssistantTrainProgress['phase']) => {
    const idf = fitIdf(rows.map((r) => counts[r] as Map<number, number>), features.dim);
    const trust = trustOf(rows.map((r) => flat.texts[r] as string), rows);
    const vectors = rows.map((r, k) => join(weigh(counts[r] as Map<number, number>, idf), embeddings?.[r], trust[k]));
    const labels = Int32Array.from(rows, (r) => flat.labels[r] as number);
    const curve = phase === 'final' && curveRows !== null && options.onProgress !== undefined
      ? curveRows.map(([label, text, embedding]) => [label, join(weigh(countFeatures(text, features), idf), embedding, trustOf([text], rows)[0])] as const)
      : null;
    const onEpoch = async (epoch: number, loss: number, weights: SoftmaxWeights) => {
      const validationAccuracy = curve === null ? undefined
        : curve.filter(([label, v]) => argmax(sparseLogits(weights, v)) === label).length / Math.max(1, curve.length);
      const seconds = (performance.now() - started) / 1000;
      options.onProgress?.({ phase, epoch, epochs: train.epochs, loss, seconds, ...(validationAccuracy === undefined ? {} : { validationAccuracy }) });
      await nextTask(); // let the page breathe and an abort arrive
    };
    const softmaxWeights = await trainSoftmax(vectors, labels, inputDim, classes, { ...train, onEpoch });
    return { idf, softmax: softmaxWeights };
  };
  const all = Array.from({ length: flat.texts.length }, (_, i) => i);

  let heldTexts: string[];
  let heldLabels: number[];
  let calibrationRows = all;
  let calibrationModel: { idf: Float32Array; softmax: SoftmaxWeights };
  let finalModel: { idf: Float32Array; softmax: SoftmaxWeights } | null = null;
  if (options.validation !== undefined) {
    heldTexts = options.validation.map((v) => v.text);
    heldLabels = options.validation.map((v) => labelIndex.get(v.label === 'oos' ? OUT_OF_SCOPE : v.label) ?? oosIndex);
    finalModel = calibrationModel = await fit(all, 'final');
  } else {
    const { train: kept, test: held } = stratifiedSplit(flat.labels, options.holdout ?? 0.2, train.seed);
    heldTexts = held.map((r) => flat.texts[r] as string);
    heldLabels = held.map((r) => flat.labels[r] as number);
    if (held.length > 0) calibrationRows = kept;
    calibrationModel = held.length > 0 ? await fit(kept, 'calibrate') : await fit(all, 'final');
    if (held.length === 0) finalModel = calibrationModel;
  }
  // An OOS message without an OOS class is labelled -1: never "correct", and counted as out of scope.
  const oosLabel = oosIndex >= 0 ? oosIndex : -1;
  heldLabels = heldLabels.map((l) => (l < 0 ? oosLabel : l));
  const heldEmbeddings = validationEmbeddings ?? (await embedAll(heldTexts));
  const heldTrust = trustOf(heldTexts, calibrationRows);
  const heldVectors: SparseVector[] = heldTexts.map((t, i) => join(weigh(countFeatures(t, features), calibrationModel.idf), heldEmbeddings?.[i], heldTrust[i]));
  const logits = heldVectors.map((v) => sparseLogits(calibrationModel.softmax, v));
  const inScopeRows = heldLabels.map((l, i) => [l, i] as const).filter(([l]) => l >= 0 && l !== oosIndex);
  const temperature = fitTemperature(inScopeRows.map(([, i]) => logits[i] as Float32Array), inScopeRows.map(([l]) => l));
  // The letter floor comes from held-out in-scope messages under a letter model of the calibration training text;
  // held-out messages the gate finds unfamiliar are handed off, as answer() does.
  const calibrationTexts = calibrationRows.map((r) => flat.texts[r] as string);
  const letters = fitLetterModel(calibrationTexts, features.maxChars);
  const familiarity = fitFamiliarity(calibrationTexts, inScopeRows.map(([, i]) => heldTexts[i] as string), features.maxChars, letters);
  const gate = new FamiliarityGate(familiarity, letters, features.maxChars);
  // With the encoder, held-out messages far from every class's examples are unfamiliar too (nearness.ts).
  const centroidsOf = (rows: number[]) => embeddings && encoded
    ? classCentroids(rows.map((r) => embeddings[r] as Float32Array), rows.map((r) => (latin[r] ? (flat.labels[r] as number) : -1)), classes, encoded.dim, oosIndex)
    : undefined;
  const latin = trustOf(flat.texts, all).map((t) => t > 0);
  const calibrationCentroids = centroidsOf(calibrationRows);
  const near = heldEmbeddings && calibrationCentroids && encoded ? heldEmbeddings.map((e) => nearness(e, calibrationCentroids, encoded.dim)) : null;
  // Only messages the encoder is trusted on (some known English words) are judged by their nearness.
  if (encoded && near) encoded.nearnessFloor = nearnessFloor(inScopeRows.filter(([, i]) => (heldTrust[i] as number) > 0).map(([, i]) => near[i] as number));
  const far = (i: number) => near !== null && (heldTrust[i] as number) > 0 && encoded?.nearnessFloor != null && (near[i] as number) < encoded.nearnessFloor;
  const scored = scoreHeldOut(logits, heldLabels, temperature, oosLabel)
    .map((row, i) => (gate.unfamiliar(heldTexts[i] as string) || far(i) ? { ...row, predictedOos: true } : row));
  familiarity.scripts = scriptsOf(flat.texts);
  const threshold = options.threshold ?? chooseHandoffThreshold(scored, options.maxAccuracyLoss ?? 0.005);
  const metrics = scored.length > 0 ? scopeMetrics(scored, threshold) : { inScopeAccuracy: NaN, oosRecall: NaN };
  finalModel ??= await fit(all, 'final');
  return {
    features,
    idf: finalModel.idf,
    softmax: finalModel.softmax,
    temperature,
    threshold,
    familiarity,
    validation: { ...metrics, rows: scored.length },
    trainSeconds: (performance.now() - started) / 1000,
    ...(encoded ? { encoder: encoded, centroids: calibrationRows === all ? calibrationCentroids : centroidsOf(all) } : {}),
  };
}
