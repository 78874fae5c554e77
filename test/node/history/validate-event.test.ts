import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { EVENT_ID, newEventId, validateEvent, validateEvents, validateStoredEvent } from '../../../src/history/validate-event.ts';

const T = Date.UTC(2026, 10, 28, 12);

describe('validateEvent', () => {
  it('returns a clean copy with only known fields', () => {
    const e = validateEvent({ type: 'cart_add', time: T, sessionId: 's1', productId: 'p1', price: 9.5, quantity: 2,
      page: 'product', extras: { color: 'red', size: 42, gift: true } });
    expect(e).toEqual({ type: 'cart_add', time: T, sessionId: 's1', productId: 'p1', price: 9.5, quantity: 2,
      page: 'product', extras: { color: 'red', size: 42, gift: true } });
  });

  it.each([
    [{ type: 'like', time: T, sessionId: 's' }, /type must be one of: view, click/],
    [{ type: 'view', time: T, sessionId: 's' }, /productId is required for view events/],
    [{ type: 'view', time: T, sessionId: 's', page: 'product' }, /productId is required for view events/],
    [{ type: 'search', time: T / 1000, sessionId: 's', query: 'x' }, /seconds given\?/],
    [{ type: 'search', time: T, sessionId: '', query: 'x' }, /sessionId must be a non-empty string/],
    [{ type: 'view', time: T, sessionId: 's', productId: 'p', price: -1 }, /price must be a finite number ≥ 0/],
    [{ type: 'view', time: T, sessionId: 's', productId: 'p', quantity: 1.5 }, /quantity must be a finite integer/],
    [{ type: 'view', time: T, sessionId: 's', productId: 'p', page: 'blog' }, /page must be one of/],
    [{ type: 'view', time: T, sessionId: 's', productId: 'p', extras: { a: { b: 1 } } }, /extras.a must be/],
    [{ type: 'view', time: T, sessionId: 's', productId: 'p', colour: 'red' }, /unknown field "colour"/],
  ])('rejects %j with INVALID_INPUT', (event, message) => {
    let caught: unknown;
    try { validateEvent(event); } catch (error) { caught = error; }
    expect(isStorefrontError(caught, 'INVALID_INPUT')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });

  it('takes a view of a page that is not a product page without a productId', () => {
    expect(validateEvent({ type: 'view', time: T, sessionId: 's', page: 'checkout' })).toEqual({ type: 'view', time: T, sessionId: 's', page: 'checkout' });
  });

  it('names the index of the bad event in a batch', () => {
    const ok = { type: 'search', time: T, sessionId: 's', query: 'shoes' };
    expect(() => validateEvents([ok, ok, { ...ok, time: 'now' }])).toThrow(/^Event 2: time/);
  });

  it('makes time-sortable ids that the stored-event check accepts', () => {
    const a = newEventId(T);
    const b = newEventId(T + 1);
    expect(a).toMatch(EVENT_ID);
    expect(a < b).toBe(true);
    expect(validateStoredEvent({ id: a, type: 'search', time: T, sessionId: 's' }).id).toBe(a);
    expect(() => validateStoredEvent({ id: 'x', type: 'search', time: T, sessionId: 's' })).toThrow(/id must be/);
  });
});
