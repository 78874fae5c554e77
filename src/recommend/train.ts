/** The training loop of the sequence model: seeded, abortable, with progress. */
import * as tf from '@tensorflow/tfjs';
import { throwIfAborted } from '../core/errors.ts';
import { nextItemExamples } from './examples.ts';
import { seededRandom, shuffleInPlace as shuffle } from '../core/random.ts';
import type { SequenceNet } from './sequence-model.ts';

/** Progress of training, reported after each epoch. */
export interface RecommenderTrainProgress {
  epoch: number;
  epochs: number;
  /** Mean training loss of the epoch. */
  loss: number;
  /** Seconds since training started. */
  seconds: number;
}

/** Training settings. */
export interface TrainOptions {
  /** Passes over the training examples (on Beauty, validated after every epoch, NDCG@10 peaked at epoch 3 with dropout 0.3, at epoch 2 without). @default 3 */
  epochs?: number;
  /** Stop after the epoch that crosses this many seconds (0: no limit). @default 0 */
  maxSeconds?: number;
  /** Examples per step (Beauty validation, 2,048 negatives: 1,024 / 512 / 256 gave blend NDCG@10 0.0622 / 0.0630 / 0.0637). @default 256 */
  batchSize?: number;
  /** Adam learning rate. @default 0.005 */
  learningRate?: number;
  /**
   * Items sampled uniformly as extra shared negatives per step, besides the batch's targets; 0 means a full softmax
   * over all items. On Beauty (12,101 items) 256 / 1,024 / 2,048 / 4,096 gave validation NDCG@10 0.048 / 0.053 /
   * 0.053 / 0.055 (model alone) at 68 / 101 / 127 / 189 s for two epochs on WASM (batch 1,024). @default 2048
   */
  negatives?: number;
  /** Dropout rate on the shopper vector during training (Beauty validation NDCG@10, model alone: 0 / 0.3 gave 0.0579 at epoch 2 / 0.0599 at epoch 3). @default 0.3 */
  dropout?: number;
  /** Seed of initial weights, shuffling and sampling. @default 1 */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RecommenderTrainProgress) => void;
  /** Called after each epoch, e.g. to evaluate; may be async. Returning `true` stops training after this epoch (early stopping). */
  onEpochEnd?: (progress: RecommenderTrainProgress) => void | boolean | Promise<void | boolean>;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The defaults of {@link TrainOptions}, in one place: training uses them and trainRecommender checks them. */
export const TRAIN_DEFAULTS = { epochs: 3, maxSeconds: 0, batchSize: 256, learningRate: 0.005, negatives: 2048, dropout: 0.3, seed: 1 } as const;

/** Trains `net` on next-item examples from `train`. Returns the per-epoch progress. */
export async function trainSequenceNet(net: SequenceNet, train: readonly ArrayLike<number>[], options: TrainOptions = {}): Promise<RecommenderTrainProgress[]> {
  const { numItems, window } = net.shape;
  const d = TRAIN_DEFAULTS;
  const epochs = options.epochs ?? d.epochs;
  const batchSize = options.batchSize ?? d.batchSize;
  const negatives = Math.min(options.negatives ?? d.negatives, numItems);
  const maxSeconds = options.maxSeconds ?? d.maxSeconds;
  const dropout = options.dropout ?? d.dropout;
  const seed = options.seed ?? d.seed;
  const learningRate = options.learningRate ?? d.learningRate;
  const dropoutSeed = (seed * 7919) % 1_000_003;
  const random = seededRandom(seed);
  const { histories, targets, count } = nextItemExamples(train, window, numItems);
  const order = Int32Array.from({ length: count }, (_, i) => i);
  const optimizer = tf.train.adam(learningRate);
  const started = performance.now();
  const history: RecommenderTrainProgress[] = [];
  const mark = new Int32Array(numItems).fill(-1);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      shuffle(order, random);
      let lossSum = 0;
      let steps = 0;
      const pending: tf.Scalar[] = [];
      for (let start = 0; start < count; start += batchSize) {
        throwIfAborted(options.signal, 'Recommender training');
        const size = Math.min(batchSize, count - start);
        const windowRows = new Int32Array(size * window);
        const batchTargets = new Int32Array(size);
        for (let b = 0; b < size; b++) {
          const e = order[start + b] as number;
          windowRows.set(histories.subarray(e * window, (e + 1) * window), b * window);
          batchTargets[b] = targets[e] as number;
        }
        let candidates: Int32Array | undefined;
        if (negatives > 0 && negatives < numItems) {
          // Candidates: the batch's targets, then uniform samples; labels index into the candidates.
          const list: number[] = [];
          for (let b = 0; b < size; b++) {
            const t = batchTargets[b] as number;
            if (mark[t] !== steps) { mark[t] = steps; list.push(t); }
          }
          const position = new Map<number, number>(list.map((item, i) => [item, i]));
          for (let b = 0; b < size; b++) batchTargets[b] = position.get(batchTargets[b] as number) as number;
          while (list.length < Math.min(numItems, negatives + position.size)) {
            const item = Math.floor(random() * numItems);
            if (mark[item] !== steps) { mark[item] = steps; list.push(item); }
          }
          candidates = Int32Array.from(list);
          if (steps >= 0) for (const item of list) mark[item] = -1;
        }
        const loss = tf.tidy(() => {
          const w = tf.tensor2d(windowRows, [size, window], 'int32');
          const t = tf.tensor1d(batchTargets, 'int32');
          const c = candidates ? tf.tensor1d(candidates, 'int32') : undefined;
          return optimizer.minimize(() => net.loss(w, t, c, dropout, dropoutSeed + epoch * 100_003 + steps), true, net.variables) as tf.Scalar;
        });
        pending.push(loss);
        steps++;
        if (pending.length >= 16) {
          // Reading losses back now and then keeps the page responsive and the queue short.
          const values = await Promise.all(pending.map((p) => p.data()));
          for (const v of values) lossSum += v[0] as number;
          tf.dispose(pending);
          pending.length = 0;
          // On WASM and CPU data() resolves as a microtask, which never lets the event loop run: yield a macrotask
          // so that clicks, an abort() from a handler and (in Node) SIGINT reach us during training.
          await yieldToEventLoop();
        }
      }
      const values = await Promise.all(pending.map((p) => p.data()));
      for (const v of values) lossSum += v[0] as number;
      tf.dispose(pending);
      net.invalidate();
      const progress = { epoch, epochs, loss: lossSum / Math.max(steps, 1), seconds: (performance.now() - started) / 1000 };
      history.push(progress);
      options.onProgress?.(progress);
      if (await options.onEpochEnd?.(progress) === true) break;
      if (maxSeconds > 0 && progress.seconds >= maxSeconds) break;
    }
  } finally {
    optimizer.dispose();
    net.invalidate();
  }
  return history;
}
