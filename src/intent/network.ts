/**
 * The tfjs side of purchase intent: building the MLP, the training loop (seeded shuffling, class-weighted binary
 * cross-entropy, L2, early stopping with best-weight restore) and batched prediction. Internal: nothing here is
 * exported from the package, and no tensor leaves this file's functions except the model and weight snapshots
 * that the model object owns and disposes.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { averagePrecision, logLoss, rocAuc } from './metrics.ts';
import { seededRandom, shuffleInPlace } from '../core/random.ts';

export type Activation = 'relu' | 'elu' | 'tanh' | 'sigmoid' | 'selu' | 'swish';

export interface NetworkConfig {
  inputs: number;
  hidden: number[];
  activation: Activation;
  seed: number;
}

/** Dense(hidden…, activation) → Dense(1, sigmoid). With `hidden: []` it is logistic regression. */
export function buildNetwork(config: NetworkConfig): tf.LayersModel {
  const model = tf.sequential({ name: 'purchase_intent' });
  config.hidden.forEach((units, i) => {
    model.add(tf.layers.dense({
      units,
      activation: config.activation,
      inputShape: i === 0 ? [config.inputs] : undefined,
      kernelInitializer: tf.initializers.heNormal({ seed: config.seed + i }),
      name: `hidden_${i + 1}`,
    }));
  });
  model.add(tf.layers.dense({
    units: 1,
    activation: 'sigmoid',
    inputShape: config.hidden.length === 0 ? [config.inputs] : undefined,
    kernelInitializer: tf.initializers.glorotUniform({ seed: config.seed + 99 }),
    name: 'purchase',
  }));
  return model;
}

/** Probabilities for a row-major `n × width` matrix, in chunks so memory stays bounded. */
export async function predictMatrix(model: tf.LayersModel, x: Float32Array, width: number, chunk = 4096): Promise<Float32Array> {
  const n = width === 0 ? 0 : x.length / width;
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    // One batch per chunk: LayersModel.predict would otherwise split it into batches of 32 (measured 50× slower).
    const y = tf.tidy(() => model.predict(tf.tensor2d(x.subarray(start * width, end * width), [end - start, width]), { batchSize: end - start }) as tf.Tensor);
    try {
      out.set(await y.data(), start);
    } finally {
      y.dispose();
    }
  }
  return out;
}

/** The rows `indices` of a row-major matrix of `width` columns. */
export function pickRows(x: Float32Array, indices: readonly number[], width: number): Float32Array {
  const out = new Float32Array(indices.length * width);
  indices.forEach((i, j) => out.set(x.subarray(i * width, (i + 1) * width), j * width));
  return out;
}

/** Throws INTERNAL unless every score is a finite number: a NaN is never returned as a probability or ranked. */
export function checkScores(scores: Float32Array, what = 'row'): Float32Array {
  const bad = scores.findIndex((s) => !Number.isFinite(s));
  if (bad >= 0) {
    throw new StorefrontError('INTERNAL', `Intent model: it scored ${what} ${bad} as ${scores[bad]}: its weights overflow on this input. Reload or retrain the model (reset() an adapted one).`, {
      details: { row: bad, score: scores[bad] },
    });
  }
  return scores;
}

/** Mean of −w·[y log p + (1−y) log(1−p)]: binary cross-entropy with per-row weights. */
export function weightedBce(p: tf.Tensor, y: tf.Tensor, w: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, 1e-7, 1 - 1e-7);
    const ll = tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))));
    return tf.neg(tf.mean(tf.mul(w, ll))) as tf.Scalar;
  });
}

function l2Penalty(model: tf.LayersModel, l2: number): tf.Scalar {
  return tf.tidy(() => {
    const kernels = model.trainableWeights.filter((w) => w.name.includes('kernel')).map((w) => tf.sum(tf.square(w.read())));
    return tf.mul(l2, kernels.length ? tf.addN(kernels) : tf.scalar(0)) as tf.Scalar;
  });
}

export interface TrainConfig {
  x: Float32Array;
  y: Uint8Array;
  width: number;
  /** Weight of class 0 and class 1 in the loss. */
  classWeight: [number, number];
  valX: Float32Array | null;
  valY: Uint8Array | null;
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  patience: number | null;
  seed: number;
  signal?: AbortSignal;
  onEpoch?: (epoch: number, loss: number, valLoss: number | null) => void;
}

export interface TrainResult {
  epochs: number;
  bestEpoch: number;
  history: EpochRecord[];
}

/** One epoch of training: losses, and with validation rows their ROC-AUC and PR-AUC; `seconds` since the fit began. */
export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number | null;
  valRocAuc?: number;
  valPrAuc?: number;
  seconds?: number;
}

/** Weighted log loss of a model on a matrix, in JS (for early stopping). */
async function evalLoss(model: tf.LayersModel, x: Float32Array, y: Uint8Array, width: number, cw: [number, number]): Promise<number> {
  return weightedLogLoss(y, await predictMatrix(model, x, width), cw);
}

function weightedLogLoss(y: Uint8Array, p: Float32Array, cw: [number, number]): number {
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < y.length; i++) {
    const w = cw[y[i] as 0 | 1];
    sum += w * logLoss([y[i] as number], [p[i] as number]);
    wsum += w;
  }
  return sum / wsum;
}

/** Whether every weight of `model` is a finite number (its values are read; no tensor is made). */
export async function weightsFinite(model: tf.LayersModel): Promise<boolean> {
  for (const w of model.getWeights()) {
    const values = await w.data();
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return false;
  }
  return true;
}

/** The refusal of a step that made the loss or a weight NaN or infinite. */
function diverged(what: string, found: string, outcome: string): StorefrontError {
  return new StorefrontError('INVALID_INPUT', `Intent model: ${what} gave ${found} (non-finite), so it was refused and ${outcome}. Check the rows for extreme values, or lower learningRate.`, {
    details: { found },
  });
}

/** Trains `model` in place with Adam; on early stopping, restores the weights of the best validation epoch. */
export async function train(model: tf.LayersModel, config: TrainConfig): Promise<TrainResult> {
  const n = config.y.length;
  const { width } = config;
  const optimizer = tf.train.adam(config.learningRate);
  const x = tf.tensor2d(config.x, [n, width]);
  const y = tf.tensor2d(config.y, [n, 1], 'float32');
  const w = tf.tensor2d(Float32Array.from(config.y, (v) => config.classWeight[v as 0 | 1]), [n, 1]);
  const random = seededRandom(config.seed ^ 0x5eed);
  const order = Array.from({ length: n }, (_, i) => i);
  const history: TrainResult['history'] = [];
  const started = performance.now();
  let best: tf.Tensor[] | null = null;
  let bestLoss = Infinity;
  let bestEpoch = 0;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      throwIfAborted(config.signal, 'Intent model training');
      shuffleInPlace(order, random);
      let total = tf.scalar(0);
      let batches = 0;
      for (let start = 0; start < n; start += config.batchSize) {
        const idx = tf.tensor1d(order.slice(start, start + config.batchSize), 'int32');
        const cost = optimizer.minimize(() => {
          const xb = tf.gather(x, idx);
          const p = model.apply(xb, { training: true }) as tf.Tensor;
          const loss = weightedBce(p, tf.gather(y, idx), tf.gather(w, idx));
          return config.l2 > 0 ? tf.add(loss, l2Penalty(model, config.l2)) as tf.Scalar : loss;
        }, true) as tf.Scalar;
        const next = tf.add(total, cost) as tf.Scalar;
        tf.dispose([idx, cost, total]);
        total = next;
        batches++;
      }
      const loss = (await total.data())[0] as number / batches;
      total.dispose();
      const record: EpochRecord = { epoch, loss, valLoss: null };
      if (config.valX && config.valY) {
        const p = await predictMatrix(model, config.valX, width);
        record.valLoss = weightedLogLoss(config.valY, p, config.classWeight);
        if (Number.isFinite(record.valLoss)) Object.assign(record, { valRocAuc: rocAuc(config.valY, p), valPrAuc: averagePrecision(config.valY, p) });
      }
      record.seconds = (performance.now() - started) / 1000;
      const { valLoss } = record;
      if (!Number.isFinite(loss) || (valLoss !== null && !Number.isFinite(valLoss))) throw diverged(`training epoch ${epoch}`, `loss ${loss}, validation loss ${valLoss}`, 'no model was made');
      history.push(record);
      config.onEpoch?.(epoch, loss, valLoss);
      if (valLoss !== null && config.patience !== null) {
        if (valLoss < bestLoss - 1e-6) {
          bestLoss = valLoss;
          bestEpoch = epoch;
          sinceBest = 0;
          if (best) tf.dispose(best);
          best = model.getWeights().map((t) => t.clone());
        } else if (++sinceBest >= config.patience) {
          break;
        }
      } else {
        bestEpoch = epoch;
      }
      // Let the page breathe between epochs (progress rendering, abort clicks).
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (best) model.setWeights(best);
    if (!(await weightsFinite(model))) throw diverged('training', 'a weight NaN or Infinity', 'no model was made');
    return { epochs: history.length, bestEpoch, history };
  } finally {
    if (best) tf.dispose(best);
    tf.dispose([x, y, w]);
    optimizer.dispose();
  }
}

/**
 * A few full-batch Adam steps on `x` (on-device adaptation); returns the loss before and after. A run that leaves a
 * weight or the loss non-finite is undone (the weights as before the call) and refused with INVALID_INPUT.
 */
export async function fineTune(model: tf.LayersModel, x: Float32Array, y: Uint8Array, width: number, steps: number, learningRate: number): Promise<{ lossBefore: number; lossAfter: number }> {
  const n = y.length;
  const optimizer = tf.train.adam(learningRate);
  const xt = tf.tensor2d(x, [n, width]);
  const yt = tf.tensor2d(y, [n, 1], 'float32');
  const wt = tf.onesLike(yt);
  const ones: [number, number] = [1, 1];
  const before = model.getWeights().map((t) => t.clone());
  try {
    const lossBefore = await evalLoss(model, x, y, width, ones);
    for (let s = 0; s < steps; s++) {
      optimizer.minimize(() => weightedBce(model.apply(xt, { training: true }) as tf.Tensor, yt, wt), false);
    }
    const lossAfter = await evalLoss(model, x, y, width, ones);
    if (!Number.isFinite(lossBefore) || !Number.isFinite(lossAfter) || !(await weightsFinite(model))) {
      model.setWeights(before);
      throw diverged('adapting on these rows', `loss ${lossBefore} before and ${lossAfter} after`, 'the weights were left as they were');
    }
    return { lossBefore, lossAfter };
  } finally {
    tf.dispose([xt, yt, wt, ...before]);
    optimizer.dispose();
  }
}

/**
 * One network from K trained members of the same shape: each member's layers side by side on the shared input, and a
 * fixed (untrainable) Dense(1) of weights 1/K over their probabilities, so the output is the members' mean. It
 * saves, loads, adapts and explains like a single network; its last layer still has one unit (what loading checks).
 */
export function combineMembers(members: tf.LayersModel[], config: Omit<NetworkConfig, 'seed'>): tf.LayersModel {
  const input = tf.input({ shape: [config.inputs], name: 'sessions' });
  const outputs = members.map((_, k) => {
    let h = input;
    config.hidden.forEach((units, i) => {
      h = tf.layers.dense({ units, activation: config.activation, name: `member_${k + 1}_hidden_${i + 1}` }).apply(h) as tf.SymbolicTensor;
    });
    return tf.layers.dense({ units: 1, activation: 'sigmoid', name: `member_${k + 1}_purchase` }).apply(h) as tf.SymbolicTensor;
  });
  const joined = tf.layers.concatenate({ name: 'members' }).apply(outputs) as tf.SymbolicTensor;
  const mean = tf.layers.dense({
    units: 1, useBias: false, trainable: false, kernelInitializer: tf.initializers.constant({ value: 1 / members.length }), name: 'purchase',
  }).apply(joined) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: mean, name: 'purchase_intent_ensemble' });
  members.forEach((member, k) => {
    const dense = member.layers.filter((l) => l.getWeights().length > 0);
    dense.forEach((layer, i) => {
      const name = i < config.hidden.length ? `member_${k + 1}_hidden_${i + 1}` : `member_${k + 1}_purchase`;
      model.getLayer(name).setWeights(layer.getWeights());
    });
  });
  return model;
}
