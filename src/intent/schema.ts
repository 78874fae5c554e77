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
import {
  CATEGORICAL_COLUMNS, NUMERIC_COLUMNS, UCI_MONTHS, type CategoricalColumn, type IntentColumn, type NumericColumn,
} from './uci-columns.ts';


/**
 * One session as the model reads it: UCI Online Shoppers column names and units (durations in seconds, rates as
 * fractions), `null` or absent where not known. Other fields (the shop features of `sessionFeatures()`) are
 * ignored, so its `SessionFeatures` record can be passed as it is.
 */
export interface IntentRow {
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
  name: NumericColumn;
  transform: 'log1p' | 'identity';
  /** Value used for a missing input (the training median, before the transform). */
  impute: number;
  mean: number;
  sd: number;
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
}

export interface FitSchemaOptions {
  /** Columns to leave out of the model. @default [] */
  exclude?: readonly IntentColumn[];
  /** A categorical value needs this many training rows to get its own column. @default 10 */
  minCount?: number;
}

const LOG1P = new Set<string>([
  'Administrative', 'Administrative_Duration', 'Informational', 'Informational_Duration', 'ProductRelated',
  'ProductRelated_Duration', 'PageValues',
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

/** The numeric value of `column` in `row`, or null when missing or not a finite number. */
export function numberOf(row: IntentRow, column: NumericColumn): number | null {
  const value: unknown = row[column];
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function transform(encoding: Pick<NumericEncoding, 'transform'>, x: number): number {
  return encoding.transform === 'log1p' ? Math.log1p(Math.max(0, x)) : x;
}

/** Fits the schema (imputation, scaling, vocabularies) on training rows. */
export function fitSchema(rows: readonly IntentRow[], options: FitSchemaOptions = {}): FeatureSchema {
  if (rows.length === 0) {
    throw new StorefrontError('INVALID_INPUT', 'Intent schema: no training rows. Pass at least one row.');
  }
  const exclude = new Set<string>(options.exclude ?? []);
  const minCount = options.minCount ?? 10;
  const numeric: NumericEncoding[] = [];
  for (const name of NUMERIC_COLUMNS) {
    if (exclude.has(name)) continue;
    const present = rows.map((r) => numberOf(r, name)).filter((v): v is number => v !== null);
    const base = { name, transform: LOG1P.has(name) ? 'log1p' as const : 'identity' as const, impute: median(present) };
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
  return { version: 1, numeric, categorical, excluded: [...(options.exclude ?? [])] };
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

/** The source (UCI) columns the schema reads, in order: numeric first, then categorical. */
export function sourceColumns(schema: FeatureSchema): IntentColumn[] {
  return [...schema.numeric.map((n) => n.name), ...schema.categorical.map((c) => c.name)];
}

/** Encodes rows into a row-major Float32Array of `rows.length × encodedNames(schema).length`. */
export function encodeRows(schema: FeatureSchema, rows: readonly IntentRow[]): Float32Array {
  const width = encodedNames(schema).length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    if (typeof row !== 'object' || row === null) {
      throw new StorefrontError('INVALID_INPUT', `Intent features: row ${r} is ${show(row)}. Pass an object keyed by UCI column names.`);
    }
    let k = r * width;
    for (const n of schema.numeric) out[k++] = (transform(n, numberOf(row, n.name) ?? n.impute) - n.mean) / n.sd;
    for (const c of schema.categorical) {
      const v = categoryOf(row, c.name);
      for (const value of c.values) out[k++] = v === value ? 1 : 0;
    }
  });
  return out;
}

/** Checks that a parsed `featureSchema` has the shape this version reads; throws MODEL_LOAD_FAILED otherwise. */
export function checkSchema(value: unknown): FeatureSchema {
  const s = value as FeatureSchema | undefined;
  const ok = s !== undefined && s !== null && s.version === 1 && Array.isArray(s.numeric) && Array.isArray(s.categorical) &&
    s.numeric.every((n) => (NUMERIC_COLUMNS as readonly string[]).includes(n.name) && Number.isFinite(n.mean) && Number.isFinite(n.sd)) &&
    s.categorical.every((c) => (CATEGORICAL_COLUMNS as readonly string[]).includes(c.name) && Array.isArray(c.values));
  if (!ok) {
    throw new StorefrontError('MODEL_LOAD_FAILED', 'Intent model: metadata.json has no valid featureSchema (version 1). Re-save the model with this version of storefront-ml.');
  }
  return { ...s, excluded: s.excluded ?? [] };
}
