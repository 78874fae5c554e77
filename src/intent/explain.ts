/**
 * Explanations: integrated gradients per prediction (Sundararajan et al. 2017) and permutation importance over a
 * data set (Breiman 2001). Both report by UCI column: one-hot columns of a categorical feature are summed.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { averagePrecision, logLoss, rocAuc } from './metrics.ts';
import { checkScores, predictMatrix } from './network.ts';
import {
  categoryOf, encodeRows, encodedNames, encodedSources, numberOf, sourceColumns, type FeatureSchema, type IntentRow, type SchemaNumericColumn,
} from './schema.ts';
import type { CategoricalColumn } from './uci-columns.ts';
import type { IntentExplanation, PermutationImportance } from './types.ts';
import { seededRandom, shuffleInPlace } from '../core/random.ts';

/**
 * Integrated gradients from the baseline x′ = 0 in encoded space (every numeric column at its training mean, no
 * category) to the row x: (x − x′) · mean over α of ∂f/∂x at x′ + α(x − x′), with `steps` midpoints.
 */
export async function integratedGradients(net: tf.LayersModel, schema: FeatureSchema, row: IntentRow, steps: number): Promise<IntentExplanation> {
  const x = encodeRows(schema, [row]);
  const width = x.length;
  const [attr, ends] = tf.tidy(() => {
    const input = tf.tensor2d(x, [1, width]);
    const alphas = tf.tensor2d(Float32Array.from({ length: steps }, (_, k) => (k + 0.5) / steps), [steps, 1]);
    const path = tf.mul(alphas, input);
    const f = (z: tf.Tensor) => tf.sum(net.apply(z) as tf.Tensor);
    const grads = tf.grad(f)(path);
    const ig = tf.mul(tf.mean(grads, 0), tf.reshape(input, [width]));
    const both = net.apply(tf.concat([tf.zeros([1, width]), input], 0)) as tf.Tensor;
    return [ig, both.reshape([2])];
  });
  let perEncoded: Float32Array;
  let scores: Float32Array;
  try {
    [perEncoded, scores] = await Promise.all([attr.data() as Promise<Float32Array>, ends.data() as Promise<Float32Array>]);
  } finally {
    tf.dispose([attr, ends]);
  }
  if (![...scores, ...perEncoded].every(Number.isFinite)) {
    throw new StorefrontError('INTERNAL', 'Intent model: explaining this row gave a non-finite score or attribution: its weights overflow on this input. Reload or retrain the model (reset() an adapted one).');
  }
  const columns = sourceColumns(schema);
  const sums = new Float64Array(columns.length);
  encodedSources(schema).forEach((source, i) => { sums[source] = (sums[source] as number) + (perEncoded[i] as number); });
  const numeric = new Set<string>(schema.numeric.map((n) => n.name));
  const attributions = columns.map((feature, i) => ({
    feature,
    value: numeric.has(feature) ? numberOf(row, feature as SchemaNumericColumn) : categoryOf(row, feature as CategoricalColumn),
    attribution: sums[i] as number,
  }));
  attributions.sort((a, b) => Math.abs(b.attribution) - Math.abs(a.attribution));
  return { score: scores[1] as number, baselineScore: scores[0] as number, attributions };
}

const METRICS = {
  rocAuc: (y: Uint8Array, s: Float32Array) => rocAuc(y, s),
  prAuc: (y: Uint8Array, s: Float32Array) => averagePrecision(y, s),
  // Negated so that "drop" is positive when shuffling hurts, as for the other two.
  logLoss: (y: Uint8Array, s: Float32Array) => -logLoss(y, s),
};

/** Shuffles the encoded columns of source column `source` across rows (all its one-hot columns together). */
export function permuteColumns(x: Float32Array, width: number, columns: readonly number[], random: () => number): Float32Array {
  const n = x.length / width;
  const order = shuffleInPlace(Array.from({ length: n }, (_, i) => i), random);
  const out = x.slice();
  for (let r = 0; r < n; r++) {
    const from = order[r] as number;
    for (const c of columns) out[r * width + c] = x[from * width + c] as number;
  }
  return out;
}

export async function permutationImportance(
  net: tf.LayersModel, schema: FeatureSchema, rows: IntentRow[], y: Uint8Array,
  options: { repeats: number; metric: keyof typeof METRICS; seed: number; signal?: AbortSignal | undefined },
): Promise<PermutationImportance[]> {
  const width = encodedNames(schema).length;
  const x = encodeRows(schema, rows);
  const metric = METRICS[options.metric];
  const base = metric(y, checkScores(await predictMatrix(net, x, width)));
  const sources = encodedSources(schema);
  const random = seededRandom(options.seed);
  const result: PermutationImportance[] = [];
  for (const [s, feature] of sourceColumns(schema).entries()) {
    const cols = sources.flatMap((src, i) => (src === s ? [i] : []));
    const drops: number[] = [];
    for (let r = 0; r < options.repeats; r++) {
      throwIfAborted(options.signal, 'Permutation importance');
      drops.push(base - metric(y, await predictMatrix(net, permuteColumns(x, width, cols, random), width)));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const sd = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    result.push({ feature, importance: mean, sd });
  }
  return result.sort((a, b) => b.importance - a.importance);
}
