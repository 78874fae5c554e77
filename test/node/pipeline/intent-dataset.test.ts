import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PREDICTION_POINTS, intentDataset, prefixAt, rowsByPoint, sessionsOf, splitIntentDataset, type DatasetEvent,
} from '../../../src/pipeline/intent-dataset.ts';
import { sessionFeatures } from '../../../src/intent/session-features.ts';
import type { ShopperEvent } from '../../../src/history/types.ts';

const T = Date.UTC(2019, 9, 1, 10);
const ev = (sessionId: string, s: number, type: ShopperEvent['type'], extra: Partial<DatasetEvent> = {}): DatasetEvent =>
  ({ type, time: T + s * 1000, sessionId, productId: `p${s}`, price: 10 + s, ...extra });

// buyer: 6 views, a cart addition at t=6, more views, the purchase at t=12 (a cart event in the same second), after it a view.
const buyer = [
  ...[0, 1, 2, 3, 4, 5].map((s) => ev('b', s, 'view', { userId: 'u1' })),
  ev('b', 6, 'cart_add', { userId: 'u1' }),
  ...[7, 8, 9, 10, 11].map((s) => ev('b', s, 'view', { userId: 'u1' })),
  ev('b', 12, 'cart_add', { userId: 'u1', productId: 'late' }),
  ev('b', 12, 'purchase', { userId: 'u1' }),
  ev('b', 13, 'view', { userId: 'u1', productId: 'after' }),
];
const browser = [2, 0, 1, 3].map((s) => ev('n', s, 'view', { userId: 'u2' })); // out of order on purpose
const bounce = [ev('x', 0, 'view', { userId: 'u3' })];

describe('intentDataset', () => {
  it('cuts sessions by sessionId, oldest first, with their shopper', () => {
    const s = sessionsOf([...buyer, ...browser]);
    expect(s.map((x) => [x.sessionId, x.userId, x.events.length])).toEqual([['b', 'u1', 15], ['n', 'u2', 4]]);
    expect(s[1]?.events.map((e) => e.time - T)).toEqual([0, 1000, 2000, 3000]);
    expect(s[0]?.events[0]).not.toHaveProperty('userId');
  });

  it('prefixes stop before the first purchase: same-second events and later ones never enter', () => {
    const events = sessionsOf(buyer)[0]!.events;
    expect(prefixAt(events, 1)).toHaveLength(1);
    expect(prefixAt(events, 10)).toHaveLength(10);
    expect(prefixAt(events, 'first_cart')?.at(-1)).toMatchObject({ type: 'cart_add', productId: 'p6' });
    expect(prefixAt(events, 13)).toBeNull(); // 12 events happen before the purchase
    expect(prefixAt(events, 12)?.some((e) => e.type === 'purchase' || e.productId === 'late' || e.productId === 'after')).toBe(false);
  });

  it('one row per point a session reaches, features from sessionFeatures() of the prefix, label = went on to buy', () => {
    const data = intentDataset([...buyer, ...browser, ...bounce], { context: { timeZone: 'utc' } });
    expect(data.sessions).toBe(3);
    expect(data.purchaseSessions).toBe(1);
    expect(data.points).toEqual(['1', '3', '5', '10', 'first_cart', '1', '3', '1']);
    expect([...data.labels]).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
    expect(data.sessionIds).toEqual(['b', 'b', 'b', 'b', 'b', 'n', 'n', 'x']);
    expect(data.userIds).toEqual(['u1', 'u1', 'u1', 'u1', 'u1', 'u2', 'u2', 'u3']);
    const prefix = sessionsOf(buyer)[0]!.events.slice(0, 7);
    expect(data.rows[4]).toEqual(sessionFeatures(prefix, { timeZone: 'utc' }));
    expect(data.rows.every((r) => (r as { purchases: number }).purchases === 0)).toBe(true);
    expect([...rowsByPoint(data)].map(([p, idx]) => [p, idx.length])).toEqual([['1', 3], ['3', 2], ['5', 1], ['10', 1], ['first_cart', 1]]);
    expect(DEFAULT_PREDICTION_POINTS).toEqual([1, 3, 5, 10, 'first_cart']);
  });

  it('rejects a log with no purchase, an empty log and bad points, saying what to pass', () => {
    expect(() => intentDataset([...browser, ...bounce])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/none of the log's 2 sessions has a purchase/) }));
    expect(() => intentDataset([])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => intentDataset(buyer, { points: [0] })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('splitIntentDataset', () => {
  const many: DatasetEvent[] = [];
  for (let u = 0; u < 50; u++) {
    for (let k = 0; k < 2; k++) {
      const id = `s${u}-${k}`;
      for (let s = 0; s < 4; s++) many.push(ev(id, s, 'view', { userId: `u${u}` }));
      if (u % 5 === 0 && k === 1) many.push(ev(id, 5, 'purchase', { userId: `u${u}` }));
    }
  }
  const data = intentDataset(many);

  it('by user: no shopper on both sides; stratified; seeded', () => {
    const { train, test } = splitIntentDataset(data, { by: 'user', testFraction: 0.2, seed: 3 });
    const a = new Set(train.userIds);
    expect(test.userIds.some((u) => a.has(u))).toBe(false);
    expect(train.rows.length + test.rows.length).toBe(data.rows.length);
    expect(new Set(test.userIds).size).toBe(10);
    expect(test.purchaseSessions).toBe(2);
    expect(splitIntentDataset(data, { seed: 3 }).test.sessionIds).toEqual(test.sessionIds);
    expect(splitIntentDataset(data, { seed: 4 }).test.sessionIds).not.toEqual(test.sessionIds);
  });

  it('by session: the points of a session stay together', () => {
    const { train, test } = splitIntentDataset(data, { by: 'session', seed: 1 });
    const a = new Set(train.sessionIds);
    expect(test.sessionIds.some((s) => a.has(s))).toBe(false);
    expect(new Set(test.sessionIds).size).toBe(20);
  });

  it('rejects bad options', () => {
    expect(() => splitIntentDataset(data, { testFraction: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => splitIntentDataset(data, { by: 'row' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('metricsByPoint', () => {
  it('per point and over all rows, in point order, with bootstrap intervals around the estimate', async () => {
    const { metricsByPoint } = await import('../../../src/pipeline/intent-dataset.ts');
    const points = ['first_cart', '1', '1', '1', '1', '3', '3', '3', '3', '10', '10'];
    const labels = Uint8Array.from([1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0]);
    const scores = [0.9, 0.8, 0.1, 0.2, 0.3, 0.6, 0.7, 0.5, 0.9, 0.1, 0.2];
    const m = metricsByPoint({ labels, points }, scores, { bootstrap: 200, seed: 1, minPerClass: 2 });
    expect(m.map((p) => p.point)).toEqual(['1', '3', '10', 'first_cart', 'all']);
    const one = m[0]!;
    expect(one).toMatchObject({ rows: 4, positives: 2, rocAuc: 1, prAuc: 1, prevalence: 0.5 });
    expect(m[2]).toMatchObject({ rows: 2, positives: 0, rocAuc: null, prAuc: null, rocAucCi: null });
    const all = m[4]!;
    expect(all.rows).toBe(11);
    expect(all.rocAucCi![0]).toBeLessThanOrEqual(all.rocAuc!);
    expect(all.rocAucCi![1]).toBeGreaterThanOrEqual(all.rocAuc!);
    expect(metricsByPoint({ labels, points }, scores, { bootstrap: 200 })[0]).toMatchObject({ rocAuc: 1, rocAucCi: null }); // 2 buyers < 5
    expect(() => metricsByPoint({ labels, points }, [0.1])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
