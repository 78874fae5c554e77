/**
 * Trains softmax regression over sparse hashed features: pure TypeScript over typed arrays, runs in Node and in
 * the browser (the trained weights then become a TensorFlow.js model, see sparse-softmax.ts).
 *
 * Why not tfjs for the optimisation: a tfjs step over an embedding bag (gather → sum → scatterND gradient → Adam)
 * measured 25 s per CLINC150 epoch on WASM here, because every op runs over the padded batch × classes and the WASM
 * backend lacks a sparse gradient kernel. The same lazy Adam over typed arrays touches only the rows a batch uses.
 */
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import type { SparseVector } from './features.ts';
import { seededRandom, shuffleInPlace } from '../core/random.ts';

/** How the classifier trains. */
export interface SoftmaxTrainOptions {
  /** Passes over the training messages. @default 6 (more for small content: at least 300 steps, at most 100 epochs) */
  epochs: number;
  /** Messages per step. @default 128 (fewer for small content: at least 10 steps per epoch) */
  batchSize: number;
  /** Adam learning rate. @default 0.03 */
  learningRate: number;
  /** Decoupled weight decay (AdamW) applied to the rows a step touches; 0 turns it off. @default 0 */
  weightDecay: number;
  /** Label smoothing of the targets. @default 0 */
  labelSmoothing: number;
  /** Seed of the shuffling. @default 42 */
  seed: number;
  signal?: AbortSignal;
  /** Called after each epoch with the epoch (1-based), the mean training loss and the weights so far (not a copy); may be async (to yield). */
  onEpoch?: (epoch: number, loss: number, model: SoftmaxWeights) => void | Promise<void>;
}

export const DEFAULT_TRAIN_OPTIONS: SoftmaxTrainOptions = {
  epochs: 6,
  batchSize: 128,
  learningRate: 0.03,
  weightDecay: 0,
  labelSmoothing: 0,
  seed: 42,
};

/** Row-major weights [dim × classes] and a bias [classes]. */
export interface SoftmaxWeights {
  dim: number;
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
}

/** Logits of one sparse vector. */
export function sparseLogits(model: SoftmaxWeights, x: SparseVector, out = new Float32Array(model.classes)): Float32Array {
  const { classes, weights } = model;
  out.set(model.bias);
  for (let j = 0; j < x.indices.length; j++) {
    const base = (x.indices[j] as number) * classes;
    const value = x.values[j] as number;
    for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + value * (weights[base + c] as number);
  }
  return out;
}

/** Trains from zero weights with lazy Adam. Deterministic for a given seed. */
export async function trainSoftmax(
  vectors: readonly SparseVector[],
  labels: Int32Array,
  dim: number,
  classes: number,
  options: SoftmaxTrainOptions,
): Promise<SoftmaxWeights & { loss: number }> {
  if (vectors.length !== labels.length || vectors.length === 0) {
    throw new StorefrontError('INTERNAL', `trainSoftmax: ${vectors.length} vectors for ${labels.length} labels.`);
  }
  const model: SoftmaxWeights = { dim, classes, weights: new Float32Array(dim * classes), bias: new Float32Array(classes) };
  const m = new Float32Array(dim * classes);
  const v = new Float32Array(dim * classes);
  const mb = new Float32Array(classes);
  const vb = new Float32Array(classes);
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const slot = new Int32Array(dim).fill(-1);
  const touched: number[] = [];
  let grad = new Float32Array(1024 * classes);
  const gradBias = new Float32Array(classes);
  const logits = new Float32Array(classes);
  const order = Array.from({ length: vectors.length }, (_, i) => i);
  const random = seededRandom(options.seed);
  const smooth = options.labelSmoothing;
  let step = 0;
  let loss = NaN;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    shuffleInPlace(order, random);
    let total = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      throwIfAborted(options.signal, 'Assistant training');
      const end = Math.min(order.length, start + options.batchSize);
      const scale = 1 / (end - start);
      gradBias.fill(0);
      for (let k = start; k < end; k++) {
        const row = order[k] as number;
        const x = vectors[row] as SparseVector;
        const label = labels[row] as number;
        sparseLogits(model, x, logits);
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, logits[c] as number);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp((logits[c] as number) - max);
        const logSum = max + Math.log(sum);
        for (let c = 0; c < classes; c++) {
          const target = (c === label ? 1 - smooth : 0) + smooth / classes;
          const logP = (logits[c] as number) - logSum;
          if (target > 0) total -= target * logP;
          logits[c] = (Math.exp(logP) - target) * scale; // now dLoss/dLogit
          gradBias[c] = (gradBias[c] as number) + (logits[c] as number);
        }
        for (let j = 0; j < x.indices.length; j++) {
          const index = x.indices[j] as number;
          let s = slot[index] as number;
          if (s < 0) {
            s = touched.length;
            slot[index] = s;
            touched.push(index);
            if ((s + 1) * classes > grad.length) {
              const bigger = new Float32Array(grad.length * 2);
              bigger.set(grad);
              grad = bigger;
            }
            grad.fill(0, s * classes, (s + 1) * classes);
          }
          const value = x.values[j] as number;
          const base = s * classes;
          for (let c = 0; c < classes; c++) grad[base + c] = (grad[base + c] as number) + value * (logits[c] as number);
        }
      }
      step++;
      const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      const decay = 1 - options.weightDecay * options.learningRate;
      const { weights, bias } = model;
      for (let s = 0; s < touched.length; s++) {
        const index = touched[s] as number;
        const base = index * classes;
        const gBase = s * classes;
        for (let c = 0; c < classes; c++) {
          const g = grad[gBase + c] as number;
          const mi = beta1 * (m[base + c] as number) + (1 - beta1) * g;
          const vi = beta2 * (v[base + c] as number) + (1 - beta2) * g * g;
          m[base + c] = mi;
          v[base + c] = vi;
          weights[base + c] = (weights[base + c] as number) * decay - (lr * mi) / (Math.sqrt(vi) + epsilon);
        }
        slot[index] = -1;
      }
      touched.length = 0;
      for (let c = 0; c < classes; c++) {
        const g = gradBias[c] as number;
        mb[c] = beta1 * (mb[c] as number) + (1 - beta1) * g;
        vb[c] = beta2 * (vb[c] as number) + (1 - beta2) * g * g;
        bias[c] = (bias[c] as number) - (lr * (mb[c] as number)) / (Math.sqrt(vb[c] as number) + epsilon);
      }
    }
    loss = total / vectors.length;
    await options.onEpoch?.(epoch, loss, model);
  }
  return { ...model, loss };
}
