/**
 * Fuzz: trendingProducts and sessionFeatures (pure, Node). Hostile events and options end in a ranked list of finite
 * scores or an INVALID_INPUT/INVALID_OPTION StorefrontError; valid event lists give finite-or-null features.
 */
import { describe, it } from 'vitest';
import { trendingProducts } from '../../src/recommend/lists.ts';
import { sessionFeatures, SESSION_FEATURE_NAMES } from '../../src/intent/session-features.ts';
import { fc, fuzz, hostileRecord, hostileValue, isRankedList, resolvesValidOrRejectsTyped } from './fuzz.ts';
import { hostileEvents, validEvents } from './events.ts';

const trendingEvent = hostileRecord({
  productId: fc.constantFrom('p1', 'p2', 'p3', '__proto__', 'constructor'),
  time: fc.integer({ min: 0, max: 4e12 }),
  weight: fc.double({ min: 0, max: 1e9, noNaN: true }),
});
const validTrendingEvent = fc.record({
  productId: fc.constantFrom('p1', 'p2', 'p3', 'p4', '__proto__', 'constructor', '商品'),
  time: fc.integer({ min: 0, max: 4e12 }),
  weight: fc.oneof(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.constantFrom(0, -0, 1e9)),
}, { requiredKeys: ['productId', 'time'] });
const trendingEvents = fc.oneof(
  { weight: 3, arbitrary: fc.array(validTrendingEvent, { maxLength: 30 }) },
  { weight: 2, arbitrary: fc.array(trendingEvent, { maxLength: 5 }) },
  { weight: 1, arbitrary: hostileValue },
);
const listOptions = fc.oneof(
  { weight: 4, arbitrary: hostileRecord({
    topK: fc.integer({ min: 1, max: 20 }),
    exclude: fc.array(fc.constantFrom('p1', 'p2')),
    filter: fc.constant((id: string) => id !== 'p3'),
    halfLifeHours: fc.double({ min: 0.001, max: 1e6, noNaN: true }),
    now: fc.integer({ min: 0, max: 4e12 }),
    diversity: fc.double({ min: 0, max: 1, noNaN: true }),
    priceRange: fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 50, max: Infinity, noNaN: true })),
  }) },
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: hostileValue },
);

const finiteOrNull = (v: unknown) => v === null || typeof v === 'boolean' || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

describe('fuzz: lists and session features', () => {
  it('trendingProducts(hostile events, hostile options): a ranked list of finite scores, or INVALID_INPUT/INVALID_OPTION', async () => {
    await fuzz('trendingProducts hostile', { numRuns: 3000, timeLimitMs: 8000 }, [trendingEvents, listOptions], async (events, options) => {
      const topK = typeof (options as { topK?: unknown } | null)?.topK === 'number' ? (options as { topK: number }).topK : 10;
      await resolvesValidOrRejectsTyped(() => trendingProducts(events as never, options as never), (list) => isRankedList(list, topK));
    });
  });

  it('sessionFeatures(valid events): every feature finite or null, the counts add up', async () => {
    await fuzz('sessionFeatures valid', { numRuns: 1500, timeLimitMs: 8000 }, [validEvents, fc.array(validEvents, { maxLength: 3 }), fc.option(fc.integer({ min: 0, max: 8e12 }), { nil: undefined })], (events, previousSessions, now) => {
      const f = sessionFeatures(events, { previousSessions, now });
      for (const name of SESSION_FEATURE_NAMES) {
        const v = (f as unknown as Record<string, unknown>)[name];
        if (!finiteOrNull(v)) throw new Error(`${name} is ${String(v)}`);
      }
      if (f.event_count !== events.length) throw new Error(`event_count ${f.event_count} for ${events.length} events`);
    });
  });

  it('sessionFeatures(hostile events, hostile context): features finite or null, or INVALID_INPUT/INVALID_OPTION', async () => {
    const context = fc.oneof(hostileRecord({ now: fc.integer(), previousSessions: fc.array(validEvents, { maxLength: 2 }), timeZone: fc.constantFrom('local', 'UTC') }), hostileValue);
    await fuzz('sessionFeatures hostile', { numRuns: 1500, timeLimitMs: 8000 }, [fc.oneof(validEvents, hostileEvents), fc.oneof(context, fc.constant(undefined))], async (events, ctx) => {
      await resolvesValidOrRejectsTyped(() => sessionFeatures(events as never, ctx as never), (f) =>
        SESSION_FEATURE_NAMES.every((name) => finiteOrNull((f as unknown as Record<string, unknown>)[name])));
    });
  });
});
