/**
 * `npm run bench -- assistant`: how fast the assistant answers, and how big it is.
 * Trains on the bilingual shop FAQ (the demo's content) and, unless --no-clinc, on CLINC150's 150 intents (a large
 * shop); times `answer()` end to end (normalise → features → tfjs gather/sum → calibrated softmax → entities),
 * median after warm-up, over a rotation of English, Chinese, mixed and long messages.
 * `--encoder [dir]` adds a row per content with Universal Sentence Encoder lite beside the n-grams (default: the data
 * directory's universal_sentence_encoder_lite_tfjs/), so `answer()` also runs the encoder on every message.
 */
import * as tf from '@tensorflow/tfjs';
import { trainAssistant, type Assistant, type AssistantContent, type TrainAssistantOptions } from '../../src/assistant/index.ts';
import { SHOP_FAQ } from '../../src/assistant/shop-faq.ts';
import { measure } from '../harness/measure.ts';
import type { Row, Suite } from '../harness/types.ts';

const MESSAGES = [
  'where is my order #A-10023?',
  '我的退款什么时候到账？退了99元',
  'can i pay with alipay',
  'my 订单 has not arrived, help',
  'how long does shipping take to canada, and how much does it cost for a 2kg parcel? thanks a lot '.repeat(5),
];

async function time(assistant: Assistant) {
  let i = 0;
  return measure(async () => {
    await assistant.answer(MESSAGES[i++ % MESSAGES.length] as string);
  }, { warmup: 10, reps: 200, budgetMs: 20_000 });
}

const suite: Suite = {
  description: 'Assistant: answer() latency and model size',
  async run({ data, log, options }) {
    const encoder = options.encoder === undefined ? undefined
      : { url: options.encoder === true ? data.url('universal_sentence_encoder_lite_tfjs/') : String(options.encoder) };
    const start = tf.memory().numTensors;
    const metrics: Record<string, number> = {};
    const table: Row[] = [];
    const cases: Array<[string, () => Promise<AssistantContent>]> = [['faq', async () => SHOP_FAQ]];
    if (options['no-clinc'] !== true) {
      cases.push(['clinc150', async () => {
        const d = await data.json<Record<string, Array<[string, string]>>>('clinc150_oos_eval/data_full.json');
        const byLabel = new Map<string, string[]>();
        for (const [text, label] of d.train ?? []) byLabel.set(label, [...(byLabel.get(label) ?? []), text]);
        return { intents: [...byLabel].map(([id, examples]) => ({ id, examples })) };
      }]);
    }
    const runs = cases.flatMap(([name, content]) => [
      [name, content, {}] as const,
      ...(encoder ? [[`${name}_encoder`, content, { encoder }] as const] : []),
    ]);
    for (const [name, content, extra] of runs) {
      log(`training ${name}`);
      const trainOptions: TrainAssistantOptions = { validation: name.startsWith('faq') ? undefined : [], ...extra };
      const assistant = await trainAssistant(await content(), trainOptions);
      const t = await time(assistant);
      const info = assistant.metadata;
      assistant.dispose();
      metrics[`answer_ms_${name}`] = t.median;
      metrics[`answer_p90_ms_${name}`] = t.p90;
      metrics[`model_bytes_${name}`] = info.modelBytes;
      metrics[`train_seconds_${name}`] = info.trainSeconds;
      table.push({ content: name, classes: info.labels.length, median_ms: t.median, p90_ms: t.p90, reps: t.reps, model_bytes: info.modelBytes, train_s: info.trainSeconds });
      log(`${name}: answer ${t.median.toFixed(2)} ms median, ${info.modelBytes} bytes`);
    }
    metrics.answer_ms = metrics.answer_ms_faq as number;
    metrics.model_bytes = metrics.model_bytes_faq as number;
    metrics.leaked_tensors = tf.memory().numTensors - start;
    return { metrics, table };
  },
};

export default suite;
