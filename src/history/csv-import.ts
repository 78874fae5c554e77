/**
 * Importer for event logs in the common e-commerce CSV shape (the REES46 / Kaggle "eCommerce behavior data" shape):
 * `event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session`.
 * Pure, runs in Node; the result can be passed to `store.record()` to seed a history.
 */
import { describeError, StorefrontError } from '../core/errors.ts';
import { optionsOf, show } from '../core/validate.ts';
import type { EventType, ShopperEvent } from './types.ts';
import { validateEvent } from './validate-event.ts';

export const ECOMMERCE_CSV_COLUMNS = ['event_time', 'event_type', 'product_id', 'category_id', 'category_code', 'brand',
  'price', 'user_id', 'user_session'] as const;

/** How the log's `event_type` values map to ours; unknown types are skipped and reported. */
export const ECOMMERCE_EVENT_TYPES: Readonly<Record<string, EventType>> = {
  view: 'view', cart: 'cart_add', remove_from_cart: 'cart_remove', purchase: 'purchase',
};

export interface CsvImportOptions {
  /** Keep only events of this user (`user_id`). @default undefined (all users) */
  userId?: string;
}

export interface CsvImportResult {
  /** Events in file order. `extras` holds `userId`, `brand` and `categoryId` when present. */
  events: ShopperEvent[];
  /** Rows that could not become events, with the 1-based line number and why. */
  skipped: Array<{ line: number; reason: string }>;
}

/** Splits CSV text into rows of fields (RFC 4180: quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** "2019-10-01 00:00:00 UTC" (or any ISO-like time) → ms since the epoch; NaN when unreadable. */
export function parseEventTime(value: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return Number.NaN;
  const zone = !m[3] || m[3] === 'UTC' ? 'Z' : m[3];
  return Date.parse(`${m[1]}T${m[2]}${zone}`);
}

/**
 * Turns an e-commerce CSV log into shopper events: `view` → view on a product page, `cart` → cart_add,
 * `remove_from_cart` → cart_remove, `purchase` → purchase; `user_session` → sessionId; `category_code` (else
 * `category_id`) → category; ids stay strings (category ids exceed 2^53). A malformed header throws INVALID_INPUT;
 * a malformed row is skipped and reported.
 */
export function importEcommerceCsv(text: string, csvOptions?: CsvImportOptions): CsvImportResult {
  if (typeof text !== 'string') {
    throw new StorefrontError('INVALID_INPUT', 'CSV import: the input must be the file\'s text. Read the file with response.text() or fs.readFileSync(path, "utf8").');
  }
  const options = optionsOf('importEcommerceCsv', csvOptions);
  if (options.userId !== undefined && typeof options.userId !== 'string') {
    throw new StorefrontError('INVALID_OPTION', `CSV import: option userId must be a string; got ${show(options.userId)}. Pass the user_id as it is written in the file.`, {
      details: { option: 'userId', value: options.userId },
    });
  }
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = (rows[0] ?? []).map((h) => h.trim());
  const at = Object.fromEntries(ECOMMERCE_CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<string, number>;
  const missing = ECOMMERCE_CSV_COLUMNS.filter((c) => c !== 'category_code' && c !== 'brand' && c !== 'user_id' && at[c] === -1);
  if (missing.length > 0) {
    throw new StorefrontError('INVALID_INPUT',
      `CSV import: the header lacks ${missing.join(', ')}. Expected columns: ${ECOMMERCE_CSV_COLUMNS.join(',')}.`,
      { details: { header } });
  }
  const events: ShopperEvent[] = [];
  const skipped: CsvImportResult['skipped'] = [];
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r] as string[];
    if (cells.length === 1 && cells[0] === '') continue;
    const get = (c: string) => (at[c] !== undefined && at[c] >= 0 ? (cells[at[c]] ?? '').trim() : '');
    const userId = get('user_id');
    if (options.userId !== undefined && userId !== options.userId) continue;
    const type = ECOMMERCE_EVENT_TYPES[get('event_type')];
    if (!type) {
      skipped.push({ line: r + 1, reason: `unknown event_type "${get('event_type')}"` });
      continue;
    }
    const extras: Record<string, string> = {};
    if (userId) extras.userId = userId;
    if (get('brand')) extras.brand = get('brand');
    if (get('category_id')) extras.categoryId = get('category_id');
    const candidate: Record<string, unknown> = {
      type, time: parseEventTime(get('event_time')), sessionId: get('user_session'), productId: get('product_id'),
    };
    if (type === 'view') candidate.page = 'product';
    const category = get('category_code') || get('category_id');
    if (category) candidate.category = category;
    if (get('price') !== '') candidate.price = Number(get('price'));
    if (Object.keys(extras).length > 0) candidate.extras = extras;
    try {
      events.push(validateEvent(candidate, `Line ${r + 1}`));
    } catch (error) {
      skipped.push({ line: r + 1, reason: describeError(error) });
    }
  }
  return { events, skipped };
}
