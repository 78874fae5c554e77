/**
 * A shop's catalogue for training the recommender, from the event log itself (its categories and brands) or from an
 * attributes file (product id → attributes, S3-Rec's `item2attributes.json` as it is). Pure and browser-safe.
 */
import { StorefrontError } from '../core/errors.ts';
import type { ProductInfo } from '../recommend/lists.ts';
import type { LogEvent } from './event-log.ts';

/**
 * Each product's category and brand as its log last gives them: `category` (the CSV's `category_code`, else
 * `category_id`) and the attribute `brand:<brand>` (from `extras.brand`). Products with neither are left out.
 */
export function catalogFromEvents(events: readonly LogEvent[]): ProductInfo[] {
  const seen = new Map<string, { category?: string; brand?: string }>();
  for (const e of events) {
    if (e.productId === undefined) continue;
    const brand = e.extras?.brand;
    if (e.category === undefined && typeof brand !== 'string') continue;
    const p = seen.get(e.productId) ?? {};
    if (e.category !== undefined) p.category = e.category;
    if (typeof brand === 'string') p.brand = brand;
    seen.set(e.productId, p);
  }
  return [...seen].map(([productId, p]) => ({
    productId, ...(p.category === undefined ? {} : { category: p.category }), ...(p.brand === undefined ? {} : { attributes: [`brand:${p.brand}`] }),
  }));
}

/**
 * Reads an attributes file: a JSON object of product id → array of attributes (strings or numbers; numbers become
 * their decimal text). Throws INVALID_INPUT naming the first entry that is not so.
 */
export function catalogFromAttributes(text: string, source = 'Attributes'): ProductInfo[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new StorefrontError('INVALID_INPUT', `${source}: not JSON (${(cause as Error).message}). Expected an object of product id → attributes, e.g. {"p1": ["brand:acme", "lipstick"]}.`, { cause });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new StorefrontError('INVALID_INPUT', `${source}: expected a JSON object of product id → attributes, e.g. {"p1": ["brand:acme", "lipstick"]}.`);
  }
  return Object.entries(json as Record<string, unknown>).map(([productId, list]) => {
    if (!Array.isArray(list) || !list.every((a) => typeof a === 'string' || (typeof a === 'number' && Number.isFinite(a)))) {
      throw new StorefrontError('INVALID_INPUT', `${source}: the entry of product "${productId}" must be an array of strings or numbers; got ${JSON.stringify(list)?.slice(0, 80)}.`, { details: { productId } });
    }
    return { productId, attributes: list.map(String) };
  });
}
