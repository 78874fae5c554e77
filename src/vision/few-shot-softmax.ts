/**
 * The few-shot classifier's `head: 'softmax'`: a linear softmax head on the (unit-length) embeddings, trained when
 * the categories change, not per query. Logits are `temperature · (w_c · x)`; the weights start at each category's
 * normalised mean embedding (the prototype rule) and take full-batch gradient steps on the cross-entropy with L2
 * weight decay. Deterministic for the same examples (no random start, no shuffling). On the product-disjoint
 * validation splits it made 6 errors in 434 photos where the kNN head made 18 (docs/benchmarks.md, "Product vision").
 */
import * as tf from '@tensorflow/tfjs';
import type { Example, LabelScore } from './few-shot-knn.ts';

/** The training settings, chosen on the validation splits (tools/eval/vision-levers.ts). */
export interface SoftmaxSettings {
  temperature: number;
  weightDecay: number;
  steps: number;
  learningRate: number;
}

export const SOFTMAX_DEFAULTS: Readonly<SoftmaxSettings> = { temperature: 10, weightDecay: 1e-3, steps: 100, learningRate: 0.5 };

/** A trained head: sorted labels and one weight row per label (plain arrays, no tensors kept). */
export interface SoftmaxHead {
  labels: string[];
  weights: Float32Array[];
  temperature: number;
}

/** Trains the head on every example (the caller passes unit-length embeddings). */
export async function trainSoftmaxHead(examples: readonly Example[], settings: SoftmaxSettings = SOFTMAX_DEFAULTS): Promise<SoftmaxHead> {
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const d = (examples[0] as Example).embedding.length;
  const n = examples.length;
  const x = new Float32Array(n * d);
  examples.forEach((e, i) => x.set(e.embedding, i * d));
  const y = examples.map((e) => labels.indexOf(e.label));
  const { temperature: tau, weightDecay, steps, learningRate } = settings;
  const X = tf.tensor2d(x, [n, d]);
  const Y = tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), labels.length).toFloat());
  let w = tf.tidy(() => {
    const sums = tf.matMul(Y, X, true, false); // [C, d]: the sum of each category's embeddings
    return tf.div(sums, tf.maximum(tf.norm(sums, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
  });
  try {
    for (let s = 0; s < steps; s++) {
      const next = tf.tidy(() => {
        const p = tf.softmax(tf.mul(tf.matMul(X, w, false, true), tau)); // [n, C]
        const grad = tf.add(tf.mul(tf.matMul(tf.sub(p, Y), X, true, false), tau / n), tf.mul(w, weightDecay)); // [C, d]
        return tf.sub(w, tf.mul(grad, learningRate)) as tf.Tensor2D;
      });
      w.dispose();
      w = next;
    }
    const flat = (await w.data()) as Float32Array;
    return { labels, weights: labels.map((_, c) => flat.slice(c * d, (c + 1) * d)), temperature: tau };
  } finally {
    tf.dispose([w, X, Y]);
  }
}

/** Every category's probability under the head, best first (ties by label, as the kNN head sorts). */
export function scoreSoftmax(head: SoftmaxHead, query: Float32Array): LabelScore[] {
  const logits = head.weights.map((w) => {
    let s = 0;
    for (let j = 0; j < w.length; j++) s += (w[j] as number) * (query[j] as number);
    return head.temperature * s;
  });
  const max = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return head.labels.map((label, c) => ({ label, score: (e[c] as number) / sum }))
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1));
}
