/**
 * Event log → purchase-intent training rows, cut the way the browser scores live: sessions from the log, then
 * prediction points inside each session (after 1, 3, 5, 10 events, at the first cart addition), each turned into
 * features by `sessionFeatures()` — the one function the browser calls on live history — over the events before
 * that point only. The label of every point is "this session went on to a purchase". Events at or after the
 * session's first purchase (same timestamp included) never enter the features, so nothing the label is made of
 * leaks into them. Pure and browser-safe (no `node:` imports); `evaluate` reuses it for intent models.
 *
 * @example
 * const data = intentDataset(log.events);               // log from readEventLog(text)
 * const { train, test } = splitIntentDataset(data, { by: 'user', testFraction: 0.2, seed: 1 });
 * // train.rows / train.labels → trainIntentModel; test per point → metrics per prediction point
 */
import { StorefrontError } from '../core/errors.ts';
import { seededRandom, shuffleInPlace } from '../core/random.ts';
import type { ShopperEvent } from '../history/types.ts';
import { LIVE_EXCLUDE, LIVE_INCLUDE } from '../intent/live.ts';
import { averagePrecision, rocAuc } from '../intent/metrics.ts';
import type { DerivedColumn, IntentRow, ShopNumericColumn } from '../intent/schema.ts';
import type { IntentColumn } from '../intent/uci-columns.ts';
import { sessionFeatures, type SessionFeatureContext } from '../intent/session-features.ts';

/** A point where the browser scores a live session: after its first N events, or at its first cart addition. */
export type PredictionPoint = number | 'first_cart';

/** The points the CLI trains and reports on. */
export const DEFAULT_PREDICTION_POINTS: readonly PredictionPoint[] = [1, 3, 5, 10, 'first_cart'];

/** An event with the shopper it belongs to (the event log's `userId`; absent: the session is its own shopper). */
export type DatasetEvent = ShopperEvent & { userId?: string };

export interface IntentDatasetOptions {
  /** @default DEFAULT_PREDICTION_POINTS */
  points?: readonly PredictionPoint[];
  /**
   * Passed to `sessionFeatures()` for every prefix. Keep it what the browser passes live (nothing by default;
   * `watchIntent` in the demo calls `sessionFeatures(events)`). `timeZone` decides Month, Weekend and the hour.
   * @default {}
   */
  context?: SessionFeatureContext;
}

/** Rows, labels and what each row is: the training and evaluation input of an intent model. */
export interface IntentDataset {
  /** `sessionFeatures()` of the prefix before each prediction point. */
  rows: IntentRow[];
  /** 1 when the row's session went on to a purchase. */
  labels: Uint8Array;
  /** The prediction point of each row, as a name: `'1'`, `'3'`, …, `'first_cart'`. */
  points: string[];
  sessionIds: string[];
  userIds: string[];
  /** Sessions in the log, and those with a purchase. */
  sessions: number;
  purchaseSessions: number;
}

/** One session: its events, oldest first (ties keep the log's order), and its shopper. */
export interface LogSession {
  sessionId: string;
  userId: string;
  events: ShopperEvent[];
}

/** Groups events by `sessionId` (the log's session; not re-cut by inactivity), each sorted by time. */
export function sessionsOf(events: readonly DatasetEvent[]): LogSession[] {
  const byId = new Map<string, LogSession>();
  for (const e of events) {
    let s = byId.get(e.sessionId);
    if (!s) byId.set(e.sessionId, (s = { sessionId: e.sessionId, userId: e.userId ?? e.sessionId, events: [] }));
    const { userId: _user, ...event } = e;
    s.events.push(event);
  }
  const out = [...byId.values()];
  for (const s of out) s.events = s.events.map((e, i) => [e, i] as const).sort((a, b) => a[0].time - b[0].time || a[1] - b[1]).map(([e]) => e);
  return out;
}

/** The events of `session` before each prediction point (strictly before its first purchase), or null where the point is not reached. */
export function prefixAt(events: readonly ShopperEvent[], point: PredictionPoint): ShopperEvent[] | null {
  const purchase = events.find((e) => e.type === 'purchase');
  const before = purchase ? events.filter((e) => e.time < purchase.time) : [...events];
  if (point === 'first_cart') {
    const at = before.findIndex((e) => e.type === 'cart_add');
    return at < 0 ? null : before.slice(0, at + 1);
  }
  return before.length >= point ? before.slice(0, point) : null;
}

function checkPoints(points: readonly PredictionPoint[]): void {
  const bad = points.filter((p) => p !== 'first_cart' && !(Number.isInteger(p) && (p as number) >= 1));
  if (points.length === 0 || bad.length > 0) {
    throw new StorefrontError('INVALID_OPTION', `Intent dataset: prediction points must be integers ≥ 1 or "first_cart"; got ${JSON.stringify(bad.length ? bad : points)}.`);
  }
}

/**
 * Builds one row per (session, prediction point) the session reaches before its first purchase. Throws
 * INVALID_INPUT when the log has no session, or no session with a purchase (no label to learn).
 */
export function intentDataset(events: readonly DatasetEvent[], options: IntentDatasetOptions = {}): IntentDataset {
  const points = options.points ?? DEFAULT_PREDICTION_POINTS;
  checkPoints(points);
  const sessions = sessionsOf(events);
  if (sessions.length === 0) {
    throw new StorefrontError('INVALID_INPUT', 'Intent dataset: the event log has no events. Pass a log with sessions (view, cart and purchase events).');
  }
  const out: IntentDataset = { rows: [], labels: new Uint8Array(0), points: [], sessionIds: [], userIds: [], sessions: sessions.length, purchaseSessions: 0 };
  const labels: number[] = [];
  for (const s of sessions) {
    const label = s.events.some((e) => e.type === 'purchase') ? 1 : 0;
    out.purchaseSessions += label;
    for (const point of points) {
      const prefix = prefixAt(s.events, point);
      if (!prefix || prefix.length === 0) continue;
      out.rows.push(sessionFeatures(prefix, options.context ?? {}));
      labels.push(label);
      out.points.push(String(point));
      out.sessionIds.push(s.sessionId);
      out.userIds.push(s.userId);
    }
  }
  if (out.purchaseSessions === 0) {
    throw new StorefrontError('INVALID_INPUT', `Intent dataset: none of the log's ${sessions.length} sessions has a purchase event, so there is nothing to learn "went on to a purchase" from. Pass a log that records purchases (event_type "purchase").`);
  }
  out.labels = Uint8Array.from(labels);
  return out;
}

export interface SplitOptions {
  /**
   * What a held-out row must not share with a training row. 'user' (default): all sessions of a shopper on one
   * side, so the test measures shoppers the model never saw (a shopper's sessions look alike; split by session,
   * the model would be scored partly on people it was trained on). 'session': only the points of one session
   * stay together.
   * @default 'user'
   */
  by?: 'user' | 'session';
  /** @default 0.2 */
  testFraction?: number;
  /** @default 1 */
  seed?: number;
}

/** Picks the rows at `indices`. */
export function takeRows(data: IntentDataset, indices: readonly number[]): IntentDataset {
  const pick = <T>(xs: readonly T[]) => indices.map((i) => xs[i] as T);
  const ids = new Set(pick(data.sessionIds));
  const bought = new Set(indices.filter((i) => data.labels[i] === 1).map((i) => data.sessionIds[i]));
  return {
    rows: pick(data.rows), labels: Uint8Array.from(indices, (i) => data.labels[i] as number), points: pick(data.points),
    sessionIds: pick(data.sessionIds), userIds: pick(data.userIds), sessions: ids.size, purchaseSessions: bought.size,
  };
}

/**
 * Held-out split of a dataset by shopper (or session), stratified: groups with a purchase and groups without are
 * shuffled (seeded) and cut separately, so both sides keep about the log's share of buyers.
 */
export function splitIntentDataset(data: IntentDataset, options: SplitOptions = {}): { train: IntentDataset; test: IntentDataset } {
  const by = options.by ?? 'user';
  if (by !== 'user' && by !== 'session') throw new StorefrontError('INVALID_OPTION', `Intent dataset split: by must be "user" or "session"; got ${JSON.stringify(by)}.`);
  const fraction = options.testFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1)) throw new StorefrontError('INVALID_OPTION', `Intent dataset split: testFraction must be in (0, 1); got ${String(fraction)}.`);
  const keys = by === 'user' ? data.userIds : data.sessionIds;
  const positive = new Map<string, boolean>();
  keys.forEach((k, i) => positive.set(k, (positive.get(k) ?? false) || data.labels[i] === 1));
  const random = seededRandom(options.seed ?? 1);
  const test = new Set<string>();
  for (const want of [true, false]) {
    const group = shuffleInPlace([...positive].filter(([, p]) => p === want).map(([k]) => k).sort(), random);
    group.slice(0, Math.round(group.length * fraction)).forEach((k) => test.add(k));
  }
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  keys.forEach((k, i) => (test.has(k) ? testIdx : trainIdx).push(i));
  return { train: takeRows(data, trainIdx), test: takeRows(data, testIdx) };
}

/** Row indices of each prediction point, in `points` order. */
export function rowsByPoint(data: Pick<IntentDataset, 'points'>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  data.points.forEach((p, i) => { let list = out.get(p); if (!list) out.set(p, (list = [])); list.push(i); });
  return out;
}

/** Held-out quality at one prediction point, with a bootstrap interval (rows resampled with replacement). */
export interface PointMetrics {
  point: string;
  rows: number;
  positives: number;
  /** null when the point has rows of one class only (the AUCs are then undefined). */
  rocAuc: number | null;
  prAuc: number | null;
  /**
   * 2.5th and 97.5th percentile over the bootstrap resamples (resamples with one class only are skipped); null
   * when either class has fewer than `minPerClass` rows: a percentile interval from one or two buyers is not one.
   */
  rocAucCi: [number, number] | null;
  prAucCi: [number, number] | null;
  /** PR-AUC of a random scorer: the share of positives. */
  prevalence: number;
}

export interface PointMetricsOptions {
  /** Bootstrap resamples per point; 0 for none. @default 1000 */
  bootstrap?: number;
  /** @default 1 */
  seed?: number;
  /** Rows each class needs before an interval is given. @default 5 */
  minPerClass?: number;
}

function percentile(sorted: readonly number[], q: number): number {
  const at = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[at] as number;
}

/**
 * ROC-AUC and PR-AUC (average precision) per prediction point (event counts ascending, then first_cart) and over
 * all rows (`point: 'all'`, last), each with a bootstrap 95 % interval. Each point holds one row per session, so resampling rows resamples sessions.
 */
export function metricsByPoint(data: Pick<IntentDataset, 'labels' | 'points'>, scores: ArrayLike<number>, options: PointMetricsOptions = {}): PointMetrics[] {
  if (scores.length !== data.labels.length) {
    throw new StorefrontError('INVALID_INPUT', `Intent metrics: ${scores.length} scores for ${data.labels.length} rows. Pass one score per row.`);
  }
  const samples = options.bootstrap ?? 1000;
  const random = seededRandom(options.seed ?? 1);
  const rank = (p: string) => (p === 'all' ? Infinity : p === 'first_cart' ? 1e9 : Number(p));
  const groups = new Map([...rowsByPoint(data), ['all', Array.from({ length: data.labels.length }, (_, i) => i)] as const].sort((a, b) => rank(a[0]) - rank(b[0])));
  const out: PointMetrics[] = [];
  for (const [point, idx] of groups) {
    const y = Uint8Array.from(idx, (i) => data.labels[i] as number);
    const s = Float32Array.from(idx, (i) => scores[i] as number);
    const positives = y.reduce((a, b) => a + b, 0);
    const both = positives > 0 && positives < y.length;
    const roc: number[] = [];
    const pr: number[] = [];
    const minPerClass = options.minPerClass ?? 5;
    if (positives >= minPerClass && y.length - positives >= minPerClass) {
      for (let b = 0; b < samples; b++) {
        const pick = Array.from({ length: idx.length }, () => Math.floor(random() * idx.length));
        const by = Uint8Array.from(pick, (i) => y[i] as number);
        const p = by.reduce((a, c) => a + c, 0);
        if (p === 0 || p === by.length) continue;
        const bs = Float32Array.from(pick, (i) => s[i] as number);
        roc.push(rocAuc(by, bs));
        pr.push(averagePrecision(by, bs));
      }
      roc.sort((a, b) => a - b);
      pr.sort((a, b) => a - b);
    }
    out.push({
      point, rows: idx.length, positives,
      rocAuc: both ? rocAuc(y, s) : null, prAuc: both ? averagePrecision(y, s) : null,
      rocAucCi: roc.length ? [percentile(roc, 0.025), percentile(roc, 0.975)] : null,
      prAucCi: pr.length ? [percentile(pr, 0.025), percentile(pr, 0.975)] : null,
      prevalence: idx.length ? positives / idx.length : 0,
    });
  }
  return out;
}

/**
 * The columns the CLI's log model reads: the live model's browser-computable columns without the calendar (a
 * log of a few weeks cannot teach seasonality, and Month, Weekend and the hour depend on the shopper's time
 * zone, which a log does not record) plus the shop features `sessionFeatures()` computes from the events.
 */
export const LOG_MODEL_EXCLUDE: readonly IntentColumn[] = [...LIVE_EXCLUDE, 'Month', 'Weekend', 'SpecialDay', 'VisitorType'];
export const LOG_MODEL_INCLUDE: readonly (DerivedColumn | ShopNumericColumn)[] = [...LIVE_INCLUDE, 'event_count', 'product_views',
  'distinct_products', 'distinct_categories', 'cart_adds', 'cart_removes', 'cart_value', 'session_duration_s',
  'price_mean', 'price_min', 'price_max', 'price_std'];
