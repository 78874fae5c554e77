import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { segmentSessions } from '../../../src/history/sessions.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 28, 12);
const ev = (m: number, sessionId = 'a'): ShopperEvent => ({ type: 'search', time: T + m * MIN, sessionId, query: 'q' });

describe('segmentSessions', () => {
  it('splits on gaps longer than 30 minutes by default, in time order', () => {
    const s = segmentSessions([ev(100), ev(0), ev(29), ev(59), ev(90, 'b')]);
    expect(s.map((x) => x.events.length)).toEqual([3, 2]);
    expect(s[0]?.start).toBe(T);
    expect(s[1]?.sessionIds).toEqual(['b', 'a']);
  });

  it('uses the gap it is given', () => {
    expect(segmentSessions([ev(0), ev(6), ev(12)], 5 * MIN)).toHaveLength(3);
    expect(segmentSessions([])).toEqual([]);
  });

  it('refuses a gap that is not a positive number, and events that are not an array (INVALID_OPTION / INVALID_INPUT)', () => {
    for (const gap of [NaN, 0, -5, Infinity]) {
      expect(() => segmentSessions([ev(0), ev(40)], gap)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(/gapMs/) }));
    }
    let error: unknown;
    try { segmentSessions(null as unknown as ShopperEvent[]); } catch (e) { error = e; }
    expect(isStorefrontError(error, 'INVALID_INPUT')).toBe(true);
  });
});
