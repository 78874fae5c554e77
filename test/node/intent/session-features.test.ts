import { describe, expect, it } from 'vitest';
import { specialDayCloseness } from '../../../src/intent/calendar.ts';
import { SESSION_FEATURE_NAMES, sessionFeatures } from '../../../src/intent/session-features.ts';
import { UCI_FEATURE_NAMES } from '../../../src/intent/uci-columns.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';

const S = 1000;
// Saturday 2026-11-28 14:00 UTC
const T = Date.UTC(2026, 10, 28, 14);
const at = (s: number, e: Omit<ShopperEvent, 'time' | 'sessionId'>): ShopperEvent => ({ ...e, time: T + s * S, sessionId: 'x' });

const session: ShopperEvent[] = [
  at(0, { type: 'view', page: 'home', productId: 'hero' }),
  at(10, { type: 'search', query: 'boots' }),
  at(40, { type: 'view', productId: 'p1', price: 80, category: 'shoes' }),
  at(100, { type: 'cart_add', productId: 'p1', price: 80, quantity: 2 }),
  at(110, { type: 'view', page: 'cart', productId: 'p1' }),
  at(130, { type: 'view', page: 'info', productId: 'faq' }),
  at(150, { type: 'cart_remove', productId: 'p1', price: 80 }),
  at(160, { type: 'view', page: 'checkout', productId: 'p1' }),
];

describe('sessionFeatures', () => {
  it('has every UCI column, with the UCI names, and the documented extra names', () => {
    const f = sessionFeatures(session, { timeZone: 'utc' });
    expect(Object.keys(f).sort()).toEqual([...SESSION_FEATURE_NAMES].sort());
    for (const name of UCI_FEATURE_NAMES) expect(f).toHaveProperty(name);
  });

  it('counts and times pages by UCI kind from the gaps between page views', () => {
    const f = sessionFeatures([...session].reverse(), { timeZone: 'utc' });
    // product-related: home (10 s), search (30 s), product p1 (70 s); administrative: cart (20 s) + checkout (last, 0 s)
    expect([f.ProductRelated, f.ProductRelated_Duration]).toEqual([3, 110]);
    expect([f.Administrative, f.Administrative_Duration]).toEqual([2, 20]);
    expect([f.Informational, f.Informational_Duration]).toEqual([1, 30]);
    expect(f.Month).toBe('Nov');
    expect(f.Weekend).toBe(true);
    expect(f.hour_of_day).toBe(14);
    expect(f.weekday).toBe(5);
    expect(f.SpecialDay).toBe(0);
    expect([f.cart_adds, f.cart_removes, f.cart_quantity_net, f.cart_value]).toEqual([1, 1, 1, 80]);
    expect([f.price_mean, f.price_min, f.price_max, f.price_std]).toEqual([80, 80, 80, 0]);
    expect([f.page_views, f.session_duration_s, f.distinct_products]).toEqual([6, 160, 3]); // hero, p1, faq
    // Not derivable from one shopper's events without context:
    expect([f.BounceRates, f.ExitRates, f.PageValues, f.OperatingSystems, f.VisitorType]).toEqual([null, null, null, null, null]);
  });

  it('uses dwell events for durations when there are any', () => {
    const f = sessionFeatures([
      at(0, { type: 'view', productId: 'p' }),
      at(5, { type: 'dwell', productId: 'p', durationMs: 42_000 }),
      at(60, { type: 'view', page: 'account', productId: 'me' }),
      at(61, { type: 'dwell', page: 'account', durationMs: 3_000 }),
    ], { timeZone: 'utc' });
    expect([f.ProductRelated_Duration, f.Administrative_Duration, f.dwell_s]).toEqual([42, 3, 45]);
  });

  it('uses the context: previous sessions, now, page stats, visit codes', () => {
    const earlier = [[{ ...at(-7200, { type: 'purchase', productId: 'old', price: 5 }) }]];
    const f = sessionFeatures(session, {
      timeZone: 'utc', previousSessions: earlier, now: T + 200 * S,
      pageStats: (e) => (e.page === 'checkout' ? { pageValue: 30, exitRate: 0.1 } : { pageValue: 0 }),
      visit: { operatingSystem: 2, browser: 2, region: 1, trafficType: 3 },
    });
    expect(f.VisitorType).toBe('Returning_Visitor');
    expect([f.is_returning, f.previous_sessions, f.previous_purchases]).toEqual([1, 1, 1]);
    expect(f.seconds_since_previous_session).toBe(7200);
    expect(f.seconds_since_last_event).toBe(40);
    expect(f.PageValues).toBe(5);
    expect(f.ExitRates).toBeCloseTo(0.1);
    expect(f.BounceRates).toBeNull();
    expect([f.OperatingSystems, f.Browser, f.Region, f.TrafficType]).toEqual([2, 2, 1, 3]);
    expect(sessionFeatures(session, { previousSessions: [] }).VisitorType).toBe('New_Visitor');
  });

  it('gives SpecialDay as the UCI data does around Valentine\'s Day', () => {
    const day = (d: number) => specialDayCloseness({ year: 2026, month: 1, day: d, weekday: 0, hour: 0 }, [{ month: 2, day: 14 }]);
    expect([1, 2, 5, 8, 10, 12, 13].map(day)).toEqual([0, 0, 0.6, 1, 0.6, 0, 0]);
    const f = sessionFeatures([{ type: 'search', time: Date.UTC(2026, 1, 8, 12), sessionId: 's', query: 'roses' }], { timeZone: 'utc' });
    expect([f.SpecialDay, f.Month, f.Weekend]).toEqual([1, 'Feb', true]);
  });

  it('handles an empty session with nulls instead of throwing', () => {
    const f = sessionFeatures([]);
    expect([f.page_views, f.Month, f.price_mean, f.session_bounced]).toEqual([0, null, null, null]);
  });
});
