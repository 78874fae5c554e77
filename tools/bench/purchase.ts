/**
 * `npm run bench -- purchase [--backend wasm]`: purchase-intent speed.
 * - training time of the default model on ~10k UCI rows (the 80 % train split: 9,864 rows, of which 20 % validate),
 *   with the default early stopping, and per epoch;
 * - predict latency for one session and for 1,000 (median after warm-up, read-back included);
 * - tensors leaked over 1,000 single-session predictions (must be 0).
 * `--ensemble 5` measures the shipped UCI recipe instead (`ensemble: 5, ensembleSplit: 'folds'`; epochs of all members).
 */
import * as tf from '@tensorflow/tfjs';
import { trainIntentModel } from '../../src/intent/train.ts';
import { stratifiedSplit } from '../../src/core/random.ts';
import { parseUciCsv, take } from '../../src/intent/uci.ts';
import { measure } from '../harness/measure.ts';
import type { Row, Suite } from '../harness/types.ts';
import { UCI_CSV } from '../eval/purchase.ts';

const suite: Suite = {
  description: 'Purchase intent: training time on ~10k UCI rows, predict latency, leaks',
  async run({ data, log, options }) {
    const uci = parseUciCsv(await data.text(UCI_CSV));
    const split = stratifiedSplit(uci.labels, 0.2, 1);
    const trainPart = take(uci, split.train);
    const testPart = take(uci, split.test);
    const startTensors = tf.memory().numTensors;
    const table: Row[] = [];

    const members = Number(options.ensemble ?? 1);
    const model = await trainIntentModel(trainPart.rows, trainPart.labels, { seed: 1, ...(members > 1 ? { ensemble: members, ensembleSplit: 'folds' as const } : {}) });
    const training = model.metadata.training!;
    const report = { epochs: training.ensemble?.members.reduce((n, m) => n + m.epochs, 0) ?? training.epochs, ms: training.ms ?? 0 };
    const perEpoch = report.ms / report.epochs;
    log(`fit: ${report.epochs} epochs in ${(report.ms / 1000).toFixed(2)} s (${perEpoch.toFixed(0)} ms/epoch)`);
    table.push({ what: `fit ${trainPart.rows.length} rows (${report.epochs} epochs, early stopping)`, median_ms: report.ms, reps: 1 });

    const one = testPart.rows[0] ?? {};
    const single = await measure(() => model.predict(one), { warmup: 20, reps: 300, budgetMs: 10_000 });
    table.push({ what: 'predict 1 session', median_ms: single.median, p90_ms: single.p90, reps: single.reps });
    const thousand = testPart.rows.slice(0, 1000);
    const batch = await measure(() => model.predictBatch(thousand), { warmup: 3, reps: 30, budgetMs: 10_000 });
    table.push({ what: 'predictBatch 1,000 sessions', median_ms: batch.median, p90_ms: batch.p90, reps: batch.reps });
    const explain = await measure(() => model.explain(one), { warmup: 3, reps: 30, budgetMs: 10_000 });
    table.push({ what: 'explain 1 session (integrated gradients, 32 steps)', median_ms: explain.median, p90_ms: explain.p90, reps: explain.reps });

    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) await model.predict(testPart.rows[i % testPart.rows.length] ?? one);
    const leakedPredict = tf.memory().numTensors - before;
    model.dispose();

    return {
      metrics: {
        fit_s: report.ms / 1000,
        fit_epochs: report.epochs,
        members,
        fit_ms_per_epoch: perEpoch,
        train_rows: trainPart.rows.length,
        predict_ms_1: single.median,
        predict_ms_1000: batch.median,
        explain_ms: explain.median,
        leaked_tensors_1000_predictions: leakedPredict,
        leaked_tensors: tf.memory().numTensors - startTensors,
      },
      table,
    };
  },
};

export default suite;
