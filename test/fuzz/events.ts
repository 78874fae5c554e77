/** Arbitraries of shopper events: valid ones (as validateEvent accepts them) and hostile variants. */
import fc from 'fast-check';
import { validateEvent } from '../../src/history/validate-event.ts';
import { EVENT_TYPES, PAGE_KINDS, type ShopperEvent } from '../../src/history/types.ts';
import { hostileRecord, hostileValue } from './fuzz.ts';

const T1990 = Date.UTC(1990, 0, 1);
const T2200 = Date.UTC(2199, 11, 31);

function accepted(e: unknown): boolean {
  try { validateEvent(e); return true; } catch { return false; }
}

/** One event validateEvent accepts: any type, time from 1990 to 2200, a few sessions and products, optional fields. */
export const validEvent: fc.Arbitrary<ShopperEvent> = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  time: fc.integer({ min: T1990, max: T2200 }),
  sessionId: fc.constantFrom('s1', 's2', 'séance-✓', 'x'.repeat(64)),
  productId: fc.oneof(fc.constantFrom('p1', 'p2', 'p3', '商品-4', '__proto__', 'toString'), fc.string({ minLength: 1, maxLength: 12 })),
  category: fc.constantFrom('shoes', 'hats', 'constructor'),
  price: fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constant(0), fc.constant(-0)),
  quantity: fc.integer({ min: 1, max: 1000 }),
  query: fc.string({ unit: 'grapheme', maxLength: 30 }),
  durationMs: fc.double({ min: 0, max: 1e10, noNaN: true }),
  page: fc.constantFrom(...PAGE_KINDS),
  extras: fc.dictionary(fc.constantFrom('brand', 'userId', 'ab'), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()), { maxKeys: 2 }),
}, { requiredKeys: ['type', 'time', 'sessionId'] }).filter(accepted) as fc.Arbitrary<ShopperEvent>;

/** A list of valid events, in any order. */
export const validEvents = fc.array(validEvent, { maxLength: 40 });

/** An event with some fields hostile, or a hostile value in place of the event. */
export const hostileEvent: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: hostileRecord({ type: fc.constantFrom(...EVENT_TYPES), time: fc.integer({ min: T1990, max: T2200 }), sessionId: fc.constant('s1'), productId: fc.constant('p1'), price: fc.double(), quantity: fc.integer(), page: fc.constantFrom(...PAGE_KINDS) }) },
  { weight: 1, arbitrary: hostileValue },
);

/** Mostly valid event lists with a hostile event or two mixed in, or a hostile value in place of the list. */
export const hostileEvents: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(validEvents, fc.array(hostileEvent, { minLength: 1, maxLength: 2 }), fc.nat()).map(([good, bad, at]) => {
    const list: unknown[] = [...good];
    for (const b of bad) list.splice(at % (list.length + 1), 0, b);
    return list;
  }) },
  // A hole (as `[e1, , e2]` or `delete list[i]` make), which forEach and map skip.
  { weight: 1, arbitrary: fc.tuple(fc.array(validEvent, { minLength: 1, maxLength: 6 }), fc.nat()).map(([good, at]) => {
    const list: unknown[] = [...good, ...good];
    delete list[at % list.length];
    return list;
  }) },
  { weight: 1, arbitrary: hostileValue },
);
