/**
 * SIMULATED other shoppers. The demo has no real interaction logs for its catalogue, so it invents 600 shoppers
 * with plausible tastes to train the recommender's item embeddings and the trending list. Deterministic (seeded);
 * labelled "simulated" wherever the page uses it.
 */
import { seededRandom } from '../src/eval/index.ts';

export interface SimProduct {
  productId: string;
  category: string;
  attributes: Record<string, string>;
}

export interface SimulatedShoppers {
  /** One product-id sequence per simulated shopper, oldest first. */
  sequences: string[][];
  /** Their views with timestamps over the last week (for the trending list). */
  events: { productId: string; time: number }[];
}

/** Categories simulated shoppers often combine in one visit. */
const PAIRS: Record<string, string> = {
  tshirts: 'jeans', jeans: 'casual_shoes', shirts: 'watches', casual_shoes: 'backpacks',
  watches: 'sunglasses', handbags: 'sunglasses', sunglasses: 'handbags', backpacks: 'tshirts',
};

export function simulateShoppers(products: readonly SimProduct[], options: { shoppers?: number; seed?: number; now?: number } = {}): SimulatedShoppers {
  const random = seededRandom(options.seed ?? 7);
  const now = options.now ?? Date.now();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const byCategory = new Map<string, SimProduct[]>();
  for (const p of products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  const categories = [...byCategory.keys()];
  // A few products are "this week's hits": they get extra recent views, so trending differs from popular.
  const hits = new Set(Array.from({ length: 8 }, () => pick(products).productId));
  const sequences: string[][] = [];
  const events: { productId: string; time: number }[] = [];
  for (let s = 0; s < (options.shoppers ?? 600); s++) {
    const home = pick(categories);
    const gender = pick(byCategory.get(home) ?? products).attributes.gender;
    const partner = PAIRS[home] ?? pick(categories);
    const length = 6 + Math.floor(random() * 9);
    const start = now - random() * 7 * 24 * 3_600_000;
    const seq: string[] = [];
    for (let i = 0; i < length; i++) {
      const r = random();
      const pool = r < 0.7 ? byCategory.get(home) : r < 0.9 ? byCategory.get(partner) : products;
      const sameGender = (pool ?? products).filter((p) => p.attributes.gender === gender || !gender);
      const product = pick(sameGender.length > 0 ? sameGender : pool ?? products);
      seq.push(product.productId);
      events.push({ productId: product.productId, time: start + i * 60_000 });
    }
    sequences.push(seq);
    if (random() < 0.3) events.push({ productId: pick([...hits]), time: now - random() * 12 * 3_600_000 });
  }
  return { sequences, events };
}
