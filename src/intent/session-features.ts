/**
 * Session → purchase-intent features. Pure, runs in Node; models take the result, never the store.
 *
 * The record holds the 17 input columns of the UCI Online Shoppers data under the same names and units (counts,
 * durations in seconds, rates in [0, 1]) plus shop features in snake_case. A value that cannot honestly be derived
 * from the events (and the optional context) is `null`; the intent model's feature schema imputes it (the training median).
 */
import type { PageKind, ShopperEvent } from '../history/types.ts';
import { calendarParts, defaultSpecialDates, specialDayCloseness } from './calendar.ts';
import type { SpecialDate, TimeZoneChoice } from './calendar.ts';
import { checkSessionInput } from './check-session.ts';
import { UCI_FEATURE_NAMES, UCI_MONTHS, type UciMonth } from './uci-columns.ts';

/** Site-wide analytics of a page, for the UCI columns one shopper's history cannot give. */
export interface PageStats {
  /** Share of visits entering on this page that left without another request (Google Analytics "bounce rate"). */
  bounceRate?: number;
  /** Share of this page's views that were the last of their visit ("exit rate"). */
  exitRate?: number;
  /** Average revenue that followed a view of this page ("page value"). */
  pageValue?: number;
}

/** The visit's technical facts as UCI codes them (integer ids of the shop's own coding). */
export interface VisitFacts {
  operatingSystem?: number;
  browser?: number;
  region?: number;
  trafficType?: number;
}

export interface SessionFeatureContext {
  /** The shopper's earlier sessions (each a list of events). Given → VisitorType and the history features are set. */
  previousSessions?: ShopperEvent[][];
  /** "Now" in ms since the epoch, for `seconds_since_last_event`. @default undefined (feature null) */
  now?: number;
  /** Site-wide stats per page view; given → BounceRates, ExitRates, PageValues are averages over the visited pages. */
  pageStats?: (event: ShopperEvent) => PageStats | undefined;
  /** The visit's OS, browser, region and traffic codes. @default undefined (the four columns null) */
  visit?: VisitFacts;
  /** Special days for `SpecialDay`. @default Valentine's Day and Mother's Day (second Sunday of May) */
  specialDates?: SpecialDate[];
  /** Clock for Month, Weekend, hour and weekday. @default 'local' */
  timeZone?: TimeZoneChoice;
}

export type VisitorType = 'Returning_Visitor' | 'New_Visitor' | 'Other';

/** Purchase-intent features of one session. See README "Shopper history" for each feature's definition. */
export interface SessionFeatures {
  Administrative: number;
  Administrative_Duration: number;
  Informational: number;
  Informational_Duration: number;
  ProductRelated: number;
  ProductRelated_Duration: number;
  BounceRates: number | null;
  ExitRates: number | null;
  PageValues: number | null;
  SpecialDay: number | null;
  Month: UciMonth | null;
  OperatingSystems: number | null;
  Browser: number | null;
  Region: number | null;
  TrafficType: number | null;
  VisitorType: VisitorType | null;
  Weekend: boolean | null;
  event_count: number;
  page_views: number;
  other_pages: number;
  product_views: number;
  distinct_products: number;
  distinct_categories: number;
  clicks: number;
  searches: number;
  cart_adds: number;
  cart_removes: number;
  cart_quantity_net: number;
  cart_value: number;
  purchases: number;
  purchase_value: number;
  dwell_s: number;
  session_duration_s: number;
  price_mean: number | null;
  price_min: number | null;
  price_max: number | null;
  price_std: number | null;
  hour_of_day: number | null;
  weekday: number | null;
  session_bounced: number | null;
  session_exit_share: number | null;
  is_returning: number | null;
  previous_sessions: number | null;
  previous_purchases: number | null;
  seconds_since_previous_session: number | null;
  seconds_since_last_event: number | null;
}

/** The shop features added to the UCI columns (all numbers or null). */
export const SHOP_FEATURE_NAMES = ['event_count', 'page_views', 'other_pages', 'product_views', 'distinct_products',
  'distinct_categories', 'clicks', 'searches', 'cart_adds', 'cart_removes', 'cart_quantity_net', 'cart_value',
  'purchases', 'purchase_value', 'dwell_s', 'session_duration_s', 'price_mean', 'price_min', 'price_max', 'price_std',
  'hour_of_day', 'weekday', 'session_bounced', 'session_exit_share', 'is_returning', 'previous_sessions',
  'previous_purchases', 'seconds_since_previous_session', 'seconds_since_last_event'] as const;

/** Every key of {@link SessionFeatures}. */
export const SESSION_FEATURE_NAMES = [...UCI_FEATURE_NAMES, ...SHOP_FEATURE_NAMES] as const;

type Bucket = 'administrative' | 'informational' | 'product' | 'other';
const BUCKET: Record<PageKind, Bucket> = {
  account: 'administrative', cart: 'administrative', checkout: 'administrative', info: 'informational',
  home: 'product', category: 'product', product: 'product', search: 'product', other: 'other',
};

/** The page an event happened on: its `page`, else search → 'search', an event with a product → 'product'. */
export function pageKindOf(event: ShopperEvent): PageKind {
  if (event.page) return event.page;
  if (event.type === 'search') return 'search';
  return event.productId !== undefined ? 'product' : 'other';
}

/** A page load: a `view` or a `search` (the results page). Clicks, cart actions and dwell happen on a page. */
export function isPageView(event: ShopperEvent): boolean {
  return event.type === 'view' || event.type === 'search';
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * Features of one session (events in any order; they are sorted by time). Durations: when the session has
 * `dwell` events, each page kind's duration is the sum of its dwell times; otherwise each page view lasts until
 * the next page view and the last one counts 0 s (as Google Analytics, the UCI source, measures it).
 */
export function sessionFeatures(events: ShopperEvent[], sessionContext?: SessionFeatureContext): SessionFeatures {
  const context = checkSessionInput(events, sessionContext);
  const list = [...events].sort((a, b) => a.time - b.time);
  const zone = context.timeZone ?? 'local';
  const counts = { administrative: 0, informational: 0, product: 0, other: 0 };
  const seconds = { administrative: 0, informational: 0, product: 0, other: 0 };
  const views = list.filter(isPageView);
  const dwells = list.filter((e) => e.type === 'dwell');
  for (const v of views) counts[BUCKET[pageKindOf(v)]]++;
  if (dwells.length > 0) {
    for (const d of dwells) seconds[BUCKET[pageKindOf(d)]] += (d.durationMs ?? 0) / 1000;
  } else {
    for (let i = 0; i + 1 < views.length; i++) {
      const v = views[i] as ShopperEvent;
      seconds[BUCKET[pageKindOf(v)]] += ((views[i + 1] as ShopperEvent).time - v.time) / 1000;
    }
  }

  const stats = context.pageStats ? views.map((v) => context.pageStats?.(v)).filter((s) => s !== undefined) : [];
  const statMean = (key: keyof PageStats): number | null => context.pageStats
    ? mean(stats.map((s) => s[key]).filter((x): x is number => typeof x === 'number')) ?? (views.length ? null : 0)
    : null;

  const qty = (e: ShopperEvent) => e.quantity ?? 1;
  const sumOf = (type: ShopperEvent['type'], f: (e: ShopperEvent) => number) =>
    list.filter((e) => e.type === type).reduce((s, e) => s + f(e), 0);
  const prices = list.map((e) => e.price).filter((p): p is number => p !== undefined);
  const priceMean = mean(prices);
  const priceStd = priceMean === null ? null : Math.sqrt(mean(prices.map((p) => (p - priceMean) ** 2)) as number);

  const first = list[0];
  const last = list[list.length - 1];
  const parts = first ? calendarParts(first.time, zone) : null;

  const previous = context.previousSessions?.filter((s) => s.length > 0);
  let lastBefore = -Infinity;
  for (const e of previous && first ? previous.flat() : []) {
    if (e.time <= (first as ShopperEvent).time && e.time > lastBefore) lastBefore = e.time;
  }

  return {
    Administrative: counts.administrative,
    Administrative_Duration: seconds.administrative,
    Informational: counts.informational,
    Informational_Duration: seconds.informational,
    ProductRelated: counts.product,
    ProductRelated_Duration: seconds.product,
    BounceRates: statMean('bounceRate'),
    ExitRates: statMean('exitRate'),
    PageValues: statMean('pageValue'),
    SpecialDay: parts ? specialDayCloseness(parts, context.specialDates ?? defaultSpecialDates(parts.year)) : null,
    Month: parts ? UCI_MONTHS[parts.month] as UciMonth : null,
    OperatingSystems: context.visit?.operatingSystem ?? null,
    Browser: context.visit?.browser ?? null,
    Region: context.visit?.region ?? null,
    TrafficType: context.visit?.trafficType ?? null,
    VisitorType: previous ? (previous.length > 0 ? 'Returning_Visitor' : 'New_Visitor') : null,
    Weekend: parts ? parts.weekday >= 5 : null,
    event_count: list.length,
    page_views: views.length,
    other_pages: counts.other,
    product_views: views.filter((e) => e.type === 'view' && e.productId !== undefined).length,
    distinct_products: new Set(list.map((e) => e.productId).filter((p) => p !== undefined)).size,
    distinct_categories: new Set(list.map((e) => e.category).filter((c) => c !== undefined)).size,
    clicks: list.filter((e) => e.type === 'click').length,
    searches: list.filter((e) => e.type === 'search').length,
    cart_adds: list.filter((e) => e.type === 'cart_add').length,
    cart_removes: list.filter((e) => e.type === 'cart_remove').length,
    cart_quantity_net: sumOf('cart_add', qty) - sumOf('cart_remove', qty),
    cart_value: Math.max(0, sumOf('cart_add', (e) => qty(e) * (e.price ?? 0)) - sumOf('cart_remove', (e) => qty(e) * (e.price ?? 0))),
    purchases: list.filter((e) => e.type === 'purchase').length,
    purchase_value: sumOf('purchase', (e) => qty(e) * (e.price ?? 0)),
    dwell_s: dwells.reduce((s, e) => s + (e.durationMs ?? 0), 0) / 1000,
    session_duration_s: first && last ? (last.time - first.time) / 1000 : 0,
    price_mean: priceMean,
    price_min: prices.length ? prices.reduce((a, b) => Math.min(a, b)) : null,
    price_max: prices.length ? prices.reduce((a, b) => Math.max(a, b)) : null,
    price_std: priceStd,
    hour_of_day: parts ? parts.hour : null,
    weekday: parts ? parts.weekday : null,
    session_bounced: views.length ? (views.length === 1 ? 1 : 0) : null,
    session_exit_share: views.length ? 1 / views.length : null,
    is_returning: previous ? (previous.length > 0 ? 1 : 0) : null,
    previous_sessions: previous ? previous.length : null,
    previous_purchases: previous ? previous.flat().filter((e) => e.type === 'purchase').length : null,
    seconds_since_previous_session: Number.isFinite(lastBefore) && first ? (first.time - lastBefore) / 1000 : null,
    seconds_since_last_event: context.now !== undefined && last ? Math.max(0, (context.now - last.time) / 1000) : null,
  };
}
