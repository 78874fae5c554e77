import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEcommerceCsv } from '../../../src/history/csv-import.ts';
import { dataDir } from '../../../tools/harness/plugins.mjs';

const SAMPLE = path.join(dataDir(), 'rees46_ecommerce_sample/2019-Oct-sample.csv');

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
