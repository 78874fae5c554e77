import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEcommerceCsv } from '../../../src/history/csv-import.ts';
import { sessionFeatures } from '../../../src/intent/session-features.ts';
import { UCI_FEATURE_NAMES } from '../../../src/intent/uci-columns.ts';
import { segmentSessions } from '../../../src/history/sessions.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';
import { dataDir } from '../../../tools/harness/plugins.mjs';

const DATA = dataDir();
const UCI = path.join(DATA, 'online_shoppers_intention/online_shoppers_intention.csv');

describe('sessionFeatures on the real data', () => {
  it('turns the real REES46 sample into one feature row per session', () => {
    const { events } = importEcommerceCsv(readFileSync(path.join(DATA, 'rees46_ecommerce_sample/2019-Oct-sample.csv'), 'utf8'));
    const bySession = new Map<string, ShopperEvent[]>();
    for (const e of events) bySession.set(e.sessionId, [...(bySession.get(e.sessionId) ?? []), e]);
    const rows = [...bySession.values()].flatMap((list) => segmentSessions(list)).map((s) => sessionFeatures(s.events, { timeZone: 'utc' }));
    expect(rows).toHaveLength(372);
    expect(rows.reduce((n, r) => n + r.ProductRelated, 0)).toBe(987);
    expect(rows.reduce((n, r) => n + r.purchases, 0)).toBe(10);
    expect(rows.every((r) => r.Month === 'Oct' && r.Weekend === false)).toBe(true);
    expect(readFileSync(UCI, 'utf8').split('\n')[0]?.split(',').slice(0, 17)).toEqual([...UCI_FEATURE_NAMES]);
  });
});
