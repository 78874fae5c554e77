import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { parseExport } from '../../../src/history/export-format.ts';
import { newEventId } from '../../../src/history/validate-event.ts';

const T = Date.UTC(2026, 10, 28, 12);
const event = { id: newEventId(T), type: 'search', time: T, sessionId: 's', query: 'boots' };
const doc = { format: 'storefront-ml/history', version: 1, exportedAt: new Date(T).toISOString(), events: [event] };

describe('parseExport', () => {
  it('accepts the object and its JSON text', () => {
    expect(parseExport(doc)).toEqual([event]);
    expect(parseExport(JSON.stringify(doc))).toEqual([event]);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['another format', { ...doc, format: 'x' }, /format is "x"/],
    ['a newer version', { ...doc, version: 2 }, /unsupported version 2/],
    ['events not an array', { ...doc, events: {} }, /events must be an array/],
    ['a bad event', { ...doc, events: [event, { ...event, id: newEventId(T), price: -1 }] }, /event 1: price/],
    ['a repeated id', { ...doc, events: [event, event] }, /event 1 repeats id/],
  ])('rejects %s with INVALID_INPUT', (_what, input, message) => {
    let caught: unknown;
    try { parseExport(input); } catch (error) { caught = error; }
    expect(isStorefrontError(caught, 'INVALID_INPUT')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
