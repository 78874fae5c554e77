import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadIntentModel,
  openHistory,
  sessionFeatures,
  watchIntent,
  type HistoryStore,
  type IntentCrossing,
  type IntentModel,
  type PageStats,
  type ShopperEvent,
} from '../../../src/index.ts';
import { expectNoLeak } from '../../helpers/leak.ts';
import { useWasm } from '../../helpers/wasm.ts';
import { T0, dbName } from '../history/helpers.ts';

// The live path end to end: events recorded in the real IndexedDB history store, turned into features by the
// sessionFeatures() over the stored events, scored by the shipped model, crossings reported by the watcher.
describe('purchase intent from the live history store', () => {
  let model: IntentModel;
  let history: HistoryStore;

  beforeAll(async () => {
    await useWasm();
    model = await loadIntentModel('/models/purchase-intent/model.json');
    history = await openHistory({ name: dbName('intent-live'), consent: 'granted' });
  });
  afterAll(async () => {
    model.dispose();
    await history.erase();
  });

  const event = (i: number, e: Partial<ShopperEvent> & Pick<ShopperEvent, 'type'>): ShopperEvent =>
    ({ time: T0 + i * 20_000, sessionId: 'live', page: 'product', ...e });

  // The UCI columns BounceRates, ExitRates and PageValues are site-wide analytics of the pages a session visits;
  // the shop supplies them (here: made-up but plausible numbers). Without them the UCI model reads the median.
  const SITE: Record<string, PageStats> = {
    home: { bounceRate: 0.2, exitRate: 0.2, pageValue: 0 },
    product: { bounceRate: 0.01, exitRate: 0.03, pageValue: 2 },
    checkout: { bounceRate: 0, exitRate: 0.02, pageValue: 60 },
  };
  const pageStats = (e: ShopperEvent) => SITE[e.page ?? 'product'];

  it('scores a session that browses, dwells and reaches checkout above one that bounces', async () => {
    const crossings: IntentCrossing[] = [];
    const watcher = watchIntent({
      history, model, thresholds: [0.5], onCross: (c) => crossings.push(c),
      features: (events) => sessionFeatures(events, { pageStats }),
    });
    try {
      await history.record({ type: 'view', time: T0, sessionId: 'bounce', productId: 'p9', page: 'home' });
      await watcher.idle();
      const bounce = watcher.score('bounce');
      expect(bounce).not.toBeNull();

      const browse: ShopperEvent[] = [];
      for (let i = 0; i < 12; i++) {
        browse.push(event(2 * i, { type: 'view', productId: `p${i}`, price: 40 + i, category: 'bags' }));
        browse.push(event(2 * i + 1, { type: 'dwell', productId: `p${i}`, durationMs: 45_000 }));
      }
      browse.push(event(30, { type: 'cart_add', productId: 'p3', price: 43, quantity: 1 }));
      browse.push(event(31, { type: 'view', productId: 'p3', page: 'checkout' }));
      await history.record(browse);
      await watcher.idle();
      const live = await expectNoLeak(() => watcher.check('live'), 'check');
      expect(live).toBeGreaterThan(0.5);
      expect(bounce!).toBeLessThan(0.5);
      expect(crossings).toEqual([expect.objectContaining({ sessionId: 'live', threshold: 0.5, direction: 'up' })]);
    } finally {
      watcher.close();
    }
  });

  it('takes sessionFeatures as it is, and its record carries every column the shipped model reads', async () => {
    watchIntent({ history, model, features: sessionFeatures, onCross: () => {} }).close();
    const [session] = await history.sessions();
    const row = sessionFeatures(session!.events);
    const schema = model.metadata!.featureSchema;
    for (const column of [...schema.numeric, ...schema.categorical].map((c) => c.name)) {
      expect(row, column).toHaveProperty(column);
    }
  });
});
