import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAssistant, trainAssistant, type AssistantContent } from '../../../src/index.ts';
import { loadSentenceEncoder } from '../../../src/assistant/encoder/sentence-encoder.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { loadError, memoryFetch } from '../../helpers/model-files.ts';
import { useWasm } from '../../helpers/wasm.ts';

/** The published USE lite files, served from the data directory by the test server. */
const ENCODER = { url: '/@data/universal_sentence_encoder_lite_tfjs/' };

const CONTENT: AssistantContent = {
  intents: [
    { id: 'track_order', examples: ['where is my order', 'track my package', 'has my parcel shipped yet', 'when will my order arrive'], answer: 'Tracking is in your account.' },
    { id: 'refund', examples: ['i want my money back', 'how do i get a refund', 'refund my purchase', 'can i return this for a refund'], answer: 'Refunds take 5 days.' },
    { id: 'reset_password', examples: ['i forgot my password', 'reset my password', 'cannot log in to my account', 'change my login password'], answer: 'Use “forgot password”.' },
  ],
  outOfScope: ['what is the weather like', 'tell me a joke', 'who won the football game'],
};
const QUESTIONS = ['my parcel still has not come', 'give me back what i paid', 'i cannot remember my login'];

describe('assistant with the real Universal Sentence Encoder lite (data tier)', () => {
  beforeAll(useWasm);

  it('embeds a batch of mixed lengths as it embeds each sentence alone: finite, unit length', async () => {
    const encoder = await loadSentenceEncoder(ENCODER);
    const texts = ['hi', 'where is my order #A-10023?', 'I want a refund for the £49.90 jacket!! It arrived torn and the seller will not answer my e-mails', ''];
    const together = await expectNoLeak(() => encoder.embed(texts, { batchSize: 3 }));
    for (const [i, text] of texts.entries()) {
      const [alone] = await encoder.embed([text]);
      const v = together[i] as Float32Array;
      expect(v.every(Number.isFinite)).toBe(true);
      expect(Math.hypot(...v)).toBeCloseTo(1, 2);
      expect(Math.max(...v.map((x, k) => Math.abs(x - (alone as Float32Array)[k]!)))).toBeLessThan(1e-4);
    }
    encoder.dispose();
  });

  it('trains with it, saves, loads back only with the encoder, answers the same, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const trained = await trainAssistant(CONTENT, { encoder: ENCODER, seed: 3 });
    expect(trained.metadata.encoder).toEqual({ name: 'universal-sentence-encoder-lite', dim: 512, url: ENCODER.url });
    const answers = await Promise.all(QUESTIONS.map((q) => trained.answer(q)));
    expect(answers.map((a) => a.label)).toEqual(['track_order', 'refund', 'reset_password']);
    await expectNoLeak(() => trained.answer('where is my order'));

    const files = await trained.toFiles();
    expect(JSON.parse(files['model.json']).modelTopology.encoder).toMatchObject({ name: 'universal-sentence-encoder-lite', dim: 512, url: ENCODER.url });
    const { fetch } = memoryFetch({ 'model.json': files['model.json'], 'weights.bin': files['weights.bin'] }, '/saved/');
    const required = await loadError(() => loadAssistant('/saved/model.json', { fetch }), 'ENCODER_REQUIRED');
    expect(required.details.encoder).toMatchObject({ url: ENCODER.url });
    await loadError(() => loadAssistant('/saved/model.json', { fetch, encoder: { url: '/@data/no-such-encoder/' } }), 'MODEL_LOAD_FAILED');

    const loaded = await loadAssistant('/saved/model.json', { fetch: withData(fetch), encoder: ENCODER });
    expect(await Promise.all(QUESTIONS.map((q) => loaded.answer(q)))).toEqual(answers);
    await trained.save('indexeddb://encoder-assistant');
    const fromDb = await loadAssistant('indexeddb://encoder-assistant', { encoder: ENCODER });
    expect((await fromDb.answer(QUESTIONS[0] as string)).label).toBe('track_order');
    await tf.io.removeModel('indexeddb://encoder-assistant');
    for (const a of [trained, loaded, fromDb]) {
      a.dispose();
      a.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('frees the encoder when training fails or is aborted', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const training = trainAssistant(CONTENT, { encoder: ENCODER, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(training).rejects.toMatchObject({ code: 'ABORTED' });
    await expect(trainAssistant(CONTENT, { encoder: { url: '/@data/no-such-encoder/' } })).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    await expect(trainAssistant(CONTENT, { encoder: {} as never })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** The in-memory fetch for the saved files, the real one for the encoder's. */
function withData(memory: typeof fetch): typeof fetch {
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    String(input instanceof Request ? input.url : input).includes('/@data/') ? fetch(input, init) : memory(input, init)) as typeof fetch;
}
