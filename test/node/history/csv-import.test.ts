import { describe, expect, it } from 'vitest';
import { importEcommerceCsv, parseCsv, parseEventTime } from '../../../src/history/csv-import.ts';

describe('CSV details', () => {
  it('parses quotes, doubled quotes and CRLF', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n1,2,3')).toEqual([['a', 'b,c', 'd"e'], ['1', '2', '3']]);
    expect(parseEventTime('2019-10-01 00:00:05 UTC')).toBe(Date.UTC(2019, 9, 1, 0, 0, 5));
    expect(parseEventTime('yesterday')).toBeNaN();
  });

  it('skips and reports bad rows, rejects a foreign header', () => {
    const head = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n';
    const r = importEcommerceCsv(`${head}2019-10-01 00:00:00 UTC,view,1,2,,,-5,3,s\n2019-10-01 00:00:00 UTC,wish,1,2,,,5,3,s\n2019-10-01 00:00:00 UTC,cart,1,2,,,5,3,s\n`);
    expect(r.events.map((e) => e.type)).toEqual(['cart_add']);
    expect(r.skipped).toEqual([
      { line: 2, reason: expect.stringMatching(/^Line 2: price must be/) },
      { line: 3, reason: 'unknown event_type "wish"' },
    ]);
    expect(() => importEcommerceCsv('time,type\n1,view')).toThrow(/header lacks event_time, event_type/);
  });
});
