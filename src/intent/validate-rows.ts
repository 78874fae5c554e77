/**
 * What a purchase-intent row may hold, checked before anything is encoded (training, adaptation, prediction,
 * explanations): one out-of-range value would otherwise poison a model's weights or give a plausible score from
 * garbage. Pure: runs in Node.
 *
 * Numeric columns: a finite number within the column's range (RANGES), or null / absent (→ the training median).
 * NaN, ±Infinity, strings (numeric ones too), booleans, arrays and objects are INVALID_INPUT, never "missing".
 * Categorical columns: a string, a finite number (the UCI codes), null / absent; Weekend also a boolean.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import type { CategoricalColumn, NumericColumn } from './uci-columns.ts';

type ShopColumn = 'event_count' | 'page_views' | 'other_pages' | 'product_views' | 'distinct_products' |
  'distinct_categories' | 'clicks' | 'searches' | 'cart_adds' | 'cart_removes' | 'cart_quantity_net' | 'cart_value' |
  'dwell_s' | 'session_duration_s' | 'price_mean' | 'price_min' | 'price_max' | 'price_std' | 'hour_of_day' | 'weekday' |
  'is_returning' | 'previous_sessions' | 'previous_purchases' | 'seconds_since_previous_session';

// Counts, durations and money go through log1p, which keeps even their widest values finite: their bounds only
// refuse nonsense (any currency, sessions left open for years). Columns read as they are get their natural range.
const COUNT = [0, 1e7] as const;
/** Seconds: up to about 31 years. UCI's durations use −1 for "not measured" (the log1p transform reads it as 0). */
const UCI_SECONDS = [-1, 1e9] as const;
const SECONDS = [0, 1e9] as const;
const SHARE = [0, 1] as const;
const MONEY = [0, 1e12] as const;

/**
 * The accepted [min, max] of every numeric column a row may carry; wide enough for any real session (the UCI data
 * stays far inside: at most 27 Administrative pages, 705 product pages, 17.8 hours on them, PageValues 362).
 */
export const RANGES: Readonly<Record<NumericColumn | ShopColumn, readonly [number, number]>> = {
  Administrative: COUNT, Administrative_Duration: UCI_SECONDS, Informational: COUNT, Informational_Duration: UCI_SECONDS,
  ProductRelated: COUNT, ProductRelated_Duration: UCI_SECONDS, BounceRates: SHARE, ExitRates: SHARE,
  PageValues: MONEY, SpecialDay: SHARE,
  event_count: COUNT, page_views: COUNT, other_pages: COUNT, product_views: COUNT, distinct_products: COUNT,
  distinct_categories: COUNT, clicks: COUNT, searches: COUNT, cart_adds: COUNT, cart_removes: COUNT,
  cart_quantity_net: [-1e9, 1e9], cart_value: MONEY, dwell_s: SECONDS, session_duration_s: SECONDS,
  price_mean: MONEY, price_min: MONEY, price_max: MONEY, price_std: MONEY, hour_of_day: [0, 24], weekday: [0, 6],
  is_returning: SHARE, previous_sessions: COUNT, previous_purchases: COUNT, seconds_since_previous_session: [0, 1e10],
};

/** The columns each derived column is computed from (schema.ts), so checking those checks it. */
const DERIVED_SOURCES: Record<string, readonly string[]> = {
  Administrative_with_cart: ['Administrative', 'cart_adds'],
  pages_total: ['Administrative', 'cart_adds', 'Informational', 'ProductRelated'],
  administrative_share: ['Administrative', 'cart_adds', 'Informational', 'ProductRelated'],
  duration_total: ['Administrative_Duration', 'Informational_Duration', 'ProductRelated_Duration'],
  product_seconds_per_page: ['ProductRelated', 'ProductRelated_Duration'],
  administrative_seconds_per_page: ['Administrative', 'cart_adds', 'Administrative_Duration'],
  informational_seconds_per_page: ['Informational', 'Informational_Duration'],
  page_value_positive: ['PageValues'],
  page_value_per_product_page: ['PageValues', 'ProductRelated'],
  page_value_x_product_pages: ['PageValues', 'ProductRelated'],
  exit_minus_bounce: ['BounceRates', 'ExitRates'],
  bounce_x_exit: ['BounceRates', 'ExitRates'],
};

/** The stored numeric columns behind `columns` (derived columns replaced by their sources), without repeats. */
export function storedColumns(columns: readonly string[]): string[] {
  return [...new Set(columns.flatMap((c) => DERIVED_SOURCES[c] ?? [c]))];
}

function fail(where: string, column: string, value: unknown, accepted: string, details: Record<string, unknown>): never {
  throw new StorefrontError('INVALID_INPUT', `Intent features: ${where} has ${column} = ${show(value)}. Pass ${accepted}, or null when it is not known.`, {
    details: { column, value, ...details },
  });
}

/**
 * Throws INVALID_INPUT (naming the row, the column and what it accepts) unless every row is an object whose
 * `numeric` and `categorical` columns hold what the schema can encode. `what` names the argument ("rows",
 * "validationData.rows"); a single row passed as `[row]` is still "row 0".
 */
export function checkRowValues(rows: readonly unknown[], numeric: readonly string[], categorical: readonly CategoricalColumn[], what = 'rows'): void {
  const stored = storedColumns(numeric);
  rows.forEach((row, r) => {
    const where = what === 'rows' ? `row ${r}` : `row ${r} of ${what}`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new StorefrontError('INVALID_INPUT', `Intent features: ${where} is ${show(row)}. Pass an object keyed by UCI column names.`, { details: { row: r, value: row } });
    }
    const record = row as Record<string, unknown>;
    for (const column of stored) {
      const value = record[column];
      if (value === null || value === undefined) continue;
      const [min, max] = RANGES[column as keyof typeof RANGES] ?? [-1e9, 1e9];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
        fail(where, column, value, `a finite number from ${min} to ${max}`, { row: r, min, max });
      }
    }
    for (const column of categorical) {
      const value = record[column];
      if (value === null || value === undefined || typeof value === 'string') continue;
      if (typeof value === 'number' && Number.isFinite(value)) continue;
      if (typeof value === 'boolean' && column === 'Weekend') continue;
      fail(where, column, value, column === 'Weekend' ? 'a boolean or "TRUE" / "FALSE"' : 'a string or a finite number code', { row: r });
    }
  });
}
