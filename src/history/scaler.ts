/**
 * Feature scaler with missing-value imputation: fitted on training rows, serialised to JSON, reapplied to new
 * rows in the browser. Pure, runs in Node. Works on `SessionFeatures` and on UCI Online Shoppers CSV rows alike.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';

/** Columns treated as categories (one-hot) by default: UCI's coded columns. */
export const DEFAULT_CATEGORICAL = ['Month', 'VisitorType', 'Weekend', 'OperatingSystems', 'Browser', 'Region', 'TrafficType'];

export interface ScalerOptions {
  /** Numeric columns, in output order. @default every key of the first row that is not categorical */
  numeric?: string[];
  /** Categorical columns, one-hot encoded after the numeric ones. @default the keys of DEFAULT_CATEGORICAL present in the first row */
  categorical?: string[];
  /** Apply sign(x)·log1p(|x|) to numeric columns before standardising (counts and durations are heavy-tailed). @default true */
  log1p?: boolean;
  /** Value that replaces a missing numeric value (null, undefined, '', NaN), computed on the training rows. @default 'median' */
  impute?: 'median' | 'mean' | 'zero';
}

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  /** Raw value used when the input is missing. */
  fill: number;
  log1p: boolean;
  /** Mean and standard deviation after imputation and log1p. */
  center: number;
  scale: number;
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Known values, one output each; an unknown or missing value gives all zeros. */
  values: string[];
}

/** A fitted scaler: plain JSON-safe data. */
export interface FeatureScaler {
  format: 'storefront-ml/feature-scaler';
  version: 1;
  columns: Array<NumericColumn | CategoricalColumn>;
  /** Name of each output position (`Month=Nov` for one-hot outputs). */
  outputNames: string[];
}

/** A feature row: any object whose keys are column names (`SessionFeatures`, a parsed CSV row…). */
type Row = object;
const cell = (row: Row, name: string): unknown => (row as Record<string, unknown>)[name];

/** A number, or null when missing ('' / null / undefined / NaN / non-numeric text). Booleans count 1/0. */
export function numericValue(value: unknown): number | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A category label, or null when missing. Booleans become 'TRUE'/'FALSE' (the UCI spelling). */
export function categoryValue(value: unknown): string | null {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'string') return value === '' ? null : value.toUpperCase() === 'TRUE' || value.toUpperCase() === 'FALSE' ? value.toUpperCase() : value;
  return null;
}

const slog = (x: number) => Math.sign(x) * Math.log1p(Math.abs(x));

/** Fits the scaler: imputation values, means and standard deviations, category lists. */
export function fitScaler(rows: readonly Row[], options: ScalerOptions = {}): FeatureScaler {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new StorefrontError('INVALID_INPUT', `Scaler: no rows to fit on; got ${show(rows)}. Pass at least one feature row.`);
  }
  const keys = Object.keys(rows[0] as Row);
  const categorical = options.categorical ?? DEFAULT_CATEGORICAL.filter((k) => keys.includes(k));
  const numeric = options.numeric ?? keys.filter((k) => !categorical.includes(k));
  const useLog = options.log1p ?? true;
  const impute = options.impute ?? 'median';
  const columns: FeatureScaler['columns'] = [];
  for (const name of numeric) {
    const seen = rows.map((r) => numericValue(cell(r, name))).filter((v): v is number => v !== null).sort((a, b) => a - b);
    let fill = 0;
    if (seen.length > 0 && impute === 'mean') fill = seen.reduce((s, v) => s + v, 0) / seen.length;
    if (seen.length > 0 && impute === 'median') {
      const mid = seen.length >> 1;
      fill = seen.length % 2 ? seen[mid] as number : ((seen[mid - 1] as number) + (seen[mid] as number)) / 2;
    }
    const xs = rows.map((r) => { const v = numericValue(cell(r, name)) ?? fill; return useLog ? slog(v) : v; });
    const center = xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, v) => s + (v - center) ** 2, 0) / xs.length);
    columns.push({ name, kind: 'numeric', fill, log1p: useLog, center, scale: sd > 1e-12 ? sd : 1 });
  }
  for (const name of categorical) {
    const values = [...new Set(rows.map((r) => categoryValue(cell(r, name))).filter((v): v is string => v !== null))].sort();
    columns.push({ name, kind: 'categorical', values });
  }
  return { format: 'storefront-ml/feature-scaler', version: 1, columns, outputNames: outputNamesOf(columns) };
}

function outputNamesOf(columns: FeatureScaler['columns']): string[] {
  return columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.values.map((v) => `${c.name}=${v}`)));
}

/** Scales one row: imputes missing values, log1p, standardises, one-hot encodes. */
export function applyScaler(scaler: FeatureScaler, row: Row): Float32Array {
  const out = new Float32Array(scaler.outputNames.length);
  let i = 0;
  for (const c of scaler.columns) {
    if (c.kind === 'numeric') {
      const v = numericValue(cell(row, c.name)) ?? c.fill;
      out[i++] = ((c.log1p ? slog(v) : v) - c.center) / c.scale;
    } else {
      const v = categoryValue(cell(row, c.name));
      const at = v === null ? -1 : c.values.indexOf(v);
      if (at >= 0) out[i + at] = 1;
      i += c.values.length;
    }
  }
  return out;
}

/** Scales many rows into one row-major matrix (rows × outputNames.length). */
export function applyScalerRows(scaler: FeatureScaler, rows: readonly Row[]): Float32Array {
  const width = scaler.outputNames.length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((r, k) => out.set(applyScaler(scaler, r), k * width));
  return out;
}

/** The scaler as JSON text. */
export function scalerToJSON(scaler: FeatureScaler): string {
  return JSON.stringify(scaler);
}

/** Reads a scaler from JSON text or a parsed object, checking every field. Throws INVALID_INPUT when malformed. */
export function scalerFromJSON(json: string | unknown): FeatureScaler {
  const fail = (what: string): never => {
    throw new StorefrontError('INVALID_INPUT', `Scaler JSON: ${what}. Pass what scalerToJSON() produced.`);
  };
  let value: unknown = json;
  if (typeof json === 'string') {
    try { value = JSON.parse(json); } catch (error) {
      throw new StorefrontError('INVALID_INPUT', 'Scaler JSON: not valid JSON. Pass what scalerToJSON() produced.', { cause: error });
    }
  }
  const s = value as Partial<FeatureScaler> | null;
  if (!s || s.format !== 'storefront-ml/feature-scaler') fail('format is not "storefront-ml/feature-scaler"');
  if (s?.version !== 1) fail(`unsupported version ${show(s?.version)}; this build reads version 1`);
  if (!Array.isArray(s?.columns)) fail('columns must be an array');
  const columns = (s as FeatureScaler).columns.map((c, i) => {
    if (typeof c?.name !== 'string') fail(`column ${i} has no name`);
    if (c.kind === 'numeric') {
      const nums = [c.fill, c.center, c.scale];
      if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n)) || c.scale <= 0 || typeof c.log1p !== 'boolean') {
        fail(`numeric column ${c.name} needs finite fill, center, scale > 0 and a boolean log1p`);
      }
      return { name: c.name, kind: 'numeric', fill: c.fill, log1p: c.log1p, center: c.center, scale: c.scale } as NumericColumn;
    }
    if (c.kind === 'categorical') {
      if (!Array.isArray(c.values) || !c.values.every((v) => typeof v === 'string')) fail(`categorical column ${c.name} needs string values`);
      return { name: c.name, kind: 'categorical', values: [...c.values] } as CategoricalColumn;
    }
    return fail(`column ${i} has kind ${show((c as { kind?: unknown }).kind)}; expected numeric or categorical`);
  });
  return { format: 'storefront-ml/feature-scaler', version: 1, columns, outputNames: outputNamesOf(columns) };
}
