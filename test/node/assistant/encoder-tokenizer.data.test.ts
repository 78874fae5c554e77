import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SentencePieceTokenizer, type Vocabulary } from '../../../src/assistant/encoder/tokenizer.ts';
import { dataDir } from '../../../tools/harness/plugins.mjs';

const VOCAB = path.join(dataDir(), 'universal_sentence_encoder_lite_tfjs/vocab.json');

// Ids from @tensorflow-models/universal-sentence-encoder 1.3.3's Tokenizer on the same vocab.json (the tokenizer
// the encoder's published TF.js model is used with): ours must give the same ids.
const REFERENCE: Array<[string, number[]]> = [
  ['how do i reset my password', [140, 64, 103, 137, 1383, 69, 5969]],
  ['Where is my order #A-10023?', [3009, 18, 69, 641, 1833, 192, 24, 3522, 4044, 54]],
  ['I want a refund for the £49.90 jacket!!', [16, 142, 11, 137, 5906, 22, 9, 3011, 4922, 6, 3407, 7195, 917]],
  ['refnud plz', [2915, 2312, 29, 3357, 309]],
  ['ｆｕｌｌ－ｗｉｄｔｈ  double  spaces', [650, 24, 1580, 29, 128, 30, 1991, 30, 1016, 7]],
  ['emoji 📦 and 退货', [299, 451, 2501, 30, 0, 12, 30, 0]],
  ['', []],
  ['xqzzjw', [649, 1111, 1093, 785, 202]],
];

describe('the USE lite tokenizer on its real vocabulary', () => {
  const tokenizer = new SentencePieceTokenizer(JSON.parse(readFileSync(VOCAB, 'utf8')) as Vocabulary);
  it('has the 8,000 pieces', () => expect(tokenizer.size).toBe(8000));
  it.each(REFERENCE)('gives the reference ids for %j', (text, ids) => {
    expect(tokenizer.encode(text)).toEqual(ids);
  });
});
