/**
 * Validation of shopper events: pure, runs in Node. The store validates a whole batch before it opens a
 * transaction, so a bad event rejects the call and nothing already stored is touched.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { EVENT_TYPES, PAGE_KINDS } from './types.ts';
import type { EventType, PageKind, ShopperEvent, StoredEvent } from './types.ts';

/** Limits on what an event may carry, so history stays small and nothing large hides in `extras`. */
export const EVENT_LIMITS = {
  /** Longest id string (session, product, category). */
  idLength: 200,
  /** Longest search query. */
  queryLength: 500,
  /** Most keys in `extras`. */
  extrasKeys: 16,
  /** Longest `extras` key. */
  extrasKeyLength: 40,
  /** Longest `extras` string value. */
  extrasValueLength: 256,
} as const;

const FIELDS = new Set(['type', 'time', 'sessionId', 'productId', 'category', 'price', 'quantity', 'query',
  'durationMs', 'page', 'extras']);
const NEEDS_PRODUCT: ReadonlySet<EventType> = new Set(['view', 'click', 'cart_add', 'cart_remove', 'purchase']);
// 1990-01-01 … 2200-01-01: catches seconds-instead-of-milliseconds and garbage.
const MIN_TIME = 631_152_000_000;
const MAX_TIME = 7_258_118_400_000;

function bad(where: string, what: string, value: unknown): never {
  throw new StorefrontError('INVALID_INPUT', `${where}: ${what}; got ${show(value)}.`, { details: { value } });
}

function idString(where: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > EVENT_LIMITS.idLength) {
    bad(where, `${field} must be a non-empty string of at most ${EVENT_LIMITS.idLength} characters`, value);
  }
  return value;
}

function finite(where: string, field: string, value: unknown, min: number, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    bad(where, `${field} must be a finite ${integer ? 'integer' : 'number'} ≥ ${min}`, value);
  }
  return value;
}

function extrasOf(where: string, value: unknown): Record<string, string | number | boolean> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) ||
    Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    bad(where, 'extras must be a plain object', value);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > EVENT_LIMITS.extrasKeys) bad(where, `extras may hold at most ${EVENT_LIMITS.extrasKeys} keys`, entries.length);
  const out: Record<string, string | number | boolean> = {};
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > EVENT_LIMITS.extrasKeyLength) {
      bad(where, `extras keys must have 1 to ${EVENT_LIMITS.extrasKeyLength} characters`, key);
    }
    const ok = typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && v.length <= EVENT_LIMITS.extrasValueLength);
    if (!ok) bad(where, `extras.${key} must be a boolean, a finite number or a string of at most ${EVENT_LIMITS.extrasValueLength} characters`, v);
    out[key] = v as string | number | boolean;
  }
  return out;
}

/**
 * Checks one event and returns a clean copy holding only known fields. Throws INVALID_INPUT naming the event
 * (`label`, e.g. "Event 3") and the field.
 */
export function validateEvent(value: unknown, label = 'Event'): ShopperEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(label, 'an event must be an object', value);
  const e = value as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!FIELDS.has(key)) bad(label, `unknown field "${key}". Known fields: ${[...FIELDS].join(', ')}`, e[key]);
  }
  if (typeof e.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(e.type)) {
    bad(label, `type must be one of: ${EVENT_TYPES.join(', ')}`, e.type);
  }
  const type = e.type as EventType;
  const time = finite(label, 'time (milliseconds since the epoch)', e.time, 0);
  if (time < MIN_TIME || time > MAX_TIME) bad(label, 'time must be milliseconds since the epoch between 1990 and 2200 (seconds given?)', time);
  const out: ShopperEvent = { type, time, sessionId: idString(label, 'sessionId', e.sessionId) };
  if (e.productId !== undefined) out.productId = idString(label, 'productId', e.productId);
  // A view of a page that is not a product's (home, category, cart, checkout…) names its page instead.
  else if (NEEDS_PRODUCT.has(type) && !(type === 'view' && e.page !== undefined && e.page !== 'product')) {
    bad(label, `productId is required for ${type} events${type === 'view' ? ' (or a page other than product: page: \'checkout\')' : ''}`, e.productId);
  }
  if (e.category !== undefined) out.category = idString(label, 'category', e.category);
  if (e.price !== undefined) out.price = finite(label, 'price', e.price, 0);
  if (e.quantity !== undefined) {
    out.quantity = finite(label, 'quantity', e.quantity, 1, true);
  }
  if (e.query !== undefined) {
    if (typeof e.query !== 'string' || e.query.length > EVENT_LIMITS.queryLength) {
      bad(label, `query must be a string of at most ${EVENT_LIMITS.queryLength} characters`, e.query);
    }
    out.query = e.query;
  }
  if (e.durationMs !== undefined) out.durationMs = finite(label, 'durationMs', e.durationMs, 0);
  if (e.page !== undefined) {
    if (typeof e.page !== 'string' || !(PAGE_KINDS as readonly string[]).includes(e.page)) {
      bad(label, `page must be one of: ${PAGE_KINDS.join(', ')}`, e.page);
    }
    out.page = e.page as PageKind;
  }
  if (e.extras !== undefined) out.extras = extrasOf(label, e.extras);
  return out;
}

/** Validates a batch; the first bad event throws, naming its index. */
export function validateEvents(values: readonly unknown[]): ShopperEvent[] {
  // Array.from visits holes ([e1, , e2]) as undefined, which map would skip and leave for IndexedDB to refuse.
  return Array.from(values, (v, i) => validateEvent(v, values.length === 1 ? 'Event' : `Event ${i}`));
}

/** Id format of stored events: time in base 36 (9 digits, sortable) + '-' + random base-36 suffix. */
export const EVENT_ID = /^[0-9a-z]{9}-[0-9a-z]{6,24}$/;

/** A new event id. Ids sort by event time, so the primary key order is (close to) time order. */
export function newEventId(time: number): string {
  const rand = new Uint32Array(2);
  crypto.getRandomValues(rand);
  const suffix = ((rand[0] as number).toString(36) + (rand[1] as number).toString(36)).padStart(12, '0');
  return `${Math.floor(time).toString(36).padStart(9, '0')}-${suffix}`;
}

/** Checks a stored event (from the database or an import); throws INVALID_INPUT when it is not one. */
export function validateStoredEvent(value: unknown, label = 'Stored event'): StoredEvent {
  if (typeof value !== 'object' || value === null) bad(label, 'a stored event must be an object', value);
  const { id, ...rest } = value as Record<string, unknown>;
  if (typeof id !== 'string' || !EVENT_ID.test(id)) bad(label, 'id must be an id given by the history store', id);
  return { id, ...validateEvent(rest, label) };
}
