import { describe, expect, it } from 'vitest';
import { flattenContent } from '../../../src/assistant/content.ts';
import {
  FamiliarityGate, fitFamiliarity, fitLetterModel, letterScore, scriptOf, scriptsOf, unknownScriptShare,
} from '../../../src/assistant/familiarity.ts';
import { artifactsToModel, modelToArtifacts } from '../../../src/assistant/io.ts';
import { trainModel } from '../../../src/assistant/train.ts';
import { SHOP_FAQ } from '../../fixtures/faq/shop-faq.ts';
import { randomLetterMessages, unseenScriptMessages } from '../../../tools/eval/unfamiliar-text.ts';

const TEXTS = flattenContent(SHOP_FAQ).texts;

describe('familiarity: scripts', () => {
  it('names the script of a letter, Other for unlisted letters, null for the rest', () => {
    expect(['a', 'é', '订', 'ж', 'ب', 'ก', '한', 'か', 'カ', 'ᚠ', '1', '!', '😀'].map(scriptOf))
      .toEqual(['Latin', 'Latin', 'Han', 'Cyrillic', 'Arabic', 'Thai', 'Hangul', 'Hiragana', 'Katakana', 'Other', null, null, null]);
    expect(scriptsOf(TEXTS)).toEqual(['Han', 'Latin']);
    expect(scriptsOf(['ＡＢＣ'])).toEqual(['Latin']); // full-width letters are Latin after NFKC
  });
  it('measures the share of letters in unknown scripts, ignoring digits, punctuation and emoji', () => {
    const known = new Set(['Latin', 'Han']);
    expect(unknownScriptShare('где мой заказ 12345 📦?', known)).toBe(1);
    expect(unknownScriptShare('order где', known)).toBeCloseTo(3 / 8);
    expect(unknownScriptShare('我的订单', known)).toBe(0);
    expect(unknownScriptShare('123 !!', known)).toBe(0);
  });
});

describe('familiarity: letters', () => {
  it('scores English words above keyboard mash under a letter model of the FAQ', () => {
    const model = fitLetterModel(TEXTS);
    const en = letterScore('where is my parcel', model);
    const mash = letterScore('asdkjh qwpoe zxmcn', model);
    expect(en.letters).toBe(19); // each word's letters after the first, and its end mark
    expect(en.score).toBeGreaterThan(mash.score + 1);
    expect(letterScore('我的订单', model)).toEqual({ score: 0, letters: 0 }); // CJK is left to the script check
  });
  it('puts the floor below held-out in-scope messages, and none without any', () => {
    const held = ['where is my package', 'how do i send back a jacket', 'do you accept paypal'];
    const model = fitLetterModel(TEXTS);
    const fam = fitFamiliarity(TEXTS, held);
    expect(fam.scripts).toEqual(['Han', 'Latin']);
    expect(fam.letterFloor).toBeLessThan(Math.min(...held.map((t) => letterScore(t, model).score)));
    expect(fitFamiliarity(TEXTS, ['ok', '我想退货']).letterFloor).toBeNull();
  });
});

describe('FamiliarityGate on the shop FAQ', () => {
  it('finds unseen scripts and random letters unfamiliar, and no training message', async () => {
    const model = await trainModel(flattenContent(SHOP_FAQ), { epochs: 5 });
    const gate = new FamiliarityGate(model.familiarity, TEXTS);
    expect(unseenScriptMessages(300).filter((t) => !gate.unfamiliar(t))).toEqual([]);
    expect(randomLetterMessages(300).filter((t) => !gate.unfamiliar(t)).length).toBeLessThan(30); // the rest: too short to judge
    expect(TEXTS.filter((t) => gate.unfamiliar(t))).toEqual([]);
    for (const text of ['hi', 'ok', 'my 订单 where is it 到哪了', '订单 xkq', 'wher iz my ordr']) expect(gate.unfamiliar(text), text).toBe(false);
    expect(gate.unfamiliar('x'.repeat(10_000))).toBe(true);
  });
  it('without a letter floor only the script check runs', () => {
    const gate = new FamiliarityGate({ scripts: ['Latin'], letterFloor: null }, TEXTS);
    expect(gate.unfamiliar('asdkjh qwpoe zxmcn')).toBe(false);
    expect(gate.unfamiliar('我的订单')).toBe(true);
  });
});

describe('familiarity in saved artifacts', () => {
  it('round-trips, falls back to the content\'s scripts for an older save, and rejects a bad one', async () => {
    const model = await trainModel(flattenContent(SHOP_FAQ), { epochs: 1, features: { dim: 1024 } });
    const artifacts = modelToArtifacts({ content: SHOP_FAQ, model });
    expect(artifactsToModel(artifacts, 'x').model.familiarity).toEqual(model.familiarity);
    const topology = artifacts.modelTopology as unknown as Record<string, unknown>;
    const older = { ...artifacts, modelTopology: { ...topology, familiarity: undefined } as never };
    expect(artifactsToModel(older, 'old.json').model.familiarity).toEqual({ scripts: ['Han', 'Latin'], letterFloor: null });
    for (const bad of [null, { scripts: 'Latin', letterFloor: -3 }, { scripts: ['Latin'], letterFloor: 5 }, { scripts: ['Latin'], letterFloor: NaN }]) {
      const tampered = { ...artifacts, modelTopology: { ...topology, familiarity: bad } as never };
      expect(() => artifactsToModel(tampered, 'bad.json')).toThrow(expect.objectContaining({ code: 'MODEL_LOAD_FAILED' }));
    }
  });
});
