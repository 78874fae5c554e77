import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssistant, trainAssistant, type Assistant } from '../../../src/index.ts';
import { artifactsToFiles } from '../../../src/assistant/io.ts';
import { expectNoLeak, expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { HELD_OUT, SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';

let assistant: Assistant;

beforeAll(async () => {
  await useWasm();
  assistant = await trainAssistant(SHOP_FAQ, { seed: 1 });
});
afterAll(() => assistant.dispose());

describe('trainAssistant on the bilingual shop FAQ (WASM)', () => {
  it('trainAssistant + dispose() leave no tensors behind', async () => {
    await expectNoLeak(async () => (await trainAssistant(SHOP_FAQ, { seed: 3, epochs: 2 })).dispose(), 'trainAssistant + dispose');
  });

  it('answers English and Chinese in the shopper\'s language', async () => {
    const en = await assistant.answer('How long does shipping take?');
    expect(en).toMatchObject({ label: 'shipping_time', kind: 'faq', handoff: false, reason: 'confident', language: 'en' });
    expect(en.answer).toMatch(/business days/);
    const zh = await assistant.answer('我想退货');
    expect(zh).toMatchObject({ label: 'return_policy', language: 'zh' });
    expect(zh.answer).toMatch(/退货/);
    expect(zh.alternatives).toHaveLength(3);
    expect(zh.alternatives[0]!.score).toBeLessThanOrEqual(zh.confidence);
  });

  it('gets most held-out messages right (floor far below what it reaches)', async () => {
    let right = 0;
    for (const { text, label } of HELD_OUT) if ((await assistant.answer(text)).label === label) right++;
    expect(right / HELD_OUT.length).toBeGreaterThanOrEqual(0.6);
  });

  it('extracts entities for tracking and refunds', async () => {
    const a = await assistant.answer('where is my order #A-10023? I paid $49.90, mail me at jo@example.com');
    expect(a.entities.map((e) => e.type)).toEqual(['order_number', 'amount', 'email']);
    const zh = await assistant.answer('订单号 20231234 的退款 99元 还没到');
    expect(zh.entities.map((e) => [e.type, e.value])).toEqual([['order_number', '20231234'], ['amount', 99]]);
  });

  it('hands off out-of-scope and unreadable messages, never throws on strings', async () => {
    for (const text of ['', '   \n\t', '😀🎉👍', '?!...']) {
      const a = await assistant.answer(text);
      expect(a).toMatchObject({ handoff: true, reason: 'no_text', label: null, confidence: 0 });
      expect(a.answer).toBeTruthy();
    }
    const oos = await assistant.answer('what is the weather like tomorrow in Paris');
    expect(oos.handoff).toBe(true);
    for (const text of ['x'.repeat(10_000), 'refund '.repeat(1500), 'my 订单 where is it 到哪了', 'wher iz my ordr', '退 货 怎 么 办 ？？']) {
      const a = await assistant.answer(text);
      expect(typeof a.handoff).toBe('boolean');
      expect(a.confidence).toBeGreaterThanOrEqual(0);
      expect(a.confidence).toBeLessThanOrEqual(1);
      expect(a.answer).toBeTruthy();
    }
  });

  it('throws INVALID_INPUT only for non-strings', async () => {
    for (const bad of [null, undefined, 42, { text: 'hi' }, ['hi']]) {
      await expect(assistant.answer(bad as never)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });

  it('answer() does not leak tensors', async () => {
    await expectNoLeakOver(5, () => assistant.answer('can i pay with paypal'), 'answer');
  });

  it('saves to and loads from indexeddb://, answering the same', async () => {
    await expectNoLeak(() => assistant.save('indexeddb://assistant-test'), 'save');
    const loaded = await loadAssistant('indexeddb://assistant-test');
    const [a, b] = [await assistant.answer('运费多少'), await loaded.answer('运费多少')];
    expect(b.label).toBe(a.label);
    expect(b.confidence).toBeCloseTo(a.confidence, 5);
    expect(loaded.metadata.threshold).toBe(assistant.metadata.threshold);
    loaded.dispose();
    await tf.io.removeModel('indexeddb://assistant-test');
    await expect(loadAssistant('indexeddb://assistant-missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('loads a model.json + weights.bin served over HTTP (the models/ layout)', async () => {
    let saved: { modelJson: string; weights: Uint8Array } | undefined;
    await assistant.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifactsToFiles(artifacts);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const files = await expectNoLeak(() => assistant.toFiles(), 'toFiles');
    // toFiles() writes what a tf.io handler given to save() receives.
    expect(files['model.json']).toBe(saved!.modelJson);
    expect([...files['weights.bin']]).toEqual([...saved!.weights]);
    const weightsUrl = URL.createObjectURL(new Blob([files['weights.bin'] as BlobPart]));
    const json = JSON.parse(files['model.json']);
    const weightsName = weightsUrl.split('/').pop() as string;
    json.weightsManifest[0].paths = [weightsName];
    json.files = { [weightsName]: json.files['weights.bin'] }; // the manifest names files by their path too
    const modelUrl = URL.createObjectURL(new Blob([JSON.stringify(json)], { type: 'application/json' }));
    // blob: URLs share one prefix, so the manifest's relative path resolves to the weights blob.
    const loaded = await loadAssistant(modelUrl);
    expect((await loaded.answer('delete my account')).label).toBe('delete_account');
    loaded.dispose();
    await expect(loadAssistant(`${location.origin}/nowhere/model.json`)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
  });

  it('loads the committed demo model from models/assistant/faq', async () => {
    const shipped = await loadAssistant('/models/assistant/faq/model.json');
    expect(shipped.metadata.labels).toEqual(assistant.metadata.labels);
    expect((await shipped.answer('包邮吗')).label).toBe('shipping_cost');
    shipped.dispose();
  });

  it('learns an edited FAQ by training a new assistant while the old one answers, and honours an AbortSignal', async () => {
    const edited = structuredClone(SHOP_FAQ);
    edited.faq!.push({ id: 'gift_cards', questions: ['do you sell gift cards', 'gift card balance', '有礼品卡吗', '礼品卡余额'], answer: { en: 'Yes, from $10.', zh: '有，10 美元起。' } });
    const old = await trainAssistant(SHOP_FAQ, { seed: 2 });
    const before = tf.memory().numTensors;
    const [fresh] = await Promise.all([trainAssistant(edited, { seed: 2 }), old.answer('do you have gift cards')]);
    old.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect((await fresh.answer('do you have gift cards')).label).toBe('gift_cards');
    expect(fresh.content().faq!.some((f) => f.id === 'gift_cards')).toBe(true);
    const controller = new AbortController();
    controller.abort();
    await expect(trainAssistant(edited, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect((await fresh.answer('do you have gift cards')).label).toBe('gift_cards'); // the trained one still answers
    fresh.dispose();
    fresh.dispose();
    await expect(fresh.answer('hi')).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(() => fresh.metadata).toThrow(expect.objectContaining({ code: 'DISPOSED' }));
  });
});
