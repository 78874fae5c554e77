/**
 * `storefront-ml train intent`: event log → sessions → prediction points → `sessionFeatures()` rows (the pure
 * pipeline in src/pipeline/intent-dataset.ts) → trainIntentModel (WASM in Node) → the folder
 * `model.toFiles()` writes, which loadIntentModel() loads as it is, with ROC-AUC and PR-AUC per prediction point on
 * a held-out split of shoppers (bootstrap 95 % intervals) in metadata.json.
 */
import path from 'node:path';
import { isStorefrontError, StorefrontError } from '../../core/errors.ts';
import { trainIntentModel } from '../../intent/train.ts';
import type { IntentModel } from '../../intent/types.ts';
import { computeMetrics, type IntentMetrics } from '../../intent/metrics.ts';
import {
  DEFAULT_PREDICTION_POINTS, LOG_MODEL_EXCLUDE, LOG_MODEL_INCLUDE, intentDataset, metricsByPoint, splitIntentDataset,
  type PointMetrics, type PredictionPoint,
} from '../../pipeline/intent-dataset.ts';
import { getRuntimeInfo } from '../../runtime/index.ts';
import { withAtomicDir } from '../atomic-dir.ts';
import type { Command } from '../command.ts';
import { EVENTS_OPTIONS, describeEventsInput, readEventsInput } from '../events-input.ts';
import { BACKEND_OPTION, describeRuntime, startNodeRuntime, type CliBackend } from '../node-runtime.ts';

function parsePoints(text: string): PredictionPoint[] {
  const points = text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => (p === 'first_cart' ? p : Number(p)));
  if (points.length === 0 || points.some((p) => p !== 'first_cart' && !(Number.isInteger(p) && (p as number) >= 1))) {
    throw new StorefrontError('INVALID_OPTION', `--points: expected a comma-separated list of event counts (integers ≥ 1) and first_cart; got "${text}". See storefront-ml train intent --help.`);
  }
  return points as PredictionPoint[];
}

const f3 = (x: number | null) => (x === null ? '  –  ' : x.toFixed(3));
const ci = (c: [number, number] | null) => (c ? `[${c[0].toFixed(2)}, ${c[1].toFixed(2)}]` : '');

export const trainIntentCommand: Command = {
  name: 'train intent',
  summary: 'Train a purchase-intent model on an event log and write a folder loadIntentModel() loads.',
  usage: 'train intent --events <file> --out <dir> [options]',
  description: [
    'Sessions are the log\'s sessions (user_session). The label of a session is "it went on to a purchase". Each session',
    'gives one row per prediction point it reaches before its first purchase (after 1, 3, 5, 10 events, at the first',
    'cart addition): the features sessionFeatures() - the function the browser calls on live history - computes from',
    'the events before that point. Events at or after the first purchase never enter the features.',
    '',
    'Held-out evaluation: shoppers (user_id) are split 80/20, stratified by whether they bought, so no shopper is on',
    'both sides; the model is trained on the 80 % (early stopping and the threshold on a 20 % of those shoppers) and',
    'scored on the rest: ROC-AUC and PR-AUC per prediction point with bootstrap 95 % intervals. That model is written.',
    '',
    'Writes <dir>/metadata.json (format storefront-ml/purchase-intent v1, feature schema, threshold, metrics per point,',
    'provenance, files manifest), model.json and weights.bin. In the page: watchIntent({ history, model:',
    'await loadIntentModel(\'/models/intent/\'), onCross }) scores with sessionFeatures(events) by default.',
  ].join('\n'),
  options: [
    ...EVENTS_OPTIONS,
    { name: 'out', type: 'string', valueName: '<dir>', required: true, description: 'Folder to write (created; atomic: nothing is left there on failure).' },
    { name: 'force', type: 'boolean', description: 'Replace --out if it exists and is not empty.' },
    { name: 'points', type: 'string', valueName: '<list>', default: DEFAULT_PREDICTION_POINTS.join(','), description: 'Prediction points: event counts and first_cart.' },
    { name: 'split', type: 'string', valueName: '<by>', default: 'user', choices: ['user', 'session'], description: 'Keep a shopper (or only a session) on one side of the held-out split.' },
    { name: 'test-fraction', type: 'number', valueName: '<x>', min: 0.05, max: 0.5, default: 0.2, description: 'Share of shoppers held out.' },
    { name: 'epochs', type: 'number', valueName: '<n>', integer: true, min: 1, max: 1000, default: 200, description: 'Most epochs (early stopping on the validation shoppers).' },
    { name: 'seed', type: 'number', valueName: '<n>', integer: true, min: 0, max: 2 ** 31 - 1, default: 1, description: 'Seed of the split, the weights and the bootstrap.' },
    { name: 'bootstrap', type: 'number', valueName: '<n>', integer: true, min: 0, max: 100_000, default: 1000, description: 'Bootstrap resamples for the intervals (0: none).' },
    { name: 'time-zone', type: 'string', valueName: '<zone>', default: 'utc', choices: ['utc', 'local'], description: 'Clock of the session features (the log model does not read the calendar columns).' },
    BACKEND_OPTION,
  ],
  examples: [
    'storefront-ml train intent --events 2019-Oct.csv --out models/intent/',
    'storefront-ml train intent --events export.json --out intent/ --points 1,5,first_cart --json',
  ],
  async run(ctx) {
    const o = ctx.options;
    const points = parsePoints(String(o.points));
    const outDir = path.resolve(ctx.cwd, String(o.out));
    const input = await readEventsInput(o, ctx.cwd);
    ctx.log(describeEventsInput(input));
    if (input.log.format === 's3rec') {
      throw new StorefrontError('INVALID_INPUT', `${input.file.name}: S3-Rec sequences have no sessions, times or purchases. Pass an e-commerce CSV or a history export.`);
    }
    let data;
    try {
      data = intentDataset(input.log.events, { points, context: { timeZone: o['time-zone'] as 'utc' | 'local' } });
    } catch (error) {
      if (isStorefrontError(error, 'INVALID_INPUT')) throw new StorefrontError('INVALID_INPUT', `${input.file.name}: ${error.message}`, { cause: error });
      throw error;
    }
    const seed = o.seed as number;
    const by = o.split as 'user' | 'session';
    const fraction = o['test-fraction'] as number;
    const { train, test } = splitIntentDataset(data, { by, testFraction: fraction, seed });
    const { train: fit, test: validation } = splitIntentDataset(train, { by, testFraction: 0.2, seed: seed + 1 });
    for (const [name, part] of [['training', fit], ['validation', validation], ['held-out', test]] as const) {
      if (part.purchaseSessions === 0) {
        throw new StorefrontError('INVALID_INPUT', `${input.file.name}: only ${data.purchaseSessions} session${data.purchaseSessions === 1 ? '' : 's'} with a purchase; the ${name} part got none. Pass a longer log (tens of purchasing sessions at least).`);
      }
    }
    ctx.log(`${data.sessions.toLocaleString('en-US')} sessions (${data.purchaseSessions} with a purchase) → ${data.rows.length.toLocaleString('en-US')} rows at ${points.join(', ')}; split by ${by}: ${fit.sessions} training, ${validation.sessions} validation, ${test.sessions} held-out sessions`);
    const runtime = await startNodeRuntime(o.backend as CliBackend);
    ctx.log(`backend: ${describeRuntime(runtime)}`);
    const epochs = o.epochs as number;
    const bar = ctx.progress({ label: 'training', total: epochs, unit: 'epochs' });
    const started = performance.now();
    let model: IntentModel | undefined;
    try {
      model = await trainIntentModel(fit.rows, fit.labels, {
        exclude: [...LOG_MODEL_EXCLUDE], include: [...LOG_MODEL_INCLUDE], seed, epochs, signal: ctx.signal,
        validationData: { rows: validation.rows, labels: validation.labels },
        onProgress: (p) => bar.update(p.epoch, `loss ${p.loss.toFixed(3)}, validation ${p.valLoss?.toFixed(3)}`),
      });
      bar.finish();
      const scores = await model.predictBatch(test.rows);
      const perPoint: PointMetrics[] = metricsByPoint(test, scores, { bootstrap: o.bootstrap as number, seed });
      const metrics: Record<string, IntentMetrics> = {};
      for (const p of perPoint) {
        const idx = p.point === 'all' ? test.points.map((_, i) => i) : test.points.flatMap((q, i) => (q === p.point ? [i] : []));
        if (p.rocAuc !== null) metrics[`test_${p.point}`] = computeMetrics(Uint8Array.from(idx, (i) => test.labels[i] as number), Float32Array.from(idx, (i) => scores[i] as number), model.threshold);
      }
      const seconds = (performance.now() - started) / 1000;
      const info = getRuntimeInfo() ?? runtime;
      const evaluation = {
        protocol: `held-out split by ${by} (${Math.round(fraction * 100)} %, stratified by purchase, seed ${seed}); one row per session and prediction point; bootstrap ${String(o.bootstrap)} resamples, 95 % percentile intervals`,
        points: perPoint,
        sessions: { training: fit.sessions, validation: validation.sessions, test: test.sessions },
        purchaseSessions: { training: fit.purchaseSessions, validation: validation.purchaseSessions, test: test.purchaseSessions },
      };
      const files = await model.toFiles({
        metrics,
        provenance: {
          tool: `storefront-ml ${ctx.version} train intent`,
          createdAt: new Date().toISOString(),
          source: { ...input.summary, firstSkipped: undefined },
          sessions: data.sessions, purchaseSessions: data.purchaseSessions, rows: data.rows.length,
          features: 'sessionFeatures(prefix, { timeZone }) of src/intent/session-features.ts, the function watchIntent() calls by default',
          options: { points, split: by, testFraction: fraction, seed, epochs, bootstrap: o.bootstrap, timeZone: o['time-zone'] },
          runtime: { backend: info.backend, wasm: info.wasm, tfjs: info.tfjsVersion, node: process.version },
          trainingSeconds: seconds,
          evaluation,
        },
      });
      await withAtomicDir(outDir, { force: o.force === true }, async (dir) => {
        await dir.write('metadata.json', files['metadata.json']);
        await dir.write('model.json', files['model.json']);
        await dir.write('weights.bin', files['weights.bin']);
      });
      const training = model.metadata.training;
      return {
        summary: [
          `trained purchase intent on ${fit.rows.length.toLocaleString('en-US')} rows (${fit.sessions} sessions): ${training?.epochs} epochs (best ${training?.bestEpoch}), ${seconds.toFixed(1)} s on ${describeRuntime(info)}`,
          `held out by ${by}: ${test.sessions} sessions, ${test.purchaseSessions} with a purchase`,
          '  point        rows  buyers  ROC-AUC [95 % CI]        PR-AUC [95 % CI]     (random PR-AUC)',
          ...perPoint.map((p) => `  ${p.point.padEnd(11)} ${String(p.rows).padStart(5)} ${String(p.positives).padStart(7)}  ${f3(p.rocAuc)} ${ci(p.rocAucCi).padEnd(14)}  ${f3(p.prAuc)} ${ci(p.prAucCi).padEnd(14)} (${p.prevalence.toFixed(3)})`),
          '  (no interval: fewer than 5 buyers or non-buyers at that point; – : one class only)',
          ...(test.purchaseSessions < 30 ? [`  few buyers held out (${test.purchaseSessions}): read the intervals, not the point estimates`] : []),
          `wrote ${String(o.out)} (metadata.json, model.json, weights.bin)`,
        ],
        data: {
          out: String(o.out), backend: info.backend, runtime: info, input: input.summary,
          sessions: data.sessions, purchaseSessions: data.purchaseSessions, rows: data.rows.length,
          training: { rows: fit.rows.length, epochs: training?.epochs, bestEpoch: training?.bestEpoch, seconds },
          threshold: model.threshold, evaluation,
        },
      };
    } catch (error) {
      bar.finish('stopped');
      if (isStorefrontError(error, 'ABORTED') || ctx.signal.aborted) throw new StorefrontError('ABORTED', 'train intent: interrupted.', { cause: error });
      throw error;
    } finally {
      model?.dispose();
    }
  },
};
