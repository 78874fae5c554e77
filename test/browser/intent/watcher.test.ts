import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import type { HistoryChange, HistoryReader, ShopperEvent, StoredEvent } from '../../../src/history/types.ts';
import { loadIntentModel, watchIntent, type IntentCrossing, type IntentModel, type IntentRow } from '../../../src/index.ts';
import { crossings } from '../../../src/intent/watcher.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';

/** An in-memory HistoryReader: the real store's read interface, nothing else. */
class FakeHistory implements HistoryReader {
  events: StoredEvent[] = [];
  listeners = new Set<(change: HistoryChange) => void>();
  async bySession(sessionId: string) { return this.events.filter((e) => e.sessionId === sessionId); }
  async recent(limit: number) { return this.events.slice(-limit); }
  subscribe(listener: (change: HistoryChange) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  add(...events: ShopperEvent[]) {
    const stored = events.map((e, i) => ({ ...e, id: `${this.events.length + i}` }));
    this.events.push(...stored);
    for (const l of this.listeners) l({ kind: 'added', events: stored });
  }
}

/** A hand-made stand-in for sessionFeatures(): product pages, dwell time, cart value. */
function features(events: ShopperEvent[]): IntentRow {
  const views = events.filter((e) => e.type === 'view').length;
  const dwell = events.reduce((s, e) => s + (e.durationMs ?? 0), 0) / 1000;
  const cart = events.filter((e) => e.type === 'cart_add').reduce((s, e) => s + (e.price ?? 0), 0);
  return { ProductRelated: views, ProductRelated_Duration: dwell, PageValues: cart, BounceRates: views > 1 ? 0 : 0.2, ExitRates: 0.02, Month: 'Nov', VisitorType: 'Returning_Visitor', Weekend: false };
}

const at = (i: number, extra: Partial<ShopperEvent> & Pick<ShopperEvent, 'type'>): ShopperEvent => ({ time: 1_700_000_000_000 + i * 1000, sessionId: 's1', productId: 'p1', ...extra });

describe('intent watcher', () => {
  let model: IntentModel;
  beforeAll(async () => {
    await useWasm();
    model = await loadIntentModel('/models/purchase-intent/model.json');
  });
  afterAll(() => model.dispose());

  it('computes crossings in both directions', () => {
    expect(crossings(null, 0.6, [0.3, 0.5, 0.9])).toEqual([{ threshold: 0.3, direction: 'up' }, { threshold: 0.5, direction: 'up' }]);
    expect(crossings(0.6, 0.2, [0.3, 0.5])).toEqual([{ threshold: 0.5, direction: 'down' }, { threshold: 0.3, direction: 'down' }]);
    expect(crossings(0.4, 0.45, [0.3, 0.5])).toEqual([]);
  });

  it('emits when a session rises above thresholds as its events arrive, per session', async () => {
    const history = new FakeHistory();
    const seen: IntentCrossing[] = [];
    const scores: number[] = [];
    const watcher = watchIntent({ history, model, features, thresholds: [0.3, 0.6], onCross: (c) => seen.push(c), onScore: (_, s) => scores.push(s) });
    history.add(at(0, { type: 'view', durationMs: 5000 }));
    await watcher.idle();
    expect(seen).toEqual([]);
    const cold = watcher.score('s1') as number;
    expect(cold).toBeLessThan(0.3);
    for (let i = 1; i < 15; i++) history.add(at(i, { type: 'view', productId: `p${i}`, durationMs: 40_000 }));
    history.add(at(20, { type: 'cart_add', price: 60 }), at(21, { type: 'cart_add', price: 45, productId: 'p2' }));
    await watcher.idle();
    const hot = watcher.score('s1') as number;
    expect(hot).toBeGreaterThan(0.6);
    expect(seen.map((c) => [c.threshold, c.direction])).toEqual([[0.3, 'up'], [0.6, 'up']]);
    expect(seen.every((c) => c.sessionId === 's1' && c.score >= c.threshold && (c.previousScore ?? 0) < c.threshold)).toBe(true);
    expect(seen.at(-1)?.score).toBe(hot);
    // Bursts are coalesced: fewer scorings than events, and the last one saw all events.
    expect(scores.length).toBeLessThan(17);
    // Another session is scored on its own.
    history.add({ ...at(30, { type: 'view', durationMs: 5000 }), sessionId: 's2' });
    await watcher.idle();
    expect(watcher.score('s2')).toBeCloseTo(cold, 5);
    expect(await watcher.check('s1')).toBe(hot);
    watcher.close();
    watcher.close();
    expect(history.listeners.size).toBe(0);
    expect(() => watcher.score('s1')).toThrowError(/close\(\)/);
  });

  it('reports failures of the features function through onError and keeps watching', async () => {
    const history = new FakeHistory();
    const errors: unknown[] = [];
    let fail = true;
    const watcher = watchIntent({
      history, model, onCross: () => {}, onError: (e) => errors.push(e),
      features: (events) => { if (fail) throw new Error('boom'); return features(events); },
    });
    history.add(at(0, { type: 'view' }));
    await watcher.idle();
    expect(errors).toHaveLength(1);
    expect(isStorefrontError(errors[0], 'INTERNAL')).toBe(true);
    fail = false;
    history.add(at(1, { type: 'view' }));
    await watcher.idle();
    expect(watcher.score('s1')).not.toBeNull();
    watcher.close();
  });

  it('a row out of range or a NaN score goes to onError, never to onScore or onCross, and leaks nothing', async () => {
    for (const [name, scorer, code] of [
      ['BounceRates 1e300', model, 'INVALID_INPUT'],
      ['a NaN score', { predict: async () => Number.NaN }, 'INTERNAL'],
    ] as const) {
      const history = new FakeHistory();
      const errors: unknown[] = [];
      const seen: number[] = [];
      const watcher = watchIntent({
        history, model: scorer, thresholds: [0.0001], onCross: (c) => seen.push(c.score), onScore: (_, s) => seen.push(s),
        onError: (e) => errors.push(e), features: (events) => ({ ...features(events), BounceRates: 1e300 }),
      });
      await expectNoLeak(async () => {
        history.add(at(0, { type: 'view' }));
        await watcher.idle();
      }, name);
      expect(errors, name).toHaveLength(1);
      expect(isStorefrontError(errors[0], code), `${name}: ${String(errors[0])}`).toBe(true);
      expect(seen, name).toEqual([]);
      expect(watcher.score('s1'), name).toBeNull();
      await expect(watcher.check('s1')).rejects.toMatchObject({ code });
      watcher.close();
    }
  });

  it('rejects bad options', () => {
    const history = new FakeHistory();
    expect(() => watchIntent({ history, model, features, onCross: () => {}, thresholds: [1.5] })).toThrowError(/thresholds\[0\]/);
    expect(() => watchIntent({ history: {} as HistoryReader, model, features, onCross: () => {} })).toThrowError(/HistoryReader/);
  });
});
