/**
 * The one feature schema of purchase intent: records keyed by the UCI Online Shoppers column names, from UCI CSV
 * rows (benchmark) and from live sessions (`sessionFeatures()` of session-features.ts). Pure: runs in Node.
 *
 * Numeric columns: missing → the training median; counts, durations and PageValues → log1p; then standardised
 * with the training mean and sd. Categorical columns: one-hot over the values seen in training (rare and unseen
 * values share no column, so they encode as all zeros). Fitted once on training rows, stored in `metadata.json`.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { checkRowValues } from './validate-rows.ts';
import {
  CATEGORICAL_COLUMNS, NUMERIC_COLUMNS, UCI_MONTHS, type CategoricalColumn, type IntentColumn, type NumericColumn,
} from './uci-columns.ts';

/** The shop features of `sessionFeatures()` a schema may read as numeric columns (not in the UCI data). */
export const SHOP_NUMERIC_COLUMNS = ['event_count', 'page_views', 'other_pages', 'product_views', 'distinct_products',
  'distinct_categories', 'clicks', 'searches', 'cart_adds', 'cart_removes', 'cart_quantity_net', 'cart_value',
  'dwell_s', 'session_duration_s', 'price_mean', 'price_min', 'price_max', 'price_std', 'hour_of_day', 'weekday',
  'is_returning', 'previous_sessions', 'previous_purchases', 'seconds_since_previous_session'] as const;

/**
 * Columns computed from other columns of the same row, so they mean the same on a UCI row and on a live session:
 * - `Administrative_with_cart`: Administrative pages plus cart additions (`cart_adds`, 0 when the row has none, as
 *   UCI rows). In the UCI source (Google Analytics page views) adding to the cart loads the cart page, an
 *   Administrative page; a shop whose add-to-cart button does not navigate records only the `cart_add` event.
 * - `pages_total`, `duration_total`: the three page kinds summed; `administrative_share`: Administrative pages over
 *   all pages (0 with no page); `product_seconds_per_page`: ProductRelated_Duration / ProductRelated (0 with none).
 *   The page counts here count cart additions as Administrative pages too.
 * - `administrative_seconds_per_page`, `informational_seconds_per_page`: the kind's duration over its pages (0 with
 *   none).
 * - From the site-wide analytics columns (UCI rows; a live session has them only with `pageStats`):
 *   `page_value_positive` (1 when PageValues > 0, else 0), `page_value_per_product_page` (PageValues over
 *   ProductRelated, 0 with none), `page_value_x_product_pages` (PageValues × ProductRelated),
 *   `exit_minus_bounce` (ExitRates − BounceRates) and `bounce_x_exit` (BounceRates × ExitRates).
 */
export const DERIVED_COLUMNS = ['Administrative_with_cart', 'pages_total', 'duration_total', 'administrative_share',
  'product_seconds_per_page', 'administrative_seconds_per_page', 'informational_seconds_per_page',
  'page_value_positive', 'page_value_per_product_page', 'page_value_x_product_pages', 'exit_minus_bounce',
  'bounce_x_exit'] as const;

export type ShopNumericColumn = (typeof SHOP_NUMERIC_COLUMNS)[number];
export type DerivedColumn = (typeof DERIVED_COLUMNS)[number];
/** A numeric column a schema can encode: UCI, derived or shop. */
export type SchemaNumericColumn = NumericColumn | DerivedColumn | ShopNumericColumn;
/** Any column a schema can read. */
export type SchemaColumn = IntentColumn | DerivedColumn | ShopNumericColumn;

const EXTRA_NUMERIC: readonly string[] = [...DERIVED_COLUMNS, ...SHOP_NUMERIC_COLUMNS];
const ALL_NUMERIC: readonly string[] = [...NUMERIC_COLUMNS, ...EXTRA_NUMERIC];


/**
 * One session as the model reads it: UCI Online Shoppers column names and units (durations in seconds, rates as
 * fractions), `null` or absent where not known. Other fields (the shop features of `sessionFeatures()`) are
 * ignored, so its `SessionFeatures` record can be passed as it is. The shop features (UCI rows have none) are read
 * only by schemas that include them.
 */
export interface IntentRow extends Partial<Record<ShopNumericColumn, number | null>> {
  Administrative?: number | null;
  Administrative_Duration?: number | null;
  Informational?: number | null;
  Informational_Duration?: number | null;
  ProductRelated?: number | null;
  ProductRelated_Duration?: number | null;
  BounceRates?: number | null;
  ExitRates?: number | null;
  PageValues?: number | null;
  SpecialDay?: number | null;
  /** 'Jan' … 'Dec' (UCI spells June 'June'). */
  Month?: string | null;
  OperatingSystems?: number | string | null;
  Browser?: number | string | null;
  Region?: number | string | null;
  TrafficType?: number | string | null;
  /** 'Returning_Visitor', 'New_Visitor' or 'Other'. */
  VisitorType?: string | null;
  Weekend?: boolean | string | null;
}

/** How one numeric column is encoded; fitted on training rows. */
export interface NumericEncoding {
  name: SchemaNumericColumn;
  /**
   * `quantile` (written only with `scaling: 'quantile'`; older versions refuse such a file rather than misread it):
   * the value's training quantile, read off `knots` / `levels` by linear interpolation, as a normal score.
   */
  transform: 'log1p' | 'identity' | 'quantile';
  /** Value used for a missing input (the training median, before the transform). */
  impute: number;
  mean: number;
  sd: number;
  /** With `transform: 'quantile'`: distinct training values, ascending (at most `QUANTILE_KNOTS`). */
  knots?: number[];
  /** With `transform: 'quantile'`: the mid-rank training quantile (0–1) of each knot. */
  levels?: number[];
}

/** How one categorical column is one-hot encoded; `values` are those seen at least `minCount` times in training. */
export interface CategoricalEncoding {
  name: CategoricalColumn;
  values: string[];
}

/** The fitted schema, serialised into `metadata.json` as `featureSchema`. */
export interface FeatureSchema {
  version: 1;
  numeric: NumericEncoding[];
  categorical: CategoricalEncoding[];
  /** Columns left out on purpose (e.g. the ablation without PageValues). */
  excluded: IntentColumn[];
  /** Derived and shop columns read beside the UCI ones, in order (absent: none). */
  included?: (DerivedColumn | ShopNumericColumn)[];
}

export interface FitSchemaOptions {
  /** Columns to leave out of the model. @default [] */
  exclude?: readonly IntentColumn[];
  /** A categorical value needs this many training rows to get its own column. @default 10 */
  minCount?: number;
  /** Derived and shop numeric columns to read beside the UCI ones (e.g. `['Administrative_with_cart']`). @default [] */
  include?: readonly (DerivedColumn | ShopNumericColumn)[];
  /**
   * `standard`: counts, durations and PageValues log1p, then every numeric column standardised. `quantile`: each
   * numeric column as the normal score of its training quantile (robust to the long tails), then standardised.
   * @default 'standard'
   */
  scaling?: 'standard' | 'quantile';
}

/** Most knots a quantile encoding keeps (evenly spaced training quantiles, ties merged). */
export const QUANTILE_KNOTS = 256;

const LOG1P = new Set<string>([
  'Administrative', 'Administrative_Duration', 'Informational', 'Informational_Duration', 'ProductRelated',
  'ProductRelated_Duration', 'PageValues', 'Administrative_with_cart', 'pages_total', 'duration_total',
  'product_seconds_per_page', 'administrative_seconds_per_page', 'informational_seconds_per_page',
  'page_value_per_product_page', 'page_value_x_product_pages', 'event_count', 'page_views', 'other_pages', 'product_views', 'distinct_products',
  'distinct_categories', 'clicks', 'searches', 'cart_adds', 'cart_removes', 'cart_quantity_net', 'cart_value',
  'dwell_s', 'session_duration_s', 'price_mean', 'price_min', 'price_max', 'price_std', 'previous_sessions',
  'previous_purchases', 'seconds_since_previous_session',
]);

/** The categorical value of `column` in `row` as a canonical string, or null when missing. */
export function categoryOf(row: IntentRow, column: CategoricalColumn): string | null {
  const value = row[column];
  if (value === null || value === undefined || value === '') return null;
  if (column === 'Weekend') {
    if (value === true || value === 'TRUE' || value === 'true' || value === 1 || value === '1') return 'TRUE';
    if (value === false || value === 'FALSE' || value === 'false' || value === 0 || value === '0') return 'FALSE';
    return null;
  }
  if (column === 'Month') {
    const text = String(value);
    return text === 'Jun' ? 'June' : text;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  return typeof value === 'string' ? value : null;
}

function derivedOf(row: IntentRow, column: DerivedColumn): number | null {
  // Each case reads only the fields it is computed from: validate-rows.ts checks exactly those (a test holds the two
  // together by recording the reads).
  const get = (c: NumericColumn) => numberOf(row, c);
  const perPage = (total: number | null, pages: number | null) => (total === null || pages === null ? null : pages > 0 ? total / pages : 0);
  // Every derived column counts a cart addition as the cart page view it is in the UCI source.
  const admin = () => {
    const a = get('Administrative');
    return a === null ? null : a + Math.max(0, numberOf(row, 'cart_adds') ?? 0);
  };
  const pages = () => {
    const [a, i, p] = [admin(), get('Informational'), get('ProductRelated')];
    return a === null || i === null || p === null ? null : { a, total: a + i + p };
  };
  const rates = () => {
    const [b, e] = [get('BounceRates'), get('ExitRates')];
    return b === null || e === null ? null : { b, e };
  };
  switch (column) {
    case 'Administrative_with_cart': return admin();
    case 'pages_total': return pages()?.total ?? null;
    case 'administrative_share': {
      const t = pages();
      return t === null ? null : t.total > 0 ? t.a / t.total : 0;
    }
    case 'duration_total': {
      const d = [get('Administrative_Duration'), get('Informational_Duration'), get('ProductRelated_Duration')];
      return d.some((x) => x === null) ? null : d.reduce((s: number, x) => s + (x as number), 0);
    }
    case 'product_seconds_per_page': return perPage(get('ProductRelated_Duration'), get('ProductRelated'));
    case 'administrative_seconds_per_page': return perPage(get('Administrative_Duration'), admin());
    case 'informational_seconds_per_page': return perPage(get('Informational_Duration'), get('Informational'));
    case 'page_value_positive': {
      const v = get('PageValues');
      return v === null ? null : v > 0 ? 1 : 0;
    }
    case 'page_value_per_product_page': return perPage(get('PageValues'), get('ProductRelated'));
    case 'page_value_x_product_pages': {
      const [v, p] = [get('PageValues'), get('ProductRelated')];
      return v === null || p === null ? null : v * p;
    }
    case 'exit_minus_bounce': {
      const r = rates();
      return r === null ? null : r.e - r.b;
    }
    case 'bounce_x_exit': {
      const r = rates();
      return r === null ? null : r.b * r.e;
    }
  }
}

/** The numeric value of `column` in `row` (derived columns computed from the row), or null when missing. */
export function numberOf(row: IntentRow, column: SchemaNumericColumn): number | null {
  if ((DERIVED_COLUMNS as readonly string[]).includes(column)) return derivedOf(row, column as DerivedColumn);
  const value: unknown = row[column as NumericColumn | ShopNumericColumn];
  // Anything else is refused before encoding (validate-rows.ts); null here only means missing.
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
function probit(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((s, v) => s * x + v, 0);
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - 0.02425) return -probit(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/** The normal score of x's training quantile: linear between knots, clamped to the first and last. */
function quantileScore(knots: readonly number[], levels: readonly number[], x: number): number {
  let level: number;
  if (knots.length === 0) level = 0.5;
  else if (x <= (knots[0] as number)) level = levels[0] as number;
  else if (x >= (knots.at(-1) as number)) level = levels.at(-1) as number;
  else {
    let lo = 0;
    let hi = knots.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((knots[mid] as number) <= x) lo = mid; else hi = mid;
    }
    const [k0, k1, l0, l1] = [knots[lo] as number, knots[hi] as number, levels[lo] as number, levels[hi] as number];
    level = l0 + ((l1 - l0) * (x - k0)) / (k1 - k0);
  }
  return probit(Math.min(1 - 1e-3, Math.max(1e-3, level)));
}

/** Knots and mid-rank levels of a quantile encoding from the training values. */
function fitQuantiles(values: readonly number[]): { knots: number[]; levels: number[] } {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const candidates = new Set<number>();
  for (let q = 0; q < QUANTILE_KNOTS; q++) candidates.add(sorted[Math.round((q * (n - 1)) / Math.max(1, QUANTILE_KNOTS - 1))] as number);
  const knots = [...candidates].sort((a, b) => a - b);
  const levels = knots.map((k) => {
    // Mid-rank of the value among the training values: a tie (PageValues 0 on most rows) sits at its middle.
    let below = 0;
    let hi = n;
    while (below < hi) { const m = (below + hi) >> 1; if ((sorted[m] as number) < k) below = m + 1; else hi = m; }
    let upTo = below;
    hi = n;
    while (upTo < hi) { const m = (upTo + hi) >> 1; if ((sorted[m] as number) <= k) upTo = m + 1; else hi = m; }
    return (below + upTo) / 2 / n;
  });
  return { knots, levels };
}

function transform(encoding: Pick<NumericEncoding, 'transform' | 'knots' | 'levels'>, x: number): number {
  if (encoding.transform === 'quantile') return quantileScore(encoding.knots ?? [], encoding.levels ?? [], x);
  return encoding.transform === 'log1p' ? Math.log1p(Math.max(0, x)) : x;
}

/** Fits the schema (imputation, scaling, vocabularies) on training rows. */
export function fitSchema(rows: readonly IntentRow[], options: FitSchemaOptions = {}): FeatureSchema {
  if (rows.length === 0) {
    throw new StorefrontError('INVALID_INPUT', 'Intent schema: no training rows. Pass at least one row.');
  }
  const exclude = new Set<string>(options.exclude ?? []);
  const minCount = options.minCount ?? 10;
  const included = [...new Set(options.include ?? [])];
  const unknown = included.filter((c) => !EXTRA_NUMERIC.includes(c));
  if (unknown.length > 0) {
    throw new StorefrontError('INVALID_OPTION', `Intent schema: cannot include ${unknown.map(show).join(', ')}. Expected derived or shop columns: ${EXTRA_NUMERIC.join(', ')}.`);
  }
  const numericNames = [...NUMERIC_COLUMNS.filter((c) => !exclude.has(c)), ...included];
  checkRowValues(rows, numericNames, CATEGORICAL_COLUMNS.filter((c) => !exclude.has(c)));
  const scaling = options.scaling ?? 'standard';
  if (scaling !== 'standard' && scaling !== 'quantile') {
    throw new StorefrontError('INVALID_OPTION', `Intent schema: scaling must be "standard" or "quantile"; got ${show(scaling)}.`);
  }
  const numeric: NumericEncoding[] = [];
  for (const name of numericNames) {
    const present = rows.map((r) => numberOf(r, name)).filter((v): v is number => v !== null);
    const impute = median(present);
    const base: Omit<NumericEncoding, 'mean' | 'sd'> = scaling === 'quantile'
      ? { name, transform: 'quantile', impute, ...fitQuantiles(rows.map((r) => numberOf(r, name) ?? impute)) }
      : { name, transform: LOG1P.has(name) ? 'log1p' : 'identity', impute };
    const xs = rows.map((r) => transform(base, numberOf(r, name) ?? base.impute));
    const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length);
    numeric.push({ ...base, mean, sd: sd > 1e-12 ? sd : 1 });
  }
  const categorical: CategoricalEncoding[] = [];
  for (const name of CATEGORICAL_COLUMNS) {
    if (exclude.has(name)) continue;
    const counts = new Map<string, number>();
    for (const r of rows) {
      const v = categoryOf(r, name);
      if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const values = [...counts].filter(([, c]) => c >= minCount).map(([v]) => v);
    if (name === 'Month') values.sort((a, b) => UCI_MONTHS.indexOf(a as never) - UCI_MONTHS.indexOf(b as never));
    else values.sort((a, b) => (Number(a) - Number(b)) || a.localeCompare(b));
    categorical.push({ name, values });
  }
  return { version: 1, numeric, categorical, excluded: [...(options.exclude ?? [])], ...(included.length ? { included } : {}) };
}

/** Names of the encoded columns, in model-input order: `PageValues`, …, `Month=Nov`, …. */
export function encodedNames(schema: FeatureSchema): string[] {
  return [
    ...schema.numeric.map((n) => n.name),
    ...schema.categorical.flatMap((c) => c.values.map((v) => `${c.name}=${v}`)),
  ];
}

/** For each encoded column, the index of its source column in {@link sourceColumns}. */
export function encodedSources(schema: FeatureSchema): number[] {
  const out: number[] = schema.numeric.map((_, i) => i);
  schema.categorical.forEach((c, j) => c.values.forEach(() => out.push(schema.numeric.length + j)));
  return out;
}

/** The source columns the schema reads, in order: numeric first (UCI, then included), then categorical. */
export function sourceColumns(schema: FeatureSchema): SchemaColumn[] {
  return [...schema.numeric.map((n) => n.name), ...schema.categorical.map((c) => c.name)];
}

/**
 * Encodes rows into a row-major Float32Array of `rows.length × encodedNames(schema).length`. Throws INVALID_INPUT
 * (row, column, accepted range) for a value it cannot encode faithfully (validate-rows.ts); `what` names the rows.
 */
export function encodeRows(schema: FeatureSchema, rows: readonly IntentRow[], what = 'rows'): Float32Array {
  checkRowValues(rows, schema.numeric.map((n) => n.name), schema.categorical.map((c) => c.name), what);
  const width = encodedNames(schema).length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    let k = r * width;
    for (const n of schema.numeric) out[k++] = (transform(n, numberOf(row, n.name) ?? n.impute) - n.mean) / n.sd;
    for (const c of schema.categorical) {
      const v = categoryOf(row, c.name);
      for (const value of c.values) out[k++] = v === value ? 1 : 0;
    }
  });
  return out;
}

/** Whether a quantile encoding's knots ascend strictly and its levels are non-decreasing quantiles, one per knot. */
export function quantilesValid(n: Pick<NumericEncoding, 'knots' | 'levels'>): boolean {
  const { knots, levels } = n;
  return Array.isArray(knots) && Array.isArray(levels) && knots.length > 0 && knots.length === levels.length &&
    knots.length <= QUANTILE_KNOTS && knots.every((k, i) => Number.isFinite(k) && (i === 0 || k > (knots[i - 1] as number))) &&
    levels.every((l, i) => typeof l === 'number' && l >= 0 && l <= 1 && (i === 0 || l >= (levels[i - 1] as number)));
}

/** Checks that a parsed `featureSchema` has the shape this version reads; throws MODEL_LOAD_FAILED otherwise. */
export function checkSchema(value: unknown): FeatureSchema {
  const s = value as FeatureSchema | undefined;
  const ok = s !== undefined && s !== null && s.version === 1 && Array.isArray(s.numeric) && Array.isArray(s.categorical) &&
    // fitSchema never writes an sd below 1e-12 (it uses 1): a smaller one would encode inputs as ±Infinity.
    s.numeric.every((n) => ALL_NUMERIC.includes(n.name) && (n.transform === 'log1p' || n.transform === 'identity' || (n.transform === 'quantile' && quantilesValid(n))) &&
      Number.isFinite(n.impute) && Number.isFinite(n.mean) && Number.isFinite(n.sd) && n.sd > 1e-12) &&
    s.categorical.every((c) => (CATEGORICAL_COLUMNS as readonly string[]).includes(c.name) && Array.isArray(c.values));
  if (!ok) {
    throw new StorefrontError('MODEL_LOAD_FAILED', 'Intent model: metadata.json has no valid featureSchema (version 1). Re-save the model with this version of storefront-ml.');
  }
  return { ...s, excluded: s.excluded ?? [] };
}
