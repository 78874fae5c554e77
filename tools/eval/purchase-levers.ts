/**
 * `npm run eval -- purchase-levers --backend wasm [--seeds 5] [--variants base,dropout:0.1,l2:0.0003]`: issue 17's
 * levers for the K-fold ensemble, measured on VALIDATION only: the `--tune` holdout of `npm run eval -- purchase`
 * (per seed, the stratified 80/20 split, then a stratified 20 % of its train part; the test part is never read).
 * Schema: `scaling: 'quantile'` + the 11 derived columns (the config validation chose at stop 22).
 * Each variant trains K-fold members as trainIntentModel does (folds of seed s, member seeds s + 1000·k) and keeps a
 * copy of every epoch's weights, so one training pass scores several combinations:
 * - members' mean probability (what the library saves) against their mean logit (sigmoid of the mean pre-activation);
 * - 5 members against 10 (`base` also trains a second fold assignment, seed s + 7919, member seeds + 500);
 * - each member at its best epoch (early stopping) against weight averages of epochs: the 3 or 5 of lowest
 *   validation loss, or the best epoch to the last (the patience tail, SWA-like).
 * Variants: `base`; `dropout:p` (dropout p after each hidden layer, training only); `l2:x`; `lr:x`; `patience:n`;
 * `exclude:A+B` (UCI columns left out); `mincount:n` (training rows a categorical value needs for its own column,
 * default 10); knobs join with '&'; `refit` (after each fold member, one more trained on all the rows, no
 * validation, for the epochs that member's fold chose: alone ×5, and beside the fold members ×10).
 */
import * as tf from '@tensorflow/tfjs';
import { averagePrecision, rocAuc } from '../../src/intent/metrics.ts';
import { buildNetwork, pickRows, predictMatrix, train, type EpochRecord } from '../../src/intent/network.ts';
import { encodeRows, encodedNames, fitSchema, type DerivedColumn } from '../../src/intent/schema.ts';
import { stratifiedFolds, stratifiedSplit } from '../../src/core/random.ts';
import { parseUciCsv, take } from '../../src/intent/uci.ts';
import type { IntentColumn } from '../../src/intent/uci-columns.ts';
import type { Row, Suite } from '../harness/types.ts';
import { UCI_CSV } from './purchase.ts';

const INCLUDE: DerivedColumn[] = ['pages_total', 'duration_total', 'administrative_share', 'product_seconds_per_page',
  'administrative_seconds_per_page', 'informational_seconds_per_page', 'page_value_positive', 'page_value_per_product_page',
  'page_value_x_product_pages', 'exit_minus_bounce', 'bounce_x_exit'];
const HIDDEN = [64, 64];
const K = 5;

/** The library's network, or the same with dropout `p` after each hidden layer (no weights of its own). */
function network(inputs: number, seed: number, dropout: number): tf.LayersModel {
  if (dropout <= 0) return buildNetwork({ inputs, hidden: HIDDEN, activation: 'relu', seed });
  const model = tf.sequential({ name: 'purchase_intent' });
  HIDDEN.forEach((units, i) => {
    model.add(tf.layers.dense({ units, activation: 'relu', inputShape: i === 0 ? [inputs] : undefined, kernelInitializer: tf.initializers.heNormal({ seed: seed + i }), name: `hidden_${i + 1}` }));
    model.add(tf.layers.dropout({ rate: dropout, seed: seed + 50 + i }));
  });
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }), name: 'purchase' }));
  return model;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Holdout probabilities of one member under each weight rule. */
type MemberScores = Record<string, Float32Array>;
const RULES = ['best', 'top3', 'top5', 'tail'] as const;

async function averaged(model: tf.LayersModel, snapshots: tf.Tensor[][], epochs: number[], x: Float32Array, width: number): Promise<Float32Array> {
  const mean = tf.tidy(() => (snapshots[0] as tf.Tensor[]).map((_, w) => tf.div(tf.addN(epochs.map((e) => (snapshots[e - 1] as tf.Tensor[])[w] as tf.Tensor)), epochs.length)));
  const before = model.getWeights().map((t) => t.clone());
  model.setWeights(mean);
  const out = await predictMatrix(model, x, width);
  model.setWeights(before);
  tf.dispose([...mean, ...before]);
  return out;
}

const suite: Suite = {
  description: 'Purchase intent, K-fold ensemble levers (logit averaging, 10 members, weight averaging, dropout) on the --tune holdout',
  async run({ data, log, options }) {
    const seeds = Array.from({ length: Number(options.seeds ?? 5) }, (_, i) => i + 1);
    const variants = String(options.variants ?? 'base').split(',');
    const uci = parseUciCsv(await data.text(UCI_CSV));
    const startTensors = tf.memory().numTensors;
    const perSeed: Record<string, { roc_auc: number; pr_auc: number }[]> = {};
    const seconds: Record<string, number[]> = {};
    const record = (key: string, y: Uint8Array, p: Float32Array) => (perSeed[key] ??= []).push({ roc_auc: rocAuc(y, p), pr_auc: averagePrecision(y, p) });
    for (const seed of seeds) {
      const split = stratifiedSplit(uci.labels, 0.2, seed);
      const outer = take(uci, split.train);
      const inner = stratifiedSplit(outer.labels, 0.2, seed + 1000);
      const trainPart = take(outer, inner.train);
      const holdout = take(outer, inner.test);
      const y = trainPart.labels;
      for (const variant of variants) {
        // Knobs joined by '&' (`exclude:Region+Browser&dropout:0.1`).
        const knob = Object.fromEntries(variant.split('&').map((k) => k.split(':'))) as Record<string, string | undefined>;
        const has = (k: string) => Object.hasOwn(knob, k);
        const exclude = has('exclude') ? (knob.exclude as string).split('+') as IntentColumn[] : [];
        const schema = fitSchema(trainPart.rows, { include: INCLUDE, scaling: 'quantile', exclude, ...(has('mincount') ? { minCount: Number(knob.mincount) } : {}) });
        const width = encodedNames(schema).length;
        const allX = encodeRows(schema, trainPart.rows);
        const hx = encodeRows(schema, holdout.rows);
        const patience = has('patience') ? Number(knob.patience) : 10;
        const dropout = has('dropout') ? Number(knob.dropout) : 0;
        const l2 = has('l2') ? Number(knob.l2) : 1e-3;
        const learningRate = has('lr') ? Number(knob.lr) : 1e-3;
        const sets = has('base') ? [{ foldSeed: seed, offset: 0 }, { foldSeed: seed + 7919, offset: 500 }] : [{ foldSeed: seed, offset: 0 }];
        const members: MemberScores[][] = [];
        const refits: MemberScores[] = [];
        const started = performance.now();
        for (const { foldSeed, offset } of sets) {
          const fold = stratifiedFolds(y, K, foldSeed);
          const set: MemberScores[] = [];
          for (let k = 0; k < K; k++) {
            const inside = [...fold.keys()].filter((i) => fold[i] !== k);
            const outside = [...fold.keys()].filter((i) => fold[i] === k);
            const memberSeed = seed + 1000 * k + offset;
            const model = network(width, memberSeed, dropout);
            const snapshots: tf.Tensor[][] = [];
            let history: EpochRecord[] = [];
            try {
              const result = await train(model, {
                x: pickRows(allX, inside, width), y: Uint8Array.from(inside, (i) => y[i] as number), width, classWeight: [1, 1],
                valX: pickRows(allX, outside, width), valY: Uint8Array.from(outside, (i) => y[i] as number), epochs: 100, batchSize: 128,
                learningRate, l2, patience, seed: memberSeed,
                onEpoch: () => { snapshots.push(model.getWeights().map((t) => t.clone())); },
              });
              history = result.history;
              const byLoss = [...history].sort((a, b) => (a.valLoss as number) - (b.valLoss as number)).map((h) => h.epoch);
              const scores: MemberScores = { best: await predictMatrix(model, hx, width) };
              scores.top3 = await averaged(model, snapshots, byLoss.slice(0, 3), hx, width);
              scores.top5 = await averaged(model, snapshots, byLoss.slice(0, 5), hx, width);
              scores.tail = await averaged(model, snapshots, history.filter((h) => h.epoch >= result.bestEpoch).map((h) => h.epoch), hx, width);
              set.push(scores);
              if (has('refit')) {
                // The same member again on all the rows (no validation), for the epochs its fold chose.
                const again = network(width, memberSeed + 250, dropout);
                try {
                  await train(again, { x: allX, y, width, classWeight: [1, 1], valX: null, valY: null, epochs: Math.max(1, result.bestEpoch), batchSize: 128, learningRate, l2, patience: null, seed: memberSeed + 250 });
                  const p = await predictMatrix(again, hx, width);
                  refits.push(Object.fromEntries(RULES.map((r) => [r, p])));
                } finally {
                  again.dispose();
                }
              }
              log(`seed ${seed} ${variant} set ${offset ? 2 : 1} member ${k + 1}: ${result.epochs} epochs (best ${result.bestEpoch}), ${((performance.now() - started) / 1000).toFixed(1)} s`);
            } finally {
              for (const s of snapshots) tf.dispose(s);
              model.dispose();
            }
          }
          members.push(set);
        }
        (seconds[variant] ??= []).push((performance.now() - started) / 1000 / sets.length);
        const combos: [string, MemberScores[]][] = [[`${variant} ×5`, members[0] as MemberScores[]]];
        if (refits.length) combos.push([`${variant} refit on all rows ×5`, refits], [`${variant} folds ×5 + refits ×5`, [...(members[0] as MemberScores[]), ...refits]]);
        if (members.length > 1) combos.push([`${variant} ×10 (5 folds × 2 assignments)`, members.flat()], [`${variant} ×5, second assignment`, members[1] as MemberScores[]]);
        for (const rule of RULES) {
          record(`${variant} one member (fold 1), ${rule}`, holdout.labels, (members[0] as MemberScores[])[0]?.[rule] as Float32Array);
          for (const [label, set] of combos) {
            const n = holdout.labels.length;
            const prob = new Float32Array(n);
            const lg = new Float32Array(n);
            for (let i = 0; i < n; i++) {
              let sp = 0;
              let sl = 0;
              for (const m of set) { const p = (m[rule] as Float32Array)[i] as number; sp += p; sl += logit(p); }
              prob[i] = sp / set.length;
              lg[i] = sigmoid(sl / set.length);
            }
            record(`${label}, ${rule}, mean probability`, holdout.labels, prob);
            record(`${label}, ${rule}, mean logit`, holdout.labels, lg);
          }
        }
        const base = perSeed[`${variant} ×5, best, mean probability`]?.at(-1);
        log(`seed ${seed} ${variant}: ×5 best prob ROC-AUC ${base?.roc_auc.toFixed(4)} PR-AUC ${base?.pr_auc.toFixed(4)}`);
      }
    }
    const metrics: Record<string, number> = {};
    const table: Row[] = [];
    const reference = perSeed[`${variants[0]} ×5, best, mean probability`] ?? [];
    for (const [key, runs] of Object.entries(perSeed)) {
      const mean = (f: (r: { roc_auc: number; pr_auc: number }) => number) => runs.reduce((s, r) => s + f(r), 0) / runs.length;
      const dRoc = runs.map((r, i) => r.roc_auc - (reference[i]?.roc_auc ?? 0));
      const dPr = runs.map((r, i) => r.pr_auc - (reference[i]?.pr_auc ?? 0));
      const variant = key.split(' ')[0] as string;
      table.push({
        lever: key, roc_auc: mean((r) => r.roc_auc).toFixed(4), pr_auc: mean((r) => r.pr_auc).toFixed(4),
        d_roc: (dRoc.reduce((a, b) => a + b, 0) / runs.length).toFixed(4), d_pr: (dPr.reduce((a, b) => a + b, 0) / runs.length).toFixed(4),
        roc_up: dRoc.filter((d) => d > 0).length, s_per_5: ((seconds[variant] ?? []).reduce((a, b) => a + b, 0) / Math.max(1, seconds[variant]?.length ?? 1)).toFixed(1),
      });
      const slug = key.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
      metrics[`${slug}_roc_auc`] = mean((r) => r.roc_auc);
      metrics[`${slug}_pr_auc`] = mean((r) => r.pr_auc);
    }
    metrics.seeds = seeds.length;
    metrics.leaked_tensors = tf.memory().numTensors - startTensors;
    return { metrics, table, perSeed };
  },
};

export default suite;
