/**
 * Live purchase intent, as a shop would wire it: `watchIntent()` scores this session with the live model
 * (models/purchase-intent-live/, which reads only what this browser sees) each time the history records an event,
 * and calls back when the score crosses a threshold. The gauge shows every score; the log shows each crossing,
 * where a shop would nudge (offer help, free shipping). The reasons are the model's explanation of the same
 * session's features.
 */
import { sessionFeatures, watchIntent, type HistoryStore, type IntentCrossing, type IntentModel, type ShopperEvent } from 'storefront-ml';
import { timed } from './timings.ts';
import { byId, el } from './ui.ts';

const percent = (p: number) => `${(p * 100).toFixed(0)} %`;

/** The thresholds the demo watches: half the model's, and the model's own (its F1-best cut on held-out sessions). */
export const intentThresholds = (model: IntentModel) => [Number((model.threshold / 2).toFixed(3)), model.threshold];

export interface IntentPanel {
  /** Shows "no session" again once the history of this session is gone (consent withdrawn, erased). */
  sync(sessionEvents: number): void;
  close(): void;
}

export async function mountIntentPanel(history: HistoryStore, model: IntentModel, sessionId: string): Promise<IntentPanel> {
  const meter = byId<HTMLMeterElement>('intent-meter');
  const log = byId('intent-crossings');
  const thresholds = intentThresholds(model);
  meter.optimum = 1;
  meter.low = model.threshold;
  byId('intent-thresholds').textContent = `watchIntent() reports when this session's score crosses ${thresholds.map(percent).join(' or ')} ` +
    `(the model's threshold is ${percent(model.threshold)}).`;

  const onScore = (id: string, score: number) => {
    if (id !== sessionId) return; // the shop's other tabs are other sessions
    meter.value = score;
    const verdict = score >= model.threshold ? 'likely to buy' : 'browsing';
    byId('intent-score').textContent =
      `${percent(score)} chance this session ends in a purchase (${verdict}; threshold ${percent(model.threshold)})`;
    void explain();
  };
  const onCross = (c: IntentCrossing) => {
    if (c.sessionId !== sessionId) return;
    const what = c.direction === 'up'
      ? c.threshold >= model.threshold ? 'likely to buy: a shop could offer help or free shipping now' : 'warming up'
      : 'cooling down';
    log.prepend(el('li', {
      text: `${c.direction === 'up' ? '↑' : '↓'} crossed ${percent(c.threshold)} at ${percent(c.score)}` +
        `${c.previousScore === null ? ' (first score)' : ` (was ${percent(c.previousScore)})`}: ${what}`,
      className: c.direction,
      attrs: { 'data-direction': c.direction, 'data-threshold': String(c.threshold) },
    }));
  };
  const watcher = watchIntent({
    history, model, thresholds, onScore, onCross,
    onError: (error) => { byId('intent-score').textContent = `Scoring failed: ${error.message}`; },
  });

  /** The strongest reasons for the latest score: the explanation of the features the watcher scored. */
  async function explain(): Promise<void> {
    const [session, recent] = await Promise.all([history.bySession(sessionId), history.recent(1000)]);
    if (session.length === 0) return;
    const start = Math.min(...session.map((e) => e.time));
    const previous = new Map<string, ShopperEvent[]>();
    for (const e of recent) if (e.sessionId !== sessionId && e.time < start) previous.set(e.sessionId, [...(previous.get(e.sessionId) ?? []), e]);
    const explanation = await timed('intent: explain', () => model.explain(sessionFeatures(session, { previousSessions: [...previous.values()] })));
    byId('intent-why').replaceChildren(...explanation.attributions.slice(0, 4).map((a) => el('li', {
      text: `${a.feature} = ${a.value === null ? 'unknown' : typeof a.value === 'number' ? Number(a.value.toFixed(2)) : a.value}: ` +
        `${a.attribution >= 0 ? 'raises' : 'lowers'} it by ${(Math.abs(a.attribution) * 100).toFixed(0)} points`,
      className: a.attribution >= 0 ? 'up' : 'down',
    })));
  }

  const panel: IntentPanel = {
    sync(sessionEvents) {
      if (sessionEvents > 0) return;
      meter.value = 0;
      byId('intent-score').textContent = 'No session yet: give consent and browse.';
      byId('intent-why').replaceChildren();
      log.replaceChildren(); // the crossings of a session whose history is gone
    },
    close: () => watcher.close(),
  };
  // Events recorded before the model loaded: score them now (later ones are scored as the history records them).
  const recorded = (await history.bySession(sessionId)).length;
  if (recorded > 0) await timed('intent: check', () => watcher.check(sessionId));
  else panel.sync(0);
  return panel;
}
