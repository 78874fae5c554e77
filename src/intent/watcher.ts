/**
 * `watchIntent()`: subscribes to the shopper history and calls back when a session's purchase probability
 * crosses a threshold (up or down), so the shop can nudge, offer or open a chat while the shopper is still there.
 * The watcher reads history only through the `HistoryReader` interface and takes the feature function as an
 * argument (by default `sessionFeatures` over the history's events), so models never touch storage. For live
 * scoring use the live model (`models/purchase-intent-live/`, trained only on what `sessionFeatures(events)`
 * computes in the browser); the UCI analytics model (`models/purchase-intent/`) needs `pageStats` in `features`.
 */
import { StorefrontError, describeError, isStorefrontError } from '../core/errors.ts';
import { functionOption, numberIn, show } from '../core/validate.ts';
import type { HistoryChange, HistoryReader, ShopperEvent } from '../history/types.ts';
import type { IntentRow } from './schema.ts';
import { sessionFeatures } from './session-features.ts';
import type { IntentModel } from './types.ts';

/** One threshold crossing of one session. */
export interface IntentCrossing {
  sessionId: string;
  /** The new purchase probability. */
  score: number;
  /** The probability before this change; null for the session's first score. */
  previousScore: number | null;
  threshold: number;
  direction: 'up' | 'down';
}

export interface IntentWatcherOptions {
  /** Where events come from: the history store, or anything with its read interface. */
  history: HistoryReader;
  /** Scores a session; an `IntentModel` or anything with its `predict`. */
  model: Pick<IntentModel, 'predict'>;
  /**
   * Turns one session's events (oldest first) into the record the model reads. The default is what the live model
   * was trained on: `sessionFeatures(events, { previousSessions })` with the shopper's earlier sessions found in the
   * last 1,000 stored events (so VisitorType is New_Visitor or Returning_Visitor, as in the UCI data). Pass
   * `(events) => sessionFeatures(events, { pageStats })` for the analytics model.
   * @default sessionFeatures(events, { previousSessions })
   */
  features?: (events: ShopperEvent[]) => IntentRow | Promise<IntentRow>;
  /** Probability levels that trigger `onCross`, each in (0, 1). @default [0.5] */
  thresholds?: number[];
  /** Called once per threshold crossed; a session's first score counts as rising from 0. */
  onCross: (crossing: IntentCrossing) => void;
  /** Called with every score, crossing or not. @default undefined */
  onScore?: (sessionId: string, score: number) => void;
  /** Failures of scoring a session (reading history, features, predict); the watcher keeps running. @default globalThis.reportError */
  onError?: (error: StorefrontError) => void;
}

export interface IntentWatcher {
  /** The latest score of a session, or null if not scored yet. */
  score(sessionId: string): number | null;
  /** Scores a session now (also done automatically when its events are added) and resolves with its score. */
  check(sessionId: string): Promise<number>;
  /** Resolves when all pending scoring has finished. */
  idle(): Promise<void>;
  /** Unsubscribes from the history; idempotent. Other methods then throw DISPOSED. */
  close(): void;
}

/** Recent events read to find the shopper's earlier sessions in this browser, for the default features. */
const PREVIOUS_EVENTS = 1000;

/**
 * The default features: `sessionFeatures(events, { previousSessions })`, the earlier sessions being those of the
 * last 1,000 stored events that started before this one. VisitorType is then what Google Analytics (the UCI source)
 * records: New_Visitor without an earlier visit from this browser, Returning_Visitor with one.
 */
async function defaultFeatures(history: HistoryReader, events: ShopperEvent[]): Promise<IntentRow> {
  const first = events.reduce((t, e) => Math.min(t, e.time), Infinity);
  const current = events[0]?.sessionId;
  const previous = new Map<string, ShopperEvent[]>();
  for (const e of await history.recent(PREVIOUS_EVENTS)) {
    if (e.sessionId === current || e.time >= first) continue;
    let list = previous.get(e.sessionId);
    if (!list) previous.set(e.sessionId, (list = []));
    list.push(e);
  }
  return sessionFeatures(events, { previousSessions: [...previous.values()] });
}

/** Which thresholds lie between `previous` and `score`, in the order they were crossed. */
export function crossings(previous: number | null, score: number, thresholds: readonly number[]): { threshold: number; direction: 'up' | 'down' }[] {
  const from = previous ?? 0;
  if (score > from) return thresholds.filter((t) => from < t && score >= t).sort((a, b) => a - b).map((threshold) => ({ threshold, direction: 'up' as const }));
  if (score < from) return thresholds.filter((t) => score < t && from >= t).sort((a, b) => b - a).map((threshold) => ({ threshold, direction: 'down' as const }));
  return [];
}

/**
 * Watches the history and reports threshold crossings of sessions' purchase probability.
 *
 * @example
 * const model = await loadIntentModel('/models/purchase-intent-live/');
 * const watcher = watchIntent({ history, model, thresholds: [0.3, 0.7],
 *   onCross: ({ sessionId, score, direction }) => { if (direction === 'up') showOffer(sessionId, score); } });
 */
export function watchIntent(options: IntentWatcherOptions): IntentWatcher {
  const { history, model, onCross, onScore } = options ?? ({} as IntentWatcherOptions);
  const features = options?.features ?? ((events: ShopperEvent[]) => defaultFeatures(history, events));
  if (!history || typeof history.subscribe !== 'function' || typeof history.bySession !== 'function') {
    throw new StorefrontError('INVALID_OPTION', `Option history must be a HistoryReader (bySession, recent, subscribe); got ${show(history)}.`);
  }
  if (!model || typeof model.predict !== 'function') throw new StorefrontError('INVALID_OPTION', `Option model must have predict(row); got ${show(model)}.`);
  if (typeof features !== 'function') throw new StorefrontError('INVALID_OPTION', `Option features must be a function of a session's events; got ${show(features)}.`);
  if (typeof onCross !== 'function') throw new StorefrontError('INVALID_OPTION', `Option onCross must be a function; got ${show(onCross)}.`);
  const given: unknown = options.thresholds ?? [0.5];
  if (!Array.isArray(given)) throw new StorefrontError('INVALID_OPTION', `Option thresholds must be an array of numbers between 0 and 1; got ${show(given)}.`, { details: { option: 'thresholds', value: given } });
  const thresholds = Array.from(given, (t: unknown, i) => numberIn(`thresholds[${i}]`, t, 1e-9, 1 - 1e-9));
  functionOption('onScore', onScore);
  functionOption('onError', options.onError);
  const onError = options.onError ?? ((error: StorefrontError) => (globalThis as { reportError?: (e: unknown) => void }).reportError?.(error));

  const scores = new Map<string, number>();
  /** Per session: the running scoring, and whether new events came in while it ran. */
  const running = new Map<string, { done: Promise<number>; again: boolean }>();
  let closed = false;
  let epoch = 0;

  async function scoreOnce(sessionId: string): Promise<number> {
    const started = epoch;
    const events = await history.bySession(sessionId);
    const score = await model.predict(await features(events));
    if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
      // A NaN never becomes a session's score nor crosses a threshold (the library's models throw instead).
      throw new StorefrontError('INTERNAL', `Intent watcher: the model scored session ${show(sessionId)} as ${show(score)}, not a probability. Check the model's predict().`, { details: { sessionId, score } });
    }
    if (closed || started !== epoch) return score;
    const previous = scores.has(sessionId) ? (scores.get(sessionId) as number) : null;
    scores.set(sessionId, score);
    onScore?.(sessionId, score);
    for (const c of crossings(previous, score, thresholds)) onCross({ sessionId, score, previousScore: previous, ...c });
    return score;
  }

  function schedule(sessionId: string): Promise<number> {
    const current = running.get(sessionId);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve(0) };
    entry.done = (async () => {
      try {
        let score = await scoreOnce(sessionId);
        while (entry.again && !closed) {
          entry.again = false;
          score = await scoreOnce(sessionId);
        }
        return score;
      } finally {
        running.delete(sessionId);
      }
    })();
    running.set(sessionId, entry);
    return entry.done;
  }

  const wrap = (error: unknown, sessionId: string) => isStorefrontError(error) ? error
    : new StorefrontError('INTERNAL', `Intent watcher: scoring session ${show(sessionId)} failed: ${describeError(error)}. Check the features function and the model.`, { cause: error, details: { sessionId } });

  const unsubscribe = history.subscribe((change: HistoryChange) => {
    if (closed) return;
    if (change.kind === 'erased' || change.kind === 'imported') {
      epoch++;
      scores.clear();
      return;
    }
    if (change.kind !== 'added') return;
    for (const sessionId of new Set(change.events.map((e) => e.sessionId))) {
      schedule(sessionId).catch((error: unknown) => onError(wrap(error, sessionId)));
    }
  });

  const alive = (what: string) => {
    if (closed) throw new StorefrontError('DISPOSED', `Intent watcher: ${what}() after close(). Start a new watcher with watchIntent().`);
  };
  return {
    score(sessionId) {
      alive('score');
      return scores.get(sessionId) ?? null;
    },
    async check(sessionId) {
      alive('check');
      try {
        return await schedule(sessionId);
      } catch (error) {
        throw wrap(error, sessionId);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()].map((r) => r.done));
    },
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
    },
  };
}
