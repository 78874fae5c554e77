/**
 * The shopper-event vocabulary shared by the history store, preprocessing, purchase intent and recommendations.
 * Plain data, no storage here: models take events as arguments and never open storage themselves.
 */

export const EVENT_TYPES = ['view', 'click', 'cart_add', 'cart_remove', 'purchase', 'search', 'dwell'] as const;

/** What the shopper did. */
export type EventType = (typeof EVENT_TYPES)[number];

export const PAGE_KINDS = ['home', 'category', 'product', 'search', 'cart', 'checkout', 'account', 'info', 'other'] as const;

/**
 * The kind of page an event happened on. Purchase-intent features count and time pages by kind (the UCI
 * Online Shoppers data calls them administrative = account/cart/checkout, informational = info, product-related =
 * home/category/product/search).
 */
export type PageKind = (typeof PAGE_KINDS)[number];

/** One thing a shopper did, as the shop records it. */
export interface ShopperEvent {
  type: EventType;
  /** When it happened, in milliseconds since the Unix epoch. */
  time: number;
  /** The shop's session id; sessions can also be re-segmented by inactivity. */
  sessionId: string;
  /** The product concerned; required for click, cart_add, cart_remove and purchase, and for a view unless its `page` is another kind than product. */
  productId?: string;
  category?: string;
  /** Unit price in the shop's currency. */
  price?: number;
  /** Items added, removed or bought. @default 1 */
  quantity?: number;
  /** The search text, for `search`. */
  query?: string;
  /** Time spent, for `dwell` (on a product or page). */
  durationMs?: number;
  /** The kind of page the event happened on. */
  page?: PageKind;
  /** Small, validated extra facts (string, number or boolean values). */
  extras?: Record<string, string | number | boolean>;
}

/** An event as stored, with the id the store gave it. */
export interface StoredEvent extends ShopperEvent {
  id: string;
}

/** What changed in a history store; delivered to subscribers in this tab and in other tabs. */
export type HistoryChange =
  | { kind: 'added'; events: StoredEvent[] }
  | { kind: 'removed'; ids: string[]; reason: 'retention' | 'quota' | 'import' }
  | { kind: 'erased' }
  | { kind: 'imported'; count: number };

/**
 * The read side of the history store that models and watchers depend on. The store implements it; tests and
 * shops may pass anything with this shape.
 */
export interface HistoryReader {
  /** Events of one session, oldest first. */
  bySession(sessionId: string): Promise<StoredEvent[]>;
  /** The most recent `limit` events, oldest first. */
  recent(limit: number): Promise<StoredEvent[]>;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (change: HistoryChange) => void): () => void;
}
