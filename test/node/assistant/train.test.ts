import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { flattenContent, detectLanguage, pickLocalized } from '../../../src/assistant/content.ts';
import { sparseLogits, trainSoftmax } from '../../../src/assistant/train-softmax.ts';
import { trainModel } from '../../../src/assistant/train.ts';
import { vectorize } from '../../../src/assistant/features.ts';
import { HELD_OUT, SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';

describe('content', () => {
  it('flattens intents, FAQ entries and the out-of-scope class', () => {
    const flat = flattenContent(SHOP_FAQ);
    expect(flat.classes.map((c) => c.kind)).toContain('faq');
    expect(flat.classes.at(-1)).toMatchObject({ label: 'out_of_scope', kind: 'out_of_scope' });
    expect(flat.texts).toHaveLength(flat.labels.length);
  });
  it('rejects duplicate ids, empty examples and too few classes with INVALID_INPUT', () => {
    const bad = [
      { intents: [{ id: 'a', examples: ['x'] }, { id: 'a', examples: ['y'] }] },
      { intents: [{ id: 'a', examples: [] }, { id: 'b', examples: ['y'] }] },
      { intents: [{ id: 'a', examples: ['x'] }] },
      { faq: [{ id: 'a', questions: ['x'] }, { id: 'b', questions: ['y'], answer: 'z' }] },
      null,
    ];
    for (const content of bad) {
      expect(() => flattenContent(content as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
    try {
      flattenContent({ intents: [{ id: 'a', examples: ['x'] }, { id: 'a', examples: ['y'] }] });
    } catch (error) {
      expect(isStorefrontError(error, 'INVALID_INPUT') && error.message).toMatch(/^Assistant content: the id "a" is used twice\./);
    }
  });
  it('detects the language and picks the localised answer', () => {
    expect(detectLanguage('我的订单在哪')).toBe('zh');
    expect(detectLanguage('where is 订单')).toBe('en');
    expect(pickLocalized({ en: 'hi', zh: '你好' }, 'zh')).toBe('你好');
    expect(pickLocalized({ en: 'hi' }, 'zh')).toBe('hi');
    expect(pickLocalized('same', 'en')).toBe('same');
  });
});

describe('trainSoftmax', () => {
  it('is deterministic for a seed and aborts with ABORTED', async () => {
    const flat = flattenContent(SHOP_FAQ);
    const idf = new Float32Array(4096).fill(1);
    const features = { dim: 4096, charMin: 3, charMax: 5, cjkMax: 3, wordWeight: 1, maxChars: 1000 };
    const x = flat.texts.map((t) => vectorize(t, features, idf));
    const options = { epochs: 3, batchSize: 16, learningRate: 0.03, weightDecay: 0, labelSmoothing: 0, seed: 3 };
    const a = await trainSoftmax(x, flat.labels, 4096, flat.classes.length, options);
    const b = await trainSoftmax(x, flat.labels, 4096, flat.classes.length, options);
    expect(a.weights).toEqual(b.weights);
    expect(sparseLogits(a, x[0]!)).toHaveLength(flat.classes.length);
    const controller = new AbortController();
    controller.abort();
    await expect(trainSoftmax(x, flat.labels, 4096, flat.classes.length, { ...options, signal: controller.signal }))
      .rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('trainModel on the bilingual shop FAQ', () => {
  it('answers held-out English and Chinese messages (quality floor far below what it reaches)', async () => {
    const flat = flattenContent(SHOP_FAQ);
    const phases = new Set<string>();
    const model = await trainModel(flat, { onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(['calibrate', 'final']);
    expect(model.temperature).toBeGreaterThan(0);
    expect(model.threshold).toBeGreaterThanOrEqual(0);
    expect(model.threshold).toBeLessThanOrEqual(0.9);
    let right = 0;
    for (const { text, label } of HELD_OUT) {
      const logits = sparseLogits(model.softmax, vectorize(text, model.features, model.idf));
      const best = logits.indexOf(Math.max(...logits));
      if (flat.classes[best]!.label === label) right++;
    }
    expect(right / HELD_OUT.length).toBeGreaterThanOrEqual(0.6);
  });
});
