import { describe, expect, it } from 'vitest';
import { importEcommerceCsv } from '../../../src/eval/index.ts';
import { CSV_HEADER, SIMULATED_END, simulateEventLog } from '../../../tools/demo/simulate-events.mjs';

// The two catalogues the demo builds (demo/prepare.mjs): the generated one without the data directory (4 categories
// × 6, no attributes), and one shaped like the real photo catalogue (8 categories, gender and colour).
const generated = ['tshirts', 'jeans', 'watches', 'backpacks'].flatMap((category) =>
  Array.from({ length: 6 }, (_, i) => ({ productId: `gen-${category}-${i + 1}`, category, price: 10 + i, attributes: { generated: 'yes' } })));
const realShaped = ['tshirts', 'shirts', 'jeans', 'casual_shoes', 'watches', 'handbags', 'sunglasses', 'backpacks'].flatMap((category, c) =>
  Array.from({ length: 60 }, (_, i) => ({
    productId: String(10_000 + c * 100 + i), category, price: 19.99 + i,
    attributes: { gender: ['Men', 'Women', 'Unisex'][i % 3]!, colour: ['Black', 'White', 'Blue', 'Red'][i % 4]! },
  })));

describe('the demo\'s simulated event log', () => {
  for (const [name, products] of [['generated', generated], ['real-shaped', realShaped]] as const) {
    describe(`on the ${name} catalogue`, () => {
      const log = simulateEventLog(products);
      const { events, skipped } = importEcommerceCsv(log.csv);

      it('is the same bytes for the same seed, and different for another seed', () => {
        expect(simulateEventLog(products).csv).toBe(log.csv);
        expect(simulateEventLog(products, { seed: 8 }).csv).not.toBe(log.csv);
      });

      it('is CSV in the common e-commerce shape that the library imports with zero skipped rows', () => {
        expect(log.csv.split('\n')[0]).toBe(CSV_HEADER);
        expect(skipped).toEqual([]);
        expect(events).toHaveLength(log.events);
        expect(events.map((e) => e.time)).toEqual([...events.map((e) => e.time)].sort((a, b) => a - b));
        expect(Math.max(...events.map((e) => e.time))).toBeLessThanOrEqual(SIMULATED_END);
        expect(new Set(events.map((e) => e.productId))).toEqual(new Set(products.map((p) => p.productId)));
      });

      it('has sessions that go on to a purchase, after a cart addition, and bounces that do not', () => {
        const sessions = new Map<string, string[]>();
        for (const e of events) sessions.set(e.sessionId, [...(sessions.get(e.sessionId) ?? []), e.type]);
        const buying = [...sessions.values()].filter((types) => types.includes('purchase'));
        expect(buying).toHaveLength(log.purchaseSessions);
        expect(buying.length / sessions.size).toBeGreaterThan(0.1);
        expect(buying.length / sessions.size).toBeLessThan(0.3);
        for (const types of buying) expect(types.indexOf('cart_add')).toBeLessThan(types.indexOf('purchase'));
        expect([...sessions.values()].filter((t) => t.length <= 2).every((t) => !t.includes('purchase'))).toBe(true);
      });

      it('keeps most consecutive views of a session in one category (the co-viewed structure)', () => {
        let same = 0;
        let pairs = 0;
        const views = events.filter((e) => e.type === 'view');
        for (let i = 1; i < views.length; i++) {
          if (views[i]!.sessionId !== views[i - 1]!.sessionId) continue;
          pairs++;
          if (views[i]!.category === views[i - 1]!.category) same++;
        }
        expect(same / pairs).toBeGreaterThan(0.5);
      });

      it('lists the views of its last 48 hours for the trending list', () => {
        expect(log.recentViews.length).toBeGreaterThan(0);
        expect(log.recentViews.every((v) => v.time > log.end - 48 * 3_600_000)).toBe(true);
        const csvRecent = events.filter((e) => e.type === 'view' && e.time > log.end - 48 * 3_600_000);
        expect(log.recentViews).toEqual(csvRecent.map((e) => ({ productId: e.productId, time: e.time })));
      });
    });
  }

  it('refuses an empty catalogue', () => {
    expect(() => simulateEventLog([])).toThrow(/no products/);
  });
});
