/**
 * Products' categorical attributes as the sequence model's training input: each distinct attribute gets a row of a
 * learned table, and each product a fixed number of slots pointing into it. Pure data, runs in Node.
 */
import type { ItemAttributeTable } from './sequence-model.ts';

/** At most this many attributes of one product are learned (the first ones given); the rest still serve cold start. */
export const MAX_LEARNED_ATTRIBUTES = 16;

/**
 * The attribute table of products 0…n-1 (`lists[i]`: product i's attributes, any order; undefined or empty for
 * none). Each product's attributes are weighted 1 / their count, so its attribute part is their mean; a repeated
 * attribute counts once. `names[r]` is the attribute of table row r. Returns null when no product has an attribute.
 */
export function itemAttributeTable(lists: readonly (readonly string[] | undefined)[], maxPerItem = MAX_LEARNED_ATTRIBUTES): ItemAttributeTable | null {
  const codes = new Map<string, number>();
  const kept = lists.map((list) => [...new Set(list ?? [])].slice(0, maxPerItem));
  for (const list of kept) for (const a of list) if (!codes.has(a)) codes.set(a, codes.size);
  if (codes.size === 0) return null;
  const perItem = Math.max(...kept.map((l) => l.length));
  // One row more than there are products: the padding item, with no attributes.
  const index = new Int32Array((lists.length + 1) * perItem);
  const weight = new Float32Array(index.length);
  kept.forEach((list, i) => list.forEach((a, k) => {
    index[i * perItem + k] = codes.get(a) as number;
    weight[i * perItem + k] = 1 / list.length;
  }));
  return { count: codes.size, perItem, index, weight, names: [...codes.keys()] };
}
