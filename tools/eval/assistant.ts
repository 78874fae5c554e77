/**
 * `npm run eval -- assistant [--dataset <data_full.json | file.csv>] [--train a.csv --test b.csv] [--oos-class]
 *   [--epochs n] [--bitext] [--faq] [--save models/assistant] [--encoder [dir]] [--encoder-weight w] [--lr x] [--wd x]
 *   [--split val] [--limit n]`
 *
 * - CLINC150 layout (default: clinc150_oos_eval/data_full.json from the data directory): trains `trainAssistant` on
 *   `train` (+ `oos_train` as an out-of-scope class only with --oos-class), calibrates temperature and the hand-off
 *   threshold on `val` + `oos_val`, reports on `test` + `oos_test`.
 * - CSV `text,label` (`--dataset` split 80/20 stratified, seed 42; or `--train`/`--test`): accuracy, no OOS.
 * - `--bitext`: bitext_customer_support (27 intents), 80/20 stratified, seed 42.
 * - `--faq`: trains the bilingual shop FAQ; with `--save <dir>` writes it as `faq/model.json` + `faq/weights.bin`;
 *   reports held-out accuracy on the test fixture's HELD_OUT messages (answered and right).
 * - `--encoder [dir]`: with Universal Sentence Encoder lite (default: universal_sentence_encoder_lite_tfjs/ in the data
 *   directory) beside the n-grams; `--encoder-weight` scales its features. `--split val`: CLINC150 scored on `val` +
 *   `oos_val` (what tuning may look at; the threshold is chosen there too), `--limit n` the first n of each.
 * The JSON's `curve`: per epoch, training seconds and (CLINC150) top-1 accuracy on `val`'s in-scope messages.
 * Metrics: answer_median_ms (CLINC150: 200 test messages, after 5 warm-up calls), in_scope_accuracy, oos_recall, train_seconds (+ accuracy without threshold, temperature, threshold);
 * with the FAQ and CLINC150, the false-answer rates (answered, not handed off) on 300 seeded messages in scripts
 * neither was trained on (unseen_script_answered) and 300 of random letters and keyboard mash
 * (random_letters_answered), from tools/eval/unfamiliar-text.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { trainAssistant, type Assistant, type AssistantContent, type AssistantTrainProgress, type LabelledText, type TrainAssistantOptions } from '../../src/assistant/index.ts';
import { OUT_OF_SCOPE } from '../../src/assistant/content.ts';
import { artifactsToFiles } from '../../src/assistant/io.ts';
import { stratifiedSplit } from '../../src/core/random.ts';
import { SHOP_FAQ } from '../../src/assistant/shop-faq.ts';
import { HELD_OUT } from './faq-held-out.ts';
import { randomLetterMessages, unseenScriptMessages } from './unfamiliar-text.ts';
import type { Row, Suite, SuiteContext } from '../harness/types.ts';

const CLINC = 'clinc150_oos_eval/data_full.json';
const BITEXT = 'bitext_customer_support/official_4514/Bitext_Sample_Customer_Support_Training_Dataset.csv';

function contentOf(rows: LabelledText[], oos: string[] = []): AssistantContent {
  const byLabel = new Map<string, string[]>();
  for (const r of rows) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r.text]);
  return { intents: [...byLabel].map(([id, examples]) => ({ id, examples })), ...(oos.length ? { outOfScope: oos } : {}) };
}

async function scoreSet(assistant: Assistant, rows: LabelledText[]) {
  let correct = 0;
  let correctAnswered = 0;
  let handedOff = 0;
  for (const r of rows) {
    const a = await assistant.answer(r.text);
    if (a.label === r.label) correct++;
    if (a.label === r.label && !a.handoff) correctAnswered++;
    if (a.handoff) handedOff++;
  }
  const n = Math.max(1, rows.length);
  return { top1: correct / n, answered: correctAnswered / n, handoff: handedOff / n };
}

/** Share of `texts` the assistant answers instead of handing off. */
async function answeredShare(assistant: Assistant, texts: readonly string[]): Promise<number> {
  let answered = 0;
  for (const text of texts) if (!(await assistant.answer(text)).handoff) answered++;
  return answered / Math.max(1, texts.length);
}

async function unfamiliarMetrics(assistant: Assistant) {
  return {
    unseen_script_answered: await answeredShare(assistant, unseenScriptMessages(300, 16)),
    random_letters_answered: await answeredShare(assistant, randomLetterMessages(300, 16)),
  };
}

/** Median ms of one answer() over `texts` (after 5 warm-up calls). */
async function answerMedian(assistant: Assistant, texts: readonly string[]): Promise<number> {
  for (const t of texts.slice(0, 5)) await assistant.answer(t);
  const times: number[] = [];
  for (const t of texts) {
    const t0 = performance.now();
    await assistant.answer(t);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

function split(rows: LabelledText[]) {
  const { train: kept, test: held } = stratifiedSplit(rows.map((r) => r.label), 0.2, 42);
  return { train: kept.map((i) => rows[i] as LabelledText), test: held.map((i) => rows[i] as LabelledText) };
}

async function loadRows(ctx: SuiteContext, url: string): Promise<LabelledText[]> {
  return rowsOfCsv(url.startsWith('/@') ? await (await fetch(url)).text() : await ctx.data.text(url), url);
}

function rowsOfCsv(text: string, url: string): LabelledText[] {
  const table = parseCsv(text);
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const [ti, li] = [header.indexOf(header.includes('instruction') ? 'instruction' : 'text'), header.indexOf(header.includes('intent') ? 'intent' : 'label')];
  if (ti < 0 || li < 0) throw new Error(`CSV ${url} needs text,label columns; has ${header.join(',')}`);
  return table.slice(1).filter((r) => r.length > Math.max(ti, li)).map((r) => ({ text: r[ti] as string, label: r[li] as string }));
}

const suite: Suite = {
  description: 'Assistant: intent accuracy and out-of-scope recall, trained in the browser',
  async run(ctx) {
    const { options, log } = ctx;
    const start = tf.memory().numTensors;
    const epochs = options.epochs === undefined ? undefined : Number(options.epochs);
    const curve: Array<{ epoch: number; seconds: number; val_accuracy?: number }> = [];
    const onProgress = (p: AssistantTrainProgress) => {
      log(`${p.phase} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)} ${p.seconds.toFixed(1)} s` + (p.validationAccuracy === undefined ? '' : ` val ${p.validationAccuracy.toFixed(4)}`));
      curve.push({ epoch: p.epoch, seconds: Math.round(p.seconds * 10) / 10, ...(p.validationAccuracy === undefined ? {} : { val_accuracy: Math.round(p.validationAccuracy * 10000) / 10000 }) });
    };
    // --encoder [dir]: Universal Sentence Encoder lite beside the n-grams (default: the data directory's copy).
    const encoder = options.encoder === undefined ? undefined
      : { url: options.encoder === true ? ctx.data.url('universal_sentence_encoder_lite_tfjs/') : String(options.encoder) };
    const encoderWeight = options['encoder-weight'] === undefined ? undefined : Number(options['encoder-weight']);
    const learningRate = options.lr === undefined ? undefined : Number(options.lr);
    const weightDecay = options.wd === undefined ? undefined : Number(options.wd);
    // Only the options the command line set: an explicit undefined would override trainAssistant's defaults.
    const common = Object.fromEntries(Object.entries({ epochs, onProgress, encoder, encoderWeight, learningRate, weightDecay }).filter(([, v]) => v !== undefined)) as TrainAssistantOptions;
    const metrics: Record<string, number> = {};
    const table: Row[] = [];
    let artifacts: Record<string, { text: string } | { base64: string }> | undefined;
    // --dataset: a local file (the harness serves it at a URL without its extension): JSON = CLINC layout, else CSV.
    const datasetText = typeof options.dataset === 'string' ? await (await fetch(options.dataset)).text() : null;

    if (options.faq === true) {
      const assistant = await trainAssistant(SHOP_FAQ, (({ epochs: _, ...rest }) => rest)(common));
      const info = assistant.metadata;
      const heldOut = await scoreSet(assistant, [...HELD_OUT]);
      Object.assign(metrics, {
        held_out_accuracy: heldOut.answered,
        held_out_top1: heldOut.top1,
        val_in_scope_accuracy: info.validation.inScopeAccuracy,
        val_oos_recall: info.validation.oosRecall,
        ...(await unfamiliarMetrics(assistant)),
        train_seconds: info.trainSeconds,
        model_bytes: info.modelBytes,
        threshold: info.threshold,
        temperature: info.temperature,
      });
      let files: { modelJson: string; weights: Uint8Array } | undefined;
      await assistant.save(tf.io.withSaveHandler(async (a) => {
        files = artifactsToFiles(a);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }));
      assistant.dispose();
      if (files) {
        let binary = '';
        for (let i = 0; i < files.weights.length; i += 0x8000) binary += String.fromCharCode(...files.weights.subarray(i, i + 0x8000));
        artifacts = { 'faq/model.json': { text: files.modelJson }, 'faq/weights.bin': { base64: btoa(binary) } };
      }
    } else if (options.bitext === true || datasetText !== null && !datasetText.trimStart().startsWith('{') || typeof options.train === 'string') {
      const rows = typeof options.train === 'string'
        ? { train: await loadRows(ctx, options.train), test: await loadRows(ctx, String(options.test)) }
        : split(options.bitext === true ? await loadRows(ctx, BITEXT) : rowsOfCsv(datasetText as string, 'the dataset'));
      log(`train ${rows.train.length}, test ${rows.test.length}`);
      const assistant = await trainAssistant(contentOf(rows.train), common);
      const s = await scoreSet(assistant, rows.test);
      const info = assistant.metadata;
      Object.assign(metrics, { accuracy: s.top1, in_scope_accuracy: s.answered, handoff_rate: s.handoff, train_seconds: info.trainSeconds, model_bytes: info.modelBytes });
      assistant.dispose();
    } else {
      const data = (datasetText !== null ? JSON.parse(datasetText) : await ctx.data.json(CLINC)) as Record<string, Array<[string, string]>>;
      const rows = (key: string) => (data[key] ?? []).map(([text, label]) => ({ text, label: label === 'oos' ? OUT_OF_SCOPE : label }));
      const useOos = options['oos-class'] === true;
      const content = contentOf(rows('train'), useOos ? rows('oos_train').map((r) => r.text) : []);
      const assistant = await trainAssistant(content, { ...common, validation: [...rows('val'), ...rows('oos_val')] });
      const info = assistant.metadata;
      // --split val: score on val + oos_val (for tuning; the threshold was chosen there too), else on test once.
      const onVal = options.split === 'val';
      const limit = options.limit === undefined ? Infinity : Number(options.limit);
      const inScope = await scoreSet(assistant, rows(onVal ? 'val' : 'test').slice(0, limit));
      const oos = await scoreSet(assistant, rows(onVal ? 'oos_val' : 'oos_test').slice(0, limit));
      metrics.answer_median_ms = await answerMedian(assistant, rows('test').slice(0, 200).map((r) => r.text));
      Object.assign(metrics, await unfamiliarMetrics(assistant));
      Object.assign(metrics, {
        in_scope_accuracy: inScope.answered,
        oos_recall: oos.handoff,
        accuracy_without_threshold: inScope.top1,
        train_seconds: info.trainSeconds,
        threshold: info.threshold,
        temperature: info.temperature,
        val_in_scope_accuracy: info.validation.inScopeAccuracy,
        val_oos_recall: info.validation.oosRecall,
        model_bytes: info.modelBytes,
        oos_class: useOos ? 1 : 0,
        encoder: encoder ? 1 : 0,
      });
      assistant.dispose();
      table.push(
        { method: encoder ? 'ours with USE lite (this run)' : 'ours (this run)', in_scope_accuracy: metrics.in_scope_accuracy! * 100, oos_recall: metrics.oos_recall! * 100 },
        { method: 'published SVM (oos-train)', in_scope_accuracy: 91.0, oos_recall: 14.5 },
        { method: 'published Rasa (oos-train)', in_scope_accuracy: 91.5, oos_recall: 45.3 },
        { method: 'published MLP on USE (oos-train)', in_scope_accuracy: 93.5, oos_recall: 47.4 },
        { method: 'published BERT (oos-train)', in_scope_accuracy: 96.9, oos_recall: 40.3 },
      );
    }
    metrics.leaked_tensors = tf.memory().numTensors - start;
    return { metrics, table, curve, ...(artifacts ? { artifacts } : {}) };
  },
};

export default suite;

/** A small RFC 4180 CSV parser (quoted fields, doubled quotes, newlines inside quotes) for eval data. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
