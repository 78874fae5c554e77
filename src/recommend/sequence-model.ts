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

/**
 * Categorical attributes of each item for training (brand, category…): row i of `index` lists item i's attribute
 * indices into a learned attribute table of `count` rows, `perItem` per item, and `weight` their weights (0 pads).
 * Rows cover numItems + 1 items (the padding item last, all weights 0). An item's vector is then its own embedding
 * plus the weighted sum of its attributes' embeddings; `weights()` returns those sums, so a model saved from it
 * needs no attribute table to run (and `attribute`, the table itself, places new products by their attributes).
 */
export interface ItemAttributeTable {
  count: number;
  perItem: number;
  index: Int32Array;
  weight: Float32Array;
  /** The attribute of each table row. */
  names: readonly string[];
}

/** All weights as plain arrays (row-major). `input` has one extra zero row for padding. */
export interface SequenceModelWeights {
  input: Float32Array;
  output: Float32Array;
  bias: Float32Array;
  position: Float32Array;
  dense: Float32Array;
  denseBias: Float32Array;
  /**
   * The attribute table [count, dim], with an {@link ItemAttributeTable}: `weights()` folds it into `input` and also
   * returns it, for products that arrive after training (cold start).
   */
  attribute?: Float32Array;
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
  /** The attribute embeddings, index and weights; null without attributes. */
  private readonly attributes: { table: tf.Variable<tf.Rank.R2>; index: tf.Tensor2D; weight: tf.Tensor2D; perItem: number } | null;
  /** The output embeddings transposed [dim, numItems], cached for fast scoring; rebuilt after training. */
  private outputT: tf.Tensor2D | null = null;

  constructor(shape: SequenceModelShape, weights: SequenceModelWeights, attributes?: ItemAttributeTable) {
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
    if (attributes && attributes.index.length !== (n + 1) * attributes.perItem) throw new RangeError('the attribute index does not cover every item');
    if (attributes && weights.attribute?.length !== attributes.count * d) throw new RangeError('attribute weights do not match the attribute table');
    this.attributes = !attributes ? null : tf.tidy(() => ({
      table: tf.variable(tf.tensor2d(weights.attribute as Float32Array, [attributes.count, d]), true) as tf.Variable<tf.Rank.R2>,
      index: tf.keep(tf.tensor2d(attributes.index, [n + 1, attributes.perItem], 'int32')),
      weight: tf.keep(tf.tensor2d(attributes.weight, [n + 1, attributes.perItem])),
      perItem: attributes.perItem,
    }));
  }

  /**
   * Seeded initial weights: small normal embeddings, recency prior 0.8^age on positions, a zero residual layer;
   * with `attributes` (the table's row count), attribute embeddings as small as the item embeddings.
   */
  static initialWeights(shape: SequenceModelShape, seed: number, attributes = 0): SequenceModelWeights {
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
        ...(attributes > 0 ? { attribute: tf.randomNormal([attributes, d], 0, std, 'float32', seed + 3).dataSync() as Float32Array } : {}),
      };
    });
  }

  get variables(): tf.Variable[] {
    return ([this.input, this.output, this.bias, this.position, this.dense, this.denseBias, this.attributes?.table ?? null] as (tf.Variable | null)[]).filter((v): v is tf.Variable => v !== null);
  }

  /** Input vectors of items (the padding item numItems included): their embedding plus their attributes'. */
  private itemRows(indices: tf.Tensor1D): tf.Tensor2D {
    if (!this.attributes) return gatherRows(this.input, indices);
    // Each distinct item is composed once (a batch's windows are mostly padding), then gathered.
    const { values, indices: at } = tf.unique(indices);
    return gatherRows(this.composeRows(values as tf.Tensor1D), at as tf.Tensor1D);
  }

  /** Item embeddings plus the weighted sum of their attributes' embeddings (requires attributes); every item's when `items` is absent. */
  private composeRows(items?: tf.Tensor1D): tf.Tensor2D {
    const { table, index, weight, perItem: k } = this.attributes!;
    const ids = items ? tf.gather(index, items) : index;
    const w = items ? tf.gather(weight, items) : weight;
    const m = ids.shape[0] as number;
    const own = items ? gatherRows(this.input, items) : this.input;
    return own.add(gatherRows(table, ids.reshape([m * k]) as tf.Tensor1D).reshape([m, k, this.shape.dim]).mul(w.reshape([m, k, 1])).sum(1)) as tf.Tensor2D;
  }

  /** The input vectors of all items, the padding item last: [numItems + 1, dim]. */
  private inputTable(): tf.Tensor2D {
    return this.attributes ? this.composeRows() : this.input;
  }

  /** The output item embeddings: their own table, or the input vectors' first numItems rows when tied. */
  private outputTable(): tf.Tensor2D {
    const { numItems: n, dim: d } = this.shape;
    return this.output ?? this.inputTable().slice([0, 0], [n, d]);
  }

  /** The shopper vectors [B, dim] of windows [B, window] (right-aligned, padded with numItems). */
  encode(windows: tf.Tensor2D): tf.Tensor2D {
    const b = windows.shape[0] as number;
    return this.pool(windows, this.itemRows(windows.reshape([b * this.shape.window]) as tf.Tensor1D));
  }

  /** The shopper vectors of windows [B, window] from their items' input vectors [B * window, dim]. */
  private pool(windows: tf.Tensor2D, itemVectors: tf.Tensor2D): tf.Tensor2D {
    const { numItems: n, dim: d, window: l } = this.shape;
    const rows = itemVectors.reshape([windows.shape[0] as number, l, d]);
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
    let encoded: tf.Tensor2D;
    let out: tf.Tensor2D;
    const slots = windows.size;
    if (candidates && !this.output && this.attributes) {
      // Tied, with attributes: the window items and the candidates are looked up together, so an item in both is composed once.
      const rows = this.itemRows(tf.concat([windows.reshape([slots]), candidates]) as tf.Tensor1D);
      encoded = this.pool(windows, rows.slice([0, 0], [slots, this.shape.dim]));
      out = rows.slice([slots, 0], [candidates.shape[0], this.shape.dim]);
    } else {
      encoded = this.encode(windows);
      out = !candidates ? this.outputTable() : gatherRows(this.output ?? this.input, candidates);
    }
    const h = dropout > 0 ? tf.dropout(encoded, dropout, undefined, seed) : encoded;
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
    // Tied: the input table is read once and its first numItems rows are the output embeddings. With attributes the
    // input vectors are the sums (the attribute table is folded into them, and returned on its own for cold start).
    const composed = this.attributes ? tf.tidy(() => this.inputTable()) : null;
    const [[input, bias, position, dense, denseBias, output], attribute] = await Promise.all([
      Promise.all([composed ?? this.input, this.bias, this.position, this.dense, this.denseBias, ...(this.output ? [this.output] : [])].map((v) => v.data() as Promise<Float32Array>)),
      this.attributes ? this.attributes.table.data() as Promise<Float32Array> : undefined,
    ]);
    composed?.dispose();
    return {
      input: input!, output: output ?? input!.slice(0, n * d), bias: bias!, position: position!, dense: dense!, denseBias: denseBias!,
      ...(attribute ? { attribute } : {}),
    };
  }

  dispose(): void {
    this.invalidate();
    tf.dispose(this.variables);
    if (this.attributes) tf.dispose([this.attributes.index, this.attributes.weight]);
  }
}
