/**
 * `npm run eval -- train-purchase-live --backend wasm --save models/purchase-intent-live`: trains the live
 * purchase-intent model — only columns a browser computes from one shopper's own events (src/intent/live.ts) — on
 * the UCI train split (stratified 80/20, seed 1; early stopping and the threshold on a stratified 20 % of the train
 * part), scores it once on the held-out 20 %, and writes model.json, weights.bin and metadata.json. It also scores
 * a few live sessions through `sessionFeatures()` (a bounce, a long session to checkout, before and after a cart
 * addition), so the live order is in the output beside the metrics.
 */
import { LIVE_EXCLUDE, LIVE_INCLUDE, LIVE_TRAINING } from '../../src/intent/live.ts';
import { sessionFeatures } from '../../src/intent/session-features.ts';
import type { ShopperEvent } from '../../src/history/types.ts';
import type { IntentModel } from '../../src/intent/types.ts';
import type { Suite } from '../harness/types.ts';
import { trainShipped } from './train-purchase.ts';

/** Live sessions whose order the model must keep (the same shapes as test/browser/intent/live-order.test.ts). */
export function liveSessions(t0: number): Record<string, ShopperEvent[]> {
  const at = (i: number, e: Partial<ShopperEvent> & Pick<ShopperEvent, 'type'>): ShopperEvent => ({ time: t0 + i * 30_000, sessionId: 's', ...e });
  const browse = Array.from({ length: 12 }, (_, i) => at(i, { type: 'view', page: 'product', productId: `p${i}`, price: 40 }));
  const cart = at(12, { type: 'cart_add', page: 'product', productId: 'p11', price: 40 });
  const toCheckout = [...browse, cart, ...Array.from({ length: 12 }, (_, i) => at(13 + i, { type: 'view', page: 'product', productId: `q${i}`, price: 40 })),
    at(25, { type: 'view', page: 'cart', productId: 'p11' }), at(26, { type: 'view', page: 'checkout', productId: 'p11' })];
  return {
    bounce: [at(0, { type: 'view', page: 'home', productId: 'hero' })],
    browse_12: browse,
    browse_12_cart: [...browse, cart],
    checkout_27: toCheckout,
  };
}

export async function liveScores(model: IntentModel): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // A first visit (previousSessions: [] → New_Visitor), as watchIntent's default features see it in a fresh browser.
  for (const [name, events] of Object.entries(liveSessions(Date.UTC(2026, 10, 18, 15)))) out[name] = await model.predict(sessionFeatures(events, { timeZone: 'utc', previousSessions: [] }));
  return out;
}

const suite: Suite = {
  description: 'Trains the live purchase-intent model (browser-computable columns only) on the UCI train split (seed 1) and scores it on the test split',
  run: (context) => trainShipped(context, {
    options: { ...LIVE_TRAINING, exclude: [...LIVE_EXCLUDE], include: [...LIVE_INCLUDE] },
    trainedBy: 'npm run eval -- train-purchase-live --backend wasm --save models/purchase-intent-live',
    async extra(model, log) {
      const live = await liveScores(model);
      log(`live sessions: ${Object.entries(live).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}`);
      return {
        provenance: {
          columns: 'browser-computable only (src/intent/live.ts): no PageValues, BounceRates, ExitRates (site-wide analytics) and no OperatingSystems, Browser, Region, TrafficType (UCI integer codes a shop cannot reproduce); Administrative_with_cart counts a cart addition as a cart page view',
          live: 'score with sessionFeatures(events, { previousSessions }) (no pageStats, no visit), as watchIntent does by default; a mid-session prefix is read as a whole UCI session of that length',
          liveScores: live,
        },
        metrics: Object.fromEntries(Object.entries(live).map(([k, v]) => [`live_${k}`, v])),
      };
    },
  }),
};

export default suite;
