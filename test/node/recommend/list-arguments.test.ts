/**
 * The pure lists refuse what would rank nonsense: trending with a NaN weight, a zero half-life or a fractional topK
 * ends in a typed error naming the field and the accepted range; a score that is not finite is never returned.
 */
import { describe, expect, it } from 'vitest';
import { isStorefrontError, type ErrorCode } from '../../../src/core/errors.ts';
import { checkTrainedWeights } from '../../../src/recommend/check-input.ts';
import { selectTop, trendingProducts, type TrendingEvent, type TrendingOptions } from '../../../src/recommend/lists.ts';

function errorOf(call: () => unknown): unknown {
  try { call(); } catch (e) { return e; }
  return undefined;
}
function expectTyped(call: () => unknown, code: ErrorCode, field: RegExp): void {
  const error = errorOf(call);
  expect(isStorefrontError(error, code), `${String(error)} should be a StorefrontError ${code}`).toBe(true);
  expect((error as Error).message).toMatch(field);
}

const hour = 3_600_000;
const events: TrendingEvent[] = [{ productId: 'a', time: 0 }, { productId: 'b', time: hour, weight: 2 }];

describe('trendingProducts arguments', () => {
  it('a NaN weight is refused, naming the event, instead of ranking its product first', () => {
    const call = () => trendingProducts([{ productId: 'z', time: 0, weight: 5 }, { productId: 'a', time: 0, weight: NaN }], { now: hour });
    expectTyped(call, 'INVALID_INPUT', /events\[1\]\.weight/);
    expectTyped(() => trendingProducts([{ productId: 'a', time: 0, weight: -1 }]), 'INVALID_INPUT', /weight/);
    expectTyped(() => trendingProducts([{ productId: 'a', time: 0, weight: Infinity }]), 'INVALID_INPUT', /weight/);
  });

  it('malformed events are INVALID_INPUT naming the index and field, not a TypeError', () => {
    expectTyped(() => trendingProducts([null as unknown as TrendingEvent]), 'INVALID_INPUT', /events\[0\]/);
    expectTyped(() => trendingProducts([events[0]!, { productId: 7, time: 0 } as unknown as TrendingEvent]), 'INVALID_INPUT', /events\[1\]\.productId/);
    expectTyped(() => trendingProducts([{ productId: 'a', time: NaN }]), 'INVALID_INPUT', /events\[0\]\.time/);
    expectTyped(() => trendingProducts(null as unknown as TrendingEvent[]), 'INVALID_INPUT', /events/);
  });

  it('a half-life must be above 0: zero, negative and NaN are INVALID_OPTION with the range', () => {
    for (const halfLifeHours of [0, -24, NaN, Infinity]) {
      expectTyped(() => trendingProducts(events, { halfLifeHours, now: hour }), 'INVALID_OPTION', /halfLifeHours.*above 0/);
    }
  });

  it('topK must be a whole number from 1, now a finite time, options an object', () => {
    for (const topK of [-1, 0, 2.5, NaN]) expectTyped(() => trendingProducts(events, { topK }), 'INVALID_OPTION', /topK.*1 to 10000/);
    expectTyped(() => trendingProducts(events, { now: NaN }), 'INVALID_OPTION', /now/);
    expectTyped(() => trendingProducts(events, null as unknown as TrendingOptions), 'INVALID_OPTION', /options/);
    expectTyped(() => trendingProducts(events, { exclude: 'a' as unknown as string[] }), 'INVALID_OPTION', /exclude/);
    expectTyped(() => trendingProducts(events, { filter: true as unknown as () => boolean }), 'INVALID_OPTION', /filter/);
  });

  it('valid input still ranks as before', () => {
    expect(trendingProducts(events, { now: hour, halfLifeHours: 1 })).toEqual([{ productId: 'b', score: 2 }, { productId: 'a', score: 0.5 }]);
  });
});

describe('selectTop never returns a score that is not finite', () => {
  const ids = ['inf', 'one', 'nan', 'two'];
  const scores = Float32Array.from([Infinity, 1, NaN, 2]);
  it('without diversity', () => {
    expect(selectTop(scores, ids, () => true, 4)).toEqual([{ productId: 'two', score: 2 }, { productId: 'one', score: 1 }]);
  });
  it('with diversity (an infinite score made every MMR value NaN)', () => {
    const unit = Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]);
    const list = selectTop(scores, ids, () => true, 4, 0.5, unit, 2);
    expect(list.map((r) => r.productId).sort()).toEqual(['one', 'two']);
    expect(list.every((r) => Number.isFinite(r.score))).toBe(true);
  });
});

describe('trained weights', () => {
  it('a run whose weights became NaN or infinite is refused, naming learningRate', () => {
    expectTyped(() => checkTrainedWeights({ input: Float32Array.from([1, 2]), dense: Float32Array.from([0, NaN]) }, 0.9), 'INVALID_OPTION', /dense.*learningRate/);
    expectTyped(() => checkTrainedWeights({ output: Float32Array.from([Infinity]) }, 0.9), 'INVALID_OPTION', /output/);
    expect(() => checkTrainedWeights({ input: Float32Array.from([1, 2]) }, 0.005)).not.toThrow();
  });
});
