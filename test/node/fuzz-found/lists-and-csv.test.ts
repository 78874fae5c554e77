/**
 * Cases the fuzz tier (test/fuzz/) found in the list, recommender-input and CSV calls, each kept as its shrunk
 * counterexample: before the fix each ended in a raw TypeError instead of a StorefrontError naming the field.
 */
import { describe, expect, it } from 'vitest';
import { isStorefrontError, type ErrorCode } from '../../../src/core/errors.ts';
import { importEcommerceCsv, ECOMMERCE_CSV_COLUMNS } from '../../../src/history/csv-import.ts';
import { checkProducts, checkSequences, checkShopperEvents } from '../../../src/recommend/check-input.ts';
import { trendingProducts, type TrendingEvent, type TrendingOptions } from '../../../src/recommend/lists.ts';
import { failure } from '../../helpers/errors.ts';

function expectCode(call: () => unknown, code: ErrorCode, message: RegExp): void {
  const e = failure(call);
  expect(e.code, e.message).toBe(code);
  expect(e.message).toMatch(message);
}

describe('found by the fuzz tier: lists and CSV', () => {
  it('trendingProducts on a sparse array ([ , ]) is INVALID_INPUT naming events[0], not "Cannot read properties of undefined"', () => {
    // eslint-disable-next-line no-sparse-arrays
    const holes = [, { productId: 'p1', time: 1 }] as unknown as TrendingEvent[];
    expectCode(() => trendingProducts(holes), 'INVALID_INPUT', /events\[0\]/);
  });

  it('the recommender checks see holes too: events, products and sequences with a hole name its index', () => {
    // eslint-disable-next-line no-sparse-arrays
    expectCode(() => checkShopperEvents('recommend', [, { type: 'view', productId: 'p1', time: 1, sessionId: 's' }]), 'INVALID_INPUT', /events\[0\]/);
    // eslint-disable-next-line no-sparse-arrays
    expectCode(() => checkProducts('setCatalog', [, { productId: 'p1' }]), 'INVALID_INPUT', /products\[0\]/);
    // eslint-disable-next-line no-sparse-arrays
    expectCode(() => checkSequences('trainRecommender', [['a', , 'b']]), 'INVALID_INPUT', /sequences\[0\]\[1\]/);
  });

  it('a priceRange holding a symbol is INVALID_OPTION, not "Cannot convert a Symbol value to a string"', () => {
    const options = { priceRange: [Symbol('cheap'), 5] } as unknown as TrendingOptions;
    expectCode(() => trendingProducts([{ productId: 'p1', time: 1 }], options), 'INVALID_OPTION', /priceRange/);
  });

  it('importEcommerceCsv(text, null) and a non-string userId are INVALID_OPTION', () => {
    const text = `${ECOMMERCE_CSV_COLUMNS.join(',')}\n`;
    expectCode(() => importEcommerceCsv(text, null as never), 'INVALID_OPTION', /options must be an object/);
    expectCode(() => importEcommerceCsv(text, { userId: 42 as never }), 'INVALID_OPTION', /userId/);
    expect(importEcommerceCsv(text, {}).events).toEqual([]);
  });
});

describe('found by the fuzz tier: options that are not plain objects', () => {
  it('trendingProducts(events, new Uint8Array()) is INVALID_OPTION, not "this is not a typed array" from the typed array\'s own filter', () => {
    expectCode(() => trendingProducts([{ productId: 'p1', time: 1 }], new Uint8Array() as never), 'INVALID_OPTION', /options must be an object/);
    expectCode(() => trendingProducts([{ productId: 'p1', time: 1 }], new Map() as never), 'INVALID_OPTION', /options must be an object/);
    expect(trendingProducts([{ productId: 'p1', time: 1 }], Object.assign(Object.create(null), { topK: 1 }))).toHaveLength(1);
  });
});
