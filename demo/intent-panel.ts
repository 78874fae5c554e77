import { sessionFeatures, type IntentModel, type PageStats, type ShopperEvent } from 'storefront-ml';
import { timed } from './timings.ts';
import { byId, el } from './ui.ts';

/**
 * SIMULATED site analytics per page kind. The UCI model reads BounceRates, ExitRates and PageValues, which are
 * site-wide Google Analytics figures no single browser can compute; a real shop passes its own analytics export.
 */
export const SIMULATED_ANALYTICS: Record<string, PageStats> = {
  home: { bounceRate: 0.2, exitRate: 0.2, pageValue: 0 },
  category: { bounceRate: 0.05, exitRate: 0.08, pageValue: 0 },
  product: { bounceRate: 0.02, exitRate: 0.05, pageValue: 0 },
  search: { bounceRate: 0.02, exitRate: 0.05, pageValue: 0 },
  checkout: { bounceRate: 0, exitRate: 0.02, pageValue: 60 },
};

const pageStats = (e: ShopperEvent) => SIMULATED_ANALYTICS[e.page ?? 'product'];

export function showAnalyticsTable(): void {
  byId('intent-analytics').querySelector('tbody')?.replaceChildren(...Object.entries(SIMULATED_ANALYTICS).map(([page, s]) =>
    el('tr', {}, [page, `${((s.bounceRate ?? 0) * 100).toFixed(0)} %`, `${((s.exitRate ?? 0) * 100).toFixed(0)} %`, `€${s.pageValue ?? 0}`]
      .map((text) => el('td', { text }))),
  ));
}

/**
 * Scores this session's events with the shipped live model and shows the gauge and the strongest reasons. `recent`
 * (the latest stored events) gives the shopper's earlier sessions in this browser, so VisitorType is New or
 * Returning as the model was trained on (as watchIntent's default features do).
 */
export async function showIntent(model: IntentModel, session: ShopperEvent[], recent: readonly ShopperEvent[] = []): Promise<void> {
  const meter = byId<HTMLMeterElement>('intent-meter');
  if (session.length === 0) {
    meter.value = 0;
    byId('intent-score').textContent = 'No session yet: give consent and browse.';
    byId('intent-why').replaceChildren();
    return;
  }
  const current = session[0]?.sessionId;
  const start = Math.min(...session.map((e) => e.time));
  const previous = new Map<string, ShopperEvent[]>();
  for (const e of recent) {
    if (e.sessionId !== current && e.time < start) previous.set(e.sessionId, [...(previous.get(e.sessionId) ?? []), e]);
  }
  const row = sessionFeatures(session, { pageStats, now: Date.now(), previousSessions: [...previous.values()] });
  const explanation = await timed('intent: explain', () => model.explain(row));
  const score = explanation.score;
  meter.value = score;
  meter.optimum = 1;
  meter.low = model.threshold;
  const verdict = score >= model.threshold ? 'likely to buy' : 'browsing';
  byId('intent-score').textContent =
    `${(score * 100).toFixed(0)} % chance this session ends in a purchase (${verdict}; threshold ${(model.threshold * 100).toFixed(0)} %)`;
  byId('intent-why').replaceChildren(...explanation.attributions.slice(0, 4).map((a) => el('li', {
    text: `${a.feature} = ${a.value === null ? 'unknown' : typeof a.value === 'number' ? Number(a.value.toFixed(2)) : a.value}: ${a.attribution >= 0 ? 'raises' : 'lowers'} it by ${(Math.abs(a.attribution) * 100).toFixed(0)} points`,
    className: a.attribution >= 0 ? 'up' : 'down',
  })));
}
