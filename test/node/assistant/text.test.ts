import { describe, expect, it } from 'vitest';
import { cjkShare, hasReadableText, normalizeText, tokenize } from '../../../src/assistant/text.ts';

describe('normalizeText', () => {
  it('turns full-width into half-width, lower-cases and collapses spaces', () => {
    expect(normalizeText('  ＷＨＥＲＥ　is  Order １２３ ')).toBe('where is order 123');
  });
});

describe('tokenize', () => {
  it('splits Latin words and CJK runs, dropping punctuation and emoji', () => {
    expect(tokenize(normalizeText("Don't 退货, please! 😀 订单123"))).toEqual([
      { kind: 'word', text: "don't" },
      { kind: 'cjk', text: '退货' },
      { kind: 'word', text: 'please' },
      { kind: 'cjk', text: '订单' },
      { kind: 'word', text: '123' },
    ]);
  });
  it('returns nothing for emoji-only or empty text', () => {
    expect(tokenize('😀🎉')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('hasReadableText / cjkShare', () => {
  it('tells readable text from symbols', () => {
    expect(hasReadableText('  ?! 😀')).toBe(false);
    expect(hasReadableText('退')).toBe(true);
  });
  it('measures the share of CJK letters', () => {
    expect(cjkShare('退货')).toBe(1);
    expect(cjkShare('refund 退')).toBeCloseTo(1 / 7);
    expect(cjkShare('123')).toBe(0);
  });
});
