import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIntentModel, openHistory, watchIntent, type HistoryStore, type IntentModel, type ShopperEvent } from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { T0, dbName } from '../history/helpers.ts';

// The shipped live model (models/purchase-intent-live/) on events recorded in the real IndexedDB history store and
// scored by watchIntent() with its default features (sessionFeatures(events, { previousSessions }): nothing the
// browser cannot compute; the bounce is a first visit, the long session a returning one).
describe('live purchase-intent model on the live history store', () => {
  let model: IntentModel;
  let history: HistoryStore;

  beforeAll(async () => {
    await useWasm();
    model = await loadIntentModel('/models/purchase-intent-live/');
    history = await openHistory({ name: dbName('intent-live-order'), consent: 'granted' });
  });
  afterAll(async () => {
    model.dispose();
    await history.erase();
  });

  const at = (sessionId: string, i: number, e: Partial<ShopperEvent> & Pick<ShopperEvent, 'type'>): ShopperEvent =>
    ({ time: T0 + i * 30_000, sessionId, page: 'product', ...e });

  it('scores a one-page bounce below a long session that reached checkout; a cart addition raises the score', async () => {
    const scores: Record<string, number[]> = {};
    const watcher = watchIntent({ history, model, thresholds: [0.5], onCross: () => {}, onScore: (id, s) => (scores[id] ??= []).push(s) });
    try {
      await history.record(at('bounce', 0, { type: 'view', page: 'home', productId: 'hero' }));
      await watcher.idle();
      const bounce = watcher.score('bounce') as number;

      for (let i = 0; i < 12; i++) await history.record(at('long', i, { type: 'view', productId: `p${i}`, price: 40 }));
      await watcher.idle();
      const beforeCart = watcher.score('long') as number;
      await history.record(at('long', 12, { type: 'cart_add', productId: 'p11', price: 40 }));
      await watcher.idle();
      const afterCart = watcher.score('long') as number;
      for (let i = 0; i < 12; i++) await history.record(at('long', 13 + i, { type: 'view', productId: `q${i}`, price: 40 }));
      await history.record(at('long', 25, { type: 'view', page: 'cart', productId: 'p11' }));
      await history.record(at('long', 26, { type: 'view', page: 'checkout', productId: 'p11' }));
      await watcher.idle();
      const checkout = watcher.score('long') as number;
      expect((await history.bySession('long')).length).toBe(27);

      console.log(`live order: bounce ${bounce.toFixed(3)}, 12 views ${beforeCart.toFixed(3)}, + cart ${afterCart.toFixed(3)}, 27 events to checkout ${checkout.toFixed(3)}`);
      expect(bounce).toBeLessThan(checkout);
      expect(bounce).toBeLessThan(beforeCart);
      expect(afterCart).toBeGreaterThan(beforeCart);
      expect(checkout).toBeGreaterThan(afterCart);
    } finally {
      watcher.close();
    }
  });

  it('scores through the watcher without leaking tensors', async () => {
    const watcher = watchIntent({ history, model, onCross: () => {} });
    try {
      await history.record(at('leak', 0, { type: 'view', productId: 'p1' }));
      await watcher.idle();
      await expectNoLeak(async () => { await watcher.check('leak'); });
    } finally {
      watcher.close();
    }
  });
});
