/**
 * The assistant's classifier as a TensorFlow.js model: softmax regression over hashed sparse features, run as an
 * "embedding bag": logits = Σ_j value_j · W[index_j] + b with one gather and a sum, so a message costs
 * O(nonzeros × classes), never O(dim × classes) as a dense matmul would. Weights come from train-softmax.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { SparseVector } from './features.ts';
import type { SoftmaxWeights } from './train-softmax.ts';

/** Holds W [dim × classes] and b [classes] as tf.Variables until `dispose()`. */
export class SparseSoftmax {
  readonly dim: number;
  readonly classes: number;
  private readonly weights: tf.Variable<tf.Rank.R2>;
  private readonly bias: tf.Variable<tf.Rank.R1>;

  constructor(model: SoftmaxWeights) {
    this.dim = model.dim;
    this.classes = model.classes;
    [this.weights, this.bias] = tf.tidy(() => [
      tf.variable(tf.tensor2d(model.weights, [model.dim, model.classes]), false),
      tf.variable(tf.tensor1d(model.bias), false),
    ]);
  }

  /** Logits of each vector (batched); plain arrays out, no tensor escapes. */
  async logits(vectors: readonly SparseVector[], batchSize = 256): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < vectors.length; start += batchSize) {
      const chunk = vectors.slice(start, start + batchSize);
      const width = Math.max(1, ...chunk.map((v) => v.indices.length));
      const indices = new Int32Array(chunk.length * width);
      const values = new Float32Array(chunk.length * width);
      chunk.forEach((v, r) => {
        indices.set(v.indices, r * width);
        values.set(v.values, r * width); // padding: index 0 with value 0
      });
      const logits = tf.tidy(() => {
        const rows = tf.gather(this.weights, tf.tensor1d(indices, 'int32')).reshape([chunk.length, width, this.classes]);
        return tf.sum(tf.mul(rows, tf.tensor3d(values, [chunk.length, width, 1])), 1).add(this.bias);
      });
      const data = await logits.data<'float32'>();
      logits.dispose();
      for (let r = 0; r < chunk.length; r++) out.push(data.slice(r * this.classes, (r + 1) * this.classes));
    }
    return out;
  }

  /** A copy of the weights, for saving. */
  async export(): Promise<SoftmaxWeights> {
    return {
      dim: this.dim,
      classes: this.classes,
      weights: await this.weights.data<'float32'>(),
      bias: await this.bias.data<'float32'>(),
    };
  }

  dispose(): void {
    this.weights.dispose();
    this.bias.dispose();
  }
}
