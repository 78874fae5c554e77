/** Batch scoring with the sequence model, its blend with item-kNN, and the session-kNN part on top. */
import * as tf from '@tensorflow/tfjs';
import type { ItemSimilarity, SequenceScorer } from './baselines.ts';
import { writeWindow } from './examples.ts';
import type { SequenceNet } from './sequence-model.ts';
import { mixSessionKnn, type SessionKnn } from './session-knn.ts';

/** Scores all items for each history (rows concatenated); histories are item indices, oldest first. */
export async function scoreWindows(net: SequenceNet, histories: readonly ArrayLike<number>[]): Promise<Float32Array> {
  const { window, numItems } = net.shape;
  const rows = new Int32Array(histories.length * window).fill(numItems);
  histories.forEach((h, b) => writeWindow(h, h.length, window, rows, b * window));
  const scores = tf.tidy(() => net.scores(tf.tensor2d(rows, [histories.length, window], 'int32')));
  try {
    return (await scores.data()) as Float32Array;
  } finally {
    scores.dispose();
  }
}

/** Softmax of each row of `scores` (length B × n), in place. */
export function softmaxRows(scores: Float32Array, n: number): void {
  for (let start = 0; start < scores.length; start += n) {
    let max = -Infinity;
    for (let i = start; i < start + n; i++) if ((scores[i] as number) > max) max = scores[i] as number;
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += scores[i] = Math.exp((scores[i] as number) - max);
    for (let i = start; i < start + n; i++) scores[i]! /= sum;
  }
}

/**
 * alpha · softmax(model) + (1 - alpha) · kNN scores normalised to sum 1: two distributions over the items.
 */
export function blendScorer(net: SequenceNet, knn: SequenceScorer, alpha: number) {
  const n = net.shape.numItems;
  return async (histories: readonly Int32Array[]): Promise<Float32Array> => {
    const scores = await scoreWindows(net, histories);
    softmaxRows(scores, n);
    if (alpha >= 1) return scores;
    const row = new Float32Array(n);
    histories.forEach((h, b) => {
      knn.scoreInto(h, row);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += row[i] as number;
      const k = sum > 0 ? (1 - alpha) / sum : 0;
      const off = b * n;
      for (let i = 0; i < n; i++) scores[off + i] = alpha * (scores[off + i] as number) + k * (row[i] as number);
    });
    return scores;
  };
}

/**
 * A batch scorer's rows with session-kNN mixed in at `weight`, as `recommend()` does (mixSessionKnn, with the
 * two-step items of `similarity`): (1 − weight) · scores + weight · session part. Rows must be distributions.
 */
export function withSessionKnn(scorer: (histories: readonly Int32Array[]) => Promise<Float32Array>, knn: SessionKnn, weight: number, similarity: ItemSimilarity | null) {
  const n = knn.numItems;
  const row = new Float32Array(n);
  const extra = new Float32Array(n);
  return async (histories: readonly Int32Array[]): Promise<Float32Array> => {
    const scores = await scorer(histories);
    if (weight > 0) histories.forEach((h, b) => mixSessionKnn(scores.subarray(b * n, (b + 1) * n), knn, h, weight, row, similarity, extra));
    return scores;
  };
}
