/**
 * `npm run eval -- train-purchase --backend wasm --save models/purchase-intent`: trains the shipped purchase-intent
 * model with the library's defaults on the UCI train split only (stratified 80/20, seed 1; early stopping and the
 * threshold use a stratified 20 % of the train part), scores it once on the held-out 20 %, and writes
 * model.json, weights.bin and metadata.json (schema, scaler, threshold, metrics, provenance).
 */
import * as tf from '@tensorflow/tfjs';
import { trainIntentModel } from '../../src/intent/train.ts';
import { stratifiedSplit } from '../../src/core/random.ts';
import { parseUciCsv, take } from '../../src/intent/uci.ts';
import { sha256Hex } from '../../src/core/files/sha256.ts';
import type { IntentModel, IntentTrainOptions } from '../../src/intent/types.ts';
import type { Row, Suite, SuiteContext, SuiteResult } from '../harness/types.ts';
import { UCI_CSV } from './purchase.ts';

export const SHIPPED_SPLIT = { seed: 1, testFraction: 0.2 };

export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** What one shipped model adds to the common recipe: its training options, and what it records beside the metrics. */
export interface ShippedModelSpec {
  options?: IntentTrainOptions;
  trainedBy: string;
  /** Extra provenance and metrics, computed on the trained model before it is written. */
  extra?: (model: IntentModel, log: (line: string) => void) => Promise<{ provenance?: Record<string, unknown>; metrics?: Record<string, number> }>;
}

/**
 * The recipe every shipped purchase-intent model follows: train on the UCI train split (seed 1), score once on the
 * held-out 20 %, and return the metrics, a validation/test table and the model's files as artifacts.
 */
export async function trainShipped({ data, log, runtime }: SuiteContext, spec: ShippedModelSpec): Promise<SuiteResult> {
  const text = await data.text(UCI_CSV);
  const uci = parseUciCsv(text);
  const split = stratifiedSplit(uci.labels, SHIPPED_SPLIT.testFraction, SHIPPED_SPLIT.seed);
  const trainPart = take(uci, split.train);
  const testPart = take(uci, split.test);
  const model = await trainIntentModel(trainPart.rows, trainPart.labels, {
    ...spec.options, seed: SHIPPED_SPLIT.seed,
    onProgress: ({ epoch, loss, valLoss }) => log(`epoch ${epoch}: loss ${loss.toFixed(4)}, validation ${valLoss?.toFixed(4)}`),
  });
  const test = await model.evaluate(testPart.rows, testPart.labels);
  const report = { ...model.metadata.training!, threshold: model.threshold, validation: model.metadata.metrics.validation ?? null };
  log(`best epoch ${report.bestEpoch}, threshold ${report.threshold.toFixed(4)}, test ROC-AUC ${test.rocAuc.toFixed(4)} PR-AUC ${test.prAuc.toFixed(4)} F1 ${test.f1.toFixed(4)}`);
  const extra = await spec.extra?.(model, log) ?? {};
  const files = await model.toFiles({
    metrics: { test },
    provenance: {
      data: { file: UCI_CSV, sha256: await sha256Hex(new TextEncoder().encode(text)), rows: uci.rows.length, source: 'UCI ML Repository #468 (Sakar et al. 2018), CC BY 4.0' },
      split: { method: 'stratifiedSplit (src/core/random.ts)', ...SHIPPED_SPLIT, trainRows: split.train.length, testRows: split.test.length },
      ...extra.provenance,
      trainedBy: spec.trainedBy,
      backend: runtime.backend,
      trainingMs: Math.round(report.ms ?? 0),
    },
  });
  model.dispose();
  const metrics = {
    roc_auc: test.rocAuc, pr_auc: test.prAuc, f1: test.f1, accuracy: test.accuracy, mcc: test.mcc, threshold: report.threshold,
    epochs: report.epochs, best_epoch: report.bestEpoch, ...extra.metrics, leaked_tensors: tf.memory().numTensors,
  };
  const table: Row[] = [{ split: 'validation (part of train)', roc_auc: report.validation?.rocAuc ?? null, pr_auc: report.validation?.prAuc ?? null, f1: report.validation?.f1 ?? null },
    { split: 'test (held out)', roc_auc: test.rocAuc, pr_auc: test.prAuc, f1: test.f1 }];
  return {
    metrics,
    table,
    artifacts: {
      'model.json': { text: files['model.json'] },
      'weights.bin': { base64: base64(files['weights.bin']) },
      'metadata.json': { text: files['metadata.json'] },
    },
  };
}

const suite: Suite = {
  description: 'Trains the shipped purchase-intent model on the UCI train split (seed 1) and scores it on the test split',
  run: (context) => trainShipped(context, { trainedBy: 'npm run eval -- train-purchase --backend wasm --save models/purchase-intent' }),
};

export default suite;
