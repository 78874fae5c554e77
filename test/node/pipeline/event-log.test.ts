import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { detectEventLogFormat, readEventLog, userSequences } from '../../../src/pipeline/event-log.ts';

const tiny = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/events/tiny-shop.csv'), 'utf8');
const HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';

function failure(run: () => unknown): { code: string; line: unknown; message: string } {
  try {
    run();
  } catch (error) {
    if (!isStorefrontError(error)) throw error;
    return { code: error.code, line: error.details.line, message: error.message };
  }
  throw new Error('did not throw');
}

const exportDoc = (events: unknown[]) => JSON.stringify({ format: 'storefront-ml/history', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', events }, null, 2);
const ID = { a: '00000000a-aaaaaa', b: '00000000b-bbbbbb' };
const stored = (id: 'a' | 'b', productId: string, time: number, extras?: Record<string, string>) => ({ id: ID[id], type: 'view', time, sessionId: 's1', productId, page: 'product', ...(extras ? { extras } : {}) });

describe('readEventLog', () => {
  it('detects the three formats from the first line', () => {
    expect(detectEventLogFormat(tiny)).toBe('ecommerce-csv');
    expect(detectEventLogFormat('\n\n{ "format": "storefront-ml/history" }')).toBe('history-export');
    expect(detectEventLogFormat('1 1 2 3\n2 4 5\n')).toBe('s3rec');
    expect(detectEventLogFormat('hello')).toBeUndefined();
    expect(failure(() => readEventLog('a;b;c\n')).code).toBe('INVALID_INPUT');
  });

  it('reads the e-commerce CSV with user and session ids, in file order', () => {
    const log = readEventLog(tiny);
    expect(log.format).toBe('ecommerce-csv');
    expect(log.rows).toBe(102);
    expect(log.events).toHaveLength(102);
    expect(log.skipped).toEqual([]);
    const first = log.events[0]!;
    expect(first).toMatchObject({ type: 'view', productId: '1006', userId: '500005', sessionId: 's05-a', page: 'product' });
    expect(first.time).toBe(Date.parse('2019-10-01T10:05:00Z'));
  });

  it('names the 1-based line of a malformed CSV row, or skips and counts it with skipInvalid', () => {
    const text = `${HEADER}\n2019-10-01 00:00:00 UTC,view,1,2,,b,1.0,u1,s1\n2019-10-01 00:00:01 UTC,view,2,2,,b,not-a-price,u1,s1\n2019-10-01 00:00:02 UTC,teleport,3,2,,b,1.0,u1,s1\n`;
    const f = failure(() => readEventLog(text, { source: 'log.csv' }));
    expect(f).toMatchObject({ code: 'INVALID_INPUT', line: 3 });
    expect(f.message).toMatch(/^log\.csv: line 3 is malformed: .*--skip-invalid/);
    const log = readEventLog(text, { skipInvalid: true });
    expect(log.events).toHaveLength(1);
    expect(log.rows).toBe(3);
    expect(log.skipped.map((s) => s.line)).toEqual([3, 4]);
    expect(log.skipped[1]!.reason).toMatch(/teleport/);
  });

  it('reports a CSV without the expected header as line 1', () => {
    expect(failure(() => readEventLog('time,type\n1,2\n', { format: 'ecommerce-csv' }))).toMatchObject({ code: 'INVALID_INPUT', line: 1 });
  });

  it('reads S3-Rec lines as ordered interactions and names a line with no items', () => {
    const log = readEventLog('u1 10 11 12\n\nu2 11 13\n');
    expect(log.format).toBe('s3rec');
    expect(log.timed).toBe(false);
    expect(log.rows).toBe(5);
    expect(log.events.map((e) => `${e.userId}:${e.productId}`)).toEqual(['u1:10', 'u1:11', 'u1:12', 'u2:11', 'u2:13']);
    // No sessions in the format: each interaction is its own visit, so every shopper with two or more is returning.
    expect(log.events.map((e) => e.sessionId)).toEqual(['u1/0', 'u1/1', 'u1/2', 'u2/0', 'u2/1']);
    expect(userSequences(readEventLog('u1 10\nu2 11 13\n').events).returning).toEqual([false, true]);
    expect(failure(() => readEventLog('u1 10 11\nu2\nu3 10 12\n'))).toMatchObject({ code: 'INVALID_INPUT', line: 2 });
    const skipped = readEventLog('u1 10 11\nu2\nu3 10 12\n', { format: 's3rec', skipInvalid: true });
    expect(skipped.skipped).toEqual([{ line: 2, reason: expect.stringMatching(/no items/) }]);
    expect(skipped.events).toHaveLength(4);
  });

  it('reads a history export and names the line of a bad event', () => {
    const good = readEventLog(exportDoc([stored('a', 'p1', 1_700_000_000_000), stored('b', 'p2', 1_700_000_001_000, { userId: 'u9' })]));
    expect(good.format).toBe('history-export');
    expect(good.events.map((e) => e.userId)).toEqual(['shopper', 'u9']);
    const text = exportDoc([stored('a', 'p1', 1_700_000_000_000), { ...stored('b', 'p2', 5), time: 5 }]);
    const line = text.split('\n').findIndex((l, i, all) => l.trim() === '{' && all[i + 1]?.includes(ID.b)) + 1;
    expect(line).toBeGreaterThan(1);
    expect(failure(() => readEventLog(text))).toMatchObject({ code: 'INVALID_INPUT', line });
    expect(readEventLog(text, { skipInvalid: true }).skipped.map((s) => s.line)).toEqual([line]);
    expect(failure(() => readEventLog('{ "format": "storefront-ml/history", "version": 1, "events": [ }'))).toMatchObject({ code: 'INVALID_INPUT', line: 1 });
  });

  it('honours a --format override', () => {
    expect(failure(() => readEventLog(tiny, { format: 's3rec' })).code).toBe('INVALID_INPUT');
  });
});

describe('userSequences', () => {
  it('orders each shopper by time, keeps views, cart additions and purchases, and collapses immediate repeats', () => {
    const text = `${HEADER}
2019-10-01 00:00:05 UTC,purchase,B,1,,,1,u1,s1
2019-10-01 00:00:01 UTC,view,A,1,,,1,u1,s1
2019-10-01 00:00:02 UTC,view,B,1,,,1,u1,s1
2019-10-01 00:00:03 UTC,cart,B,1,,,1,u1,s1
2019-10-01 00:00:04 UTC,remove_from_cart,B,1,,,1,u1,s1
2019-10-01 00:00:02 UTC,view,C,1,,,1,,s2
`;
    const s = userSequences(readEventLog(text).events);
    expect(s.userIds).toEqual(['u1', 's2']);
    expect(s.sequences).toEqual([['A', 'B'], ['C']]);
    expect(s.interactions).toBe(3);
    expect(s.returning).toEqual([false, false]); // u1's events are all of s1
    const twoVisits = `${HEADER}\n2019-10-01 00:00:01 UTC,view,A,1,,,1,u1,s1\n2019-10-02 00:00:01 UTC,view,B,1,,,1,u1,s9\n`;
    expect(userSequences(readEventLog(twoVisits).events).returning).toEqual([true]);
    expect(userSequences(readEventLog(text).events, { collapseRepeats: false }).sequences[0]).toEqual(['A', 'B', 'B', 'B']);
    expect(userSequences(readEventLog(text).events, { minLength: 2 }).userIds).toEqual(['u1']);
  });

  it('is linear enough for 200k interactions', () => {
    const lines = Array.from({ length: 20_000 }, (_, u) => `${u} ${Array.from({ length: 10 }, (_, i) => (u * 7 + i) % 5000).join(' ')}`);
    const t = performance.now();
    const s = userSequences(readEventLog(lines.join('\n')).events);
    expect(s.interactions).toBe(200_000);
    expect(performance.now() - t).toBeLessThan(20_000); // a quadratic reader would take minutes; this is not a timing test
  });
});
