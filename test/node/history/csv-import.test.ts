import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEcommerceCsv, parseCsv, parseEventTime } from '../../../src/history/csv-import.ts';

const DATA = path.resolve(process.env.STOREFRONT_DATA ?? path.join(import.meta.dirname, '../../../../shared/data'));
const SAMPLE = path.join(DATA, 'rees46_ecommerce_sample/2019-Oct-sample.csv');

describe('importEcommerceCsv on the real REES46 sample', () => {
  const { events, skipped } = importEcommerceCsv(readFileSync(SAMPLE, 'utf8'));

  it('turns all 1,000 rows into events with the published type counts', () => {
    expect(skipped).toEqual([]);
    expect(events).toHaveLength(1000);
    const count = (t: string) => events.filter((e) => e.type === t).length;
    expect([count('view'), count('cart_add'), count('purchase')]).toEqual([987, 3, 10]);
    expect(new Set(events.map((e) => e.productId)).size).toBe(534);
    expect(new Set(events.map((e) => e.sessionId)).size).toBe(372);
  });

  it('maps the first row field by field, keeping 19-digit category ids as strings', () => {
    expect(events[0]).toEqual({
      type: 'view', time: Date.UTC(2019, 9, 1, 0, 0, 0), sessionId: '72d76fde-8bb3-4e00-8c23-a032dfed738c',
      productId: '44600062', page: 'product', category: '2103807459595387724', price: 35.79,
      extras: { userId: '541312140', brand: 'shiseido', categoryId: '2103807459595387724' },
    });
    expect(events[1]?.category).toBe('appliances.environment.water_heater');
    expect(events.at(-1)?.time).toBe(Date.UTC(2019, 9, 1, 0, 17, 26));
  });

  it('filters one user', () => {
    const one = importEcommerceCsv(readFileSync(SAMPLE, 'utf8'), { userId: '541312140' }).events;
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((e) => e.extras?.userId === '541312140')).toBe(true);
  });
});

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
