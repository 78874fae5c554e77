import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURES, countFeatures, extractTerms, fitIdf, hashString, vectorize, weigh } from '../../../src/assistant/features.ts';

describe('extractTerms', () => {
  it('makes word unigrams, bigrams and padded char 3-5-grams for Latin words', () => {
    const terms = extractTerms('Track order').map(([t]) => t);
    expect(terms).toContain('w|track');
    expect(terms).toContain('b|track order');
    expect(terms).toContain('c|<tr');
    expect(terms).toContain('c|der>');
    expect(terms).toContain('c|<orde');
  });
  it('makes CJK 1-3-grams without a segmenter', () => {
    const terms = extractTerms('退货政策').map(([t]) => t);
    expect(terms).toEqual(expect.arrayContaining(['h|退', 'h|退货', 'h|退货政', 'h|政策']));
    expect(terms.filter((t) => t.startsWith('h|'))).toHaveLength(4 + 3 + 2);
  });
  it('maps long digit runs to one shape token', () => {
    expect(extractTerms('order 1234567').map(([t]) => t)).toContain('w|#7');
  });
  it('reads at most maxChars characters', () => {
    const long = 'refund '.repeat(2000);
    const terms = extractTerms(long, { ...DEFAULT_FEATURES, maxChars: 70 });
    expect(terms.filter(([t]) => t === 'w|refund').length).toBeLessThanOrEqual(10);
  });
});

describe('vectorize', () => {
  it('is deterministic, L2-normalised, with ascending unique indices', () => {
    const idf = new Float32Array(DEFAULT_FEATURES.dim).fill(1);
    const v = vectorize('Where is my order?', DEFAULT_FEATURES, idf);
    expect(vectorize('Where is my order?', DEFAULT_FEATURES, idf)).toEqual(v);
    const norm = Math.hypot(...v.values);
    expect(norm).toBeCloseTo(1, 5);
    for (let i = 1; i < v.indices.length; i++) expect(v.indices[i]!).toBeGreaterThan(v.indices[i - 1]!);
  });
  it('keeps a typo close to the word (cosine)', () => {
    const idf = new Float32Array(DEFAULT_FEATURES.dim).fill(1);
    const dot = (a: string, b: string) => {
      const x = vectorize(a, DEFAULT_FEATURES, idf);
      const y = vectorize(b, DEFAULT_FEATURES, idf);
      const m = new Map(Array.from(x.indices, (i, k) => [i, x.values[k]!]));
      return Array.from(y.indices).reduce((s, i, k) => s + (m.get(i) ?? 0) * y.values[k]!, 0);
    };
    expect(dot('password reset', 'pasword reset')).toBeGreaterThan(0.5);
    expect(dot('password reset', 'shipping cost')).toBeLessThan(0.1);
  });
  it('gives full-width and half-width text the same vector', () => {
    const idf = new Float32Array(DEFAULT_FEATURES.dim).fill(1);
    expect(vectorize('ＲＥＦＵＮＤ　ｐｌｅａｓｅ', DEFAULT_FEATURES, idf)).toEqual(vectorize('refund please', DEFAULT_FEATURES, idf));
  });
  it('returns an empty vector for emoji-only text', () => {
    expect(vectorize('😀😀', DEFAULT_FEATURES, new Float32Array(DEFAULT_FEATURES.dim)).indices).toHaveLength(0);
  });
});

describe('fitIdf / weigh / hashString', () => {
  it('down-weights terms found in every document', () => {
    const docs = [countFeatures('refund please'), countFeatures('refund now')];
    const idf = fitIdf(docs, DEFAULT_FEATURES.dim);
    const common = hashString('w|refund') & (DEFAULT_FEATURES.dim - 1);
    const rare = hashString('w|please') & (DEFAULT_FEATURES.dim - 1);
    expect(idf[common]).toBeCloseTo(1);
    expect(idf[rare]!).toBeGreaterThan(idf[common]!);
    expect(weigh(new Map(), idf).indices).toHaveLength(0);
  });
  it('hashes with FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
