import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssistant, trainAssistant, type Assistant } from '../../../src/index.ts';
import { expectNoLeakOver } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { HELD_OUT, SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';
import { FOREIGN_QUESTIONS, randomLetterMessages, unseenScriptMessages } from '../../../tools/eval/unfamiliar-text.ts';

let trained: Assistant;
let shipped: Assistant;

beforeAll(async () => {
  await useWasm();
  trained = await trainAssistant(SHOP_FAQ);
  shipped = await loadAssistant('/models/assistant/faq/model.json');
});
afterAll(() => {
  trained.dispose();
  shipped.dispose();
});

async function answeredShare(assistant: Assistant, texts: readonly string[]): Promise<number> {
  let answered = 0;
  for (const text of texts) if (!(await assistant.answer(text)).handoff) answered++;
  return answered / texts.length;
}

describe('the assistant hands off text unlike anything it was trained on (WASM)', () => {
  for (const [name, get] of [['trained in the browser', () => trained], ['shipped in models/assistant/faq', () => shipped]] as const) {
    it(`${name}: questions in scripts the FAQ never used and keyboard mash hand off as 'unfamiliar'`, async () => {
      for (const text of [...FOREIGN_QUESTIONS, 'asdkjh qwpoe zxmcn', 'где мой заказ 📦', 'qwrtpsdfg hjkl']) {
        const a = await get().answer(text);
        expect(a, text).toMatchObject({ handoff: true, reason: 'unfamiliar', label: null, kind: null, confidence: 0, alternatives: [] });
        expect(a.answer).toBeTruthy();
      }
    });

    it(`${name}: answers none of 300 seeded unseen-script messages and at most 2 % of 300 random-letter ones`, async () => {
      expect(await answeredShare(get(), unseenScriptMessages(300, 16))).toBe(0);
      expect(await answeredShare(get(), randomLetterMessages(300, 16))).toBeLessThanOrEqual(0.02);
    });

    it(`${name}: in-scope messages, Chinese, mixed and typo-ridden ones are not unfamiliar`, async () => {
      const variants = [...(SHOP_FAQ.intents ?? []).flatMap((i) => i.examples), ...(SHOP_FAQ.faq ?? []).flatMap((f) => f.questions)];
      for (const text of [...variants, ...HELD_OUT.map((h) => h.text), 'my 订单 where is it 到哪了', 'wher iz my ordr', '我的订单 #A-10023 到哪了？']) {
        expect((await get().answer(text)).reason, text).not.toBe('unfamiliar');
      }
      let right = 0;
      for (const { text, label } of HELD_OUT) {
        const a = await get().answer(text);
        if (a.label === label && !a.handoff) right++;
      }
      expect(right / HELD_OUT.length).toBeGreaterThanOrEqual(0.8);
      expect(await get().answer('我的快递到哪里了')).toMatchObject({ label: 'track_order', language: 'zh', handoff: false });
    });
  }

  it('says what it knows in metadata.familiarity, and an unfamiliar answer leaks no tensors', async () => {
    for (const assistant of [trained, shipped]) {
      expect(assistant.metadata.familiarity.scripts).toEqual(['Han', 'Latin']);
      expect(assistant.metadata.familiarity.letterFloor).toBeLessThan(0);
    }
    await expectNoLeakOver(5, () => trained.answer('asdkjh qwpoe zxmcn'), 'answer (unfamiliar)');
  });
});
