import { describe, expect, it } from 'vitest';
import { lengthBatches, sparseTokenInput } from '../../../src/assistant/encoder/batches.ts';
import { withEmbedding } from '../../../src/assistant/encoder/combine.ts';
import { SentencePieceTokenizer, type Vocabulary } from '../../../src/assistant/encoder/tokenizer.ts';

// Six reserved ids first, as in USE lite's vocab.json.
const RESERVED: Vocabulary = [['<unk>', 0], ['<s>', 0], ['</s>', 0], ['x1', 0], ['x2', 0], ['x3', 0]];
const VOCAB: Vocabulary = [...RESERVED, ['▁', -2], ['▁re', -3], ['fund', -3], ['▁refund', -4], ['r', -5], ['e', -5], ['f', -5], ['u', -5], ['n', -5], ['d', -5], ['▁i', -2], ['i', -5]];
const id = (piece: string) => VOCAB.findIndex(([p]) => p === piece);

describe('SentencePieceTokenizer', () => {
  const tokenizer = new SentencePieceTokenizer(VOCAB);
  it('takes the best-scoring segmentation (one piece over two)', () => {
    expect(tokenizer.encode('refund')).toEqual([id('▁refund')]);
    expect(tokenizer.encode('i refund')).toEqual([id('▁i'), id('▁refund')]);
  });
  it('falls back to pieces of letters, and merges a run of unknown symbols into one unknown id', () => {
    expect(tokenizer.encode('ref')).toEqual([id('▁re'), id('f')]);
    expect(tokenizer.encode('zzz')).toEqual([id('▁'), 0]);
    expect(tokenizer.encode('r📦📦d')).toEqual([id('▁'), id('r'), 0, id('d')]);
  });
  it('normalises NFKC (full-width letters) and reads nothing from empty text', () => {
    expect(tokenizer.encode('ｒｅｆｕｎｄ')).toEqual(tokenizer.encode('refund'));
    expect(tokenizer.encode('')).toEqual([]);
  });
  it('never emits a reserved control id', () => {
    expect(tokenizer.encode('<s> x1')).not.toContain(1);
  });
});

describe('encoder input', () => {
  it('batches sentences by length, every row once', () => {
    const ids = [[1, 2, 3], [1], [1, 2], [4, 5, 6, 7], []];
    const batches = lengthBatches(ids, 2);
    expect(batches).toEqual([[4, 1], [2, 0], [3]]);
  });
  it('builds (sentence, position) pairs and ids in one pass; an empty sentence reads as the unknown id', () => {
    const { indices, values } = sparseTokenInput([[7, 8], [], [9]]);
    expect([...indices]).toEqual([0, 0, 0, 1, 1, 0, 2, 0]);
    expect([...values]).toEqual([7, 8, 0, 9]);
  });
  it('appends the embedding after the hashed features, scaled', () => {
    const v = withEmbedding({ indices: Int32Array.of(3, 10), values: Float32Array.of(0.6, 0.8) }, Float32Array.of(0.5, -1), 16, 2);
    expect([...v.indices]).toEqual([3, 10, 16, 17]);
    expect([...v.values]).toEqual([0.6000000238418579, 0.800000011920929, 1, -2]);
  });
});

describe('nearness to the class centroids', () => {
  it('averages each class to unit length, skips the out-of-scope class, and floors under held-out messages', async () => {
    const { classCentroids, nearness, nearnessFloor } = await import('../../../src/assistant/encoder/nearness.ts');
    const e = [Float32Array.of(1, 0), Float32Array.of(0.8, 0.6), Float32Array.of(0, 1), Float32Array.of(-1, 0)];
    const c = classCentroids(e, [0, 0, 1, 2], 3, 2, 2);
    expect(Math.hypot(c[0]!, c[1]!)).toBeCloseTo(1);
    expect([...c.slice(2, 4)]).toEqual([0, 1]);
    expect([...c.slice(4)]).toEqual([0, 0]);
    expect(nearness(Float32Array.of(0, 2), c, 2)).toBeCloseTo(1);
    expect(nearness(Float32Array.of(-1, -1), c, 2)).toBeCloseTo(0);
    const held = Array.from({ length: 200 }, (_, i) => 0.5 + i / 400);
    expect(nearnessFloor(held)).toBeCloseTo(0.45);
    expect(nearnessFloor(held.slice(1))).toBeNull(); // too few to read a 0.5th percentile
    expect(nearnessFloor([])).toBeNull();
  });
});

describe('trust in the encoder', () => {
  it('is the share of known Latin words: 0 for mash and for Chinese, digit runs aside', async () => {
    const { encoderTrust, latinWords } = await import('../../../src/assistant/encoder/combine.ts');
    const { DEFAULT_FEATURES } = await import('../../../src/assistant/features.ts');
    const known = latinWords(['Where is my order 12345?', '我的订单'], DEFAULT_FEATURES);
    expect(encoderTrust('where is my order', DEFAULT_FEATURES, known)).toBe(1);
    expect(encoderTrust('where is my parcel 99887766', DEFAULT_FEATURES, known)).toBe(0.75);
    expect(encoderTrust('gg', DEFAULT_FEATURES, known)).toBe(0);
    expect(encoderTrust('我的订单在哪', DEFAULT_FEATURES, known)).toBe(0);
  });
});
