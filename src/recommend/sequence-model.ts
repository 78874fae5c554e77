/**
 * The learned next-item model, in TensorFlow.js (WebGPU or WASM through the runtime).
 *
 * A recency-weighted bag of item embeddings with one residual tanh layer, scored against output item embeddings
 * with a softmax over the catalogue (full, or sampled for speed). Chosen by measurement over a small
 * self-attentive model on a 2-core WASM budget: see the README's Recommendations section and tools/eval/recommend.ts.
 * Internal: the public face is the Recommender in recommender.ts.
 */
import * as tf from '@tensorflow/tfjs';

/** Shapes of the model. */
export interface SequenceModelShape {
  numItems: number;
  /** Embedding width. */
  dim: number;
  /** How many recent items the model reads. */
  window: number;
  /**
   * Tied embeddings: items are scored against the input embeddings (their first numItems rows), with no output
   * table of their own; `weights()` returns a copy of those rows as `output`. @default false
   */
  tied?: boolean;
}

/** All weights as plain arrays (row-major). `input` has one extra zero row for padding. */
export interface SequenceModelWeights {
  input: Float32Array;
  output: Float32Array;
  bias: Float32Array;
  position: Float32Array;
  dense: Float32Array;
  denseBias: Float32Array;
}

/** Gathers rows of `table`; its gradient is a scatter-add, because tfjs-wasm has no UnsortedSegmentSum kernel. */
function gatherRows(table: tf.Tensor2D, indices: tf.Tensor1D): tf.Tensor2D {
  const shape = table.shape;
  const op = tf.customGrad(((t: tf.Tensor, i: tf.Tensor, save: tf.GradSaveFunc) => {
    // Tensors the gradient needs must be saved: anything only captured by the closure is freed before backprop.
    save([i]);
    return {
      value: tf.gather(t, i),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const idx = saved[0] as tf.Tensor;
        return [tf.scatterND(idx.expandDims(1), dy, shape), tf.zeros(idx.shape)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(table, indices) as tf.Tensor2D;
}

export class SequenceNet {
  readonly shape: SequenceModelShape;
  readonly input: tf.Variable<tf.Rank.R2>;
  /** Null when the embeddings are tied. */
  readonly output: tf.Variable<tf.Rank.R2> | null;
  readonly bias: tf.Variable<tf.Rank.R2>;
  readonly position: tf.Variable<tf.Rank.R1>;
  readonly dense: tf.Variable<tf.Rank.R2>;
  readonly denseBias: tf.Variable<tf.Rank.R1>;
  /** The output embeddings transposed [dim, numItems], cached for fast scoring; rebuilt after training. */
  private outputT: tf.Tensor2D | null = null;

  constructor(shape: SequenceModelShape, weights: SequenceModelWeights) {
    const { numItems: n, dim: d, window: l } = shape;
    this.shape = shape;
    // tf.variable() keeps its initial tensor alive as a separate tensor: build them in a tidy that frees those.
    if (weights.position.length !== l) throw new RangeError('position weights do not match the window');
    [this.input, this.bias, this.position, this.dense, this.denseBias] = tf.tidy(() => [
      tf.variable(tf.tensor2d(weights.input, [n + 1, d]), true),
      tf.variable(tf.tensor2d(weights.bias, [n, 1]), true),
      tf.variable(tf.tensor1d(weights.position), true),
      tf.variable(tf.tensor2d(weights.dense, [d, d]), true),
      tf.variable(tf.tensor1d(weights.denseBias), true),
    ]) as [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>];
    this.output = shape.tied ? null : tf.tidy(() => tf.variable(tf.tensor2d(weights.output, [n, d]), true)) as tf.Variable<tf.Rank.R2>;
  }

  /** Seeded initial weights: small normal embeddings, recency prior 0.8^age on positions, a zero residual layer. */
  static initialWeights(shape: SequenceModelShape, seed: number): SequenceModelWeights {
    const { numItems: n, dim: d, window: l } = shape;
    return tf.tidy(() => {
      const std = 1 / Math.sqrt(d);
      const input = tf.randomNormal([n + 1, d], 0, std, 'float32', seed).dataSync() as Float32Array;
      input.fill(0, n * d);
      return {
        input,
        // Tied embeddings have no output table to start (the constructor does not read this).
        output: shape.tied ? new Float32Array(0) : tf.randomNormal([n, d], 0, std, 'float32', seed + 1).dataSync() as Float32Array,
        bias: new Float32Array(n),
        position: Float32Array.from({ length: l }, (_, i) => 0.8 ** (l - 1 - i)),
        dense: tf.randomNormal([d, d], 0, 0.01, 'float32', seed + 2).dataSync() as Float32Array,
        denseBias: new Float32Array(d),
      };
    });
  }

  get variables(): tf.Variable[] {
    return ([this.input, this.output, this.bias, this.position, this.dense, this.denseBias] as (tf.Variable | null)[]).filter((v): v is tf.Variable => v !== null);
  }

  /** The output item embeddings: their own table, or the input one's first numItems rows when tied. */
  private outputTable(): tf.Tensor2D {
    const { numItems: n, dim: d } = this.shape;
    return this.output ?? this.input.slice([0, 0], [n, d]);
  }

  /** The shopper vectors [B, dim] of windows [B, window] (right-aligned, padded with numItems). */
  encode(windows: tf.Tensor2D): tf.Tensor2D {
    const { numItems: n, dim: d, window: l } = this.shape;
    const b = windows.shape[0] as number;
    const flat = windows.reshape([b * l]) as tf.Tensor1D;
    const rows = gatherRows(this.input, flat).reshape([b, l, d]);
    const mask = tf.notEqual(windows, n).toFloat();
    const weights = mask.mul(this.position).expandDims(2);
    const u = rows.mul(weights).sum(1) as tf.Tensor2D;
    return u.add(tf.tanh(u.matMul(this.dense).add(this.denseBias))) as tf.Tensor2D;
  }

  /**
   * Training loss: softmax cross-entropy against all items, or against `candidates` (targets are indices into it).
   * `dropout` (rate, seeded by `seed`) drops units of the shopper vector during training.
   */
  loss(windows: tf.Tensor2D, targets: tf.Tensor1D, candidates?: tf.Tensor1D, dropout = 0, seed = 0): tf.Scalar {
    const encoded = this.encode(windows);
    const h = dropout > 0 ? tf.dropout(encoded, dropout, undefined, seed) : encoded;
    const out = candidates ? gatherRows(this.output ?? this.input, candidates) : this.outputTable();
    const bias = candidates ? gatherRows(this.bias, candidates) : this.bias;
    const logits = h.matMul(out, false, true).add(bias.reshape([1, -1]));
    const labels = tf.oneHot(targets, logits.shape[1] as number);
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }

  /** Scores of every item for each window: [B, numItems]. Caller disposes. */
  scores(windows: tf.Tensor2D): tf.Tensor2D {
    if (this.outputT === null) this.outputT = tf.keep(tf.tidy(() => this.outputTable().transpose() as tf.Tensor2D));
    const h = this.encode(windows);
    return h.matMul(this.outputT).add(this.bias.reshape([1, -1])) as tf.Tensor2D;
  }

  /** Call after the weights changed. */
  invalidate(): void {
    this.outputT?.dispose();
    this.outputT = null;
  }

  async weights(): Promise<SequenceModelWeights> {
    const { numItems: n, dim: d } = this.shape;
    // Tied: the input table is read once and its first numItems rows are the output embeddings.
    const [input, bias, position, dense, denseBias, output] = await Promise.all(
      [this.input, this.bias, this.position, this.dense, this.denseBias, ...(this.output ? [this.output] : [])].map((v) => v.data() as Promise<Float32Array>),
    );
    return { input: input!, output: output ?? input!.slice(0, n * d), bias: bias!, position: position!, dense: dense!, denseBias: denseBias! };
  }

  dispose(): void {
    this.invalidate();
    tf.dispose(this.variables);
  }
}
