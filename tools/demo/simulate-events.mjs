#!/usr/bin/env node
// @ts-check
/**
 * A SIMULATED event log for the demo shop: invented shoppers browsing the demo's catalogue (the real photo catalogue
 * or the generated placeholder one), written in the common e-commerce CSV shape
 * (`event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session`) that
 * `storefront-ml train recommend` reads. Deterministic: the same catalogue and seed give the same bytes.
 *
 * The structure the demo's models are meant to find, and nothing else (this is not real behaviour):
 * - co-viewed: a shopper keeps to one "home" category and one gender (70 %), often looks at the category
 *   that goes with it (20 %), rarely anywhere else; within a category they lean to one colour;
 * - co-bought: every product has a fixed match in the companion category, bought with it more often than not;
 * - purchases: about one session in five goes on to a purchase; those sessions are longer and add to the cart
 *   first, while bounces (one or two views) never buy;
 * - trending: a few "hits" get many views in the log's last 12 hours;
 * - coverage: every product is viewed at least once, so the recommender knows the whole catalogue.
 *
 * Usage: node tools/demo/simulate-events.mjs <catalogue.json> <out.csv> (prepare.mjs imports it instead).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../harness/seeded-random.mjs';

export const CSV_HEADER = 'event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session';

/** The log's last moment (fixed, so the bytes do not depend on the day it runs). */
export const SIMULATED_END = Date.UTC(2026, 10, 30, 23, 0, 0);
const DAY = 24 * 3_600_000;

/** Categories simulated shoppers often combine in one visit (the generated catalogue's four form a cycle too). */
const COMPANION = /** @type {Record<string, string>} */ ({
  tshirts: 'jeans', jeans: 'casual_shoes', shirts: 'watches', casual_shoes: 'backpacks',
  watches: 'sunglasses', handbags: 'sunglasses', sunglasses: 'handbags', backpacks: 'tshirts',
});


/** "2026-11-30 23:00:00 UTC", the shape of the REES46 logs. */
const formatTime = (/** @type {number} */ ms) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** RFC 4180 quoting, only where a field needs it. */
const field = (/** @type {string} */ v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * @typedef {{ productId: string, category: string, price: number, attributes?: Record<string, string> }} SimProduct
 * @typedef {{ shoppers?: number, seed?: number, end?: number }} SimOptions
 * @typedef {{ csv: string, events: number, shoppers: number, sessions: number, purchaseSessions: number, start: number, end: number,
 *   recentViews: { productId: string, time: number }[] }} SimulatedLog
 */

/**
 * The simulated log of `products` as CSV text (header + rows in time order) and what it holds; `recentViews` are the
 * views of its last 48 hours (what the demo's trending list is computed from, instead of fetching the whole log).
 * @param {readonly SimProduct[]} products
 * @param {SimOptions} [options]
 * @returns {SimulatedLog}
 */
export function simulateEventLog(products, options = {}) {
  if (products.length === 0) throw new Error('simulate-events: the catalogue has no products.');
  const random = seededRandom(options.seed ?? 7);
  const end = options.end ?? SIMULATED_END;
  const shoppers = options.shoppers ?? 700;
  const pick = /** @template T @param {readonly T[]} items @returns {T} */ (items) => /** @type {T} */ (items[Math.floor(random() * items.length)]);
  const chance = (/** @type {number} */ p) => random() < p;
  const between = (/** @type {number} */ lo, /** @type {number} */ hi) => lo + Math.floor(random() * (hi - lo + 1));

  const byCategory = new Map(/** @type {[string, SimProduct[]][]} */ ([]));
  for (const p of products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  const categories = [...byCategory.keys()];
  const categoryIds = new Map(categories.map((c, i) => [c, String(2053013552226107000n + BigInt(i))]));
  const companionOf = (/** @type {string} */ c) =>
    byCategory.has(COMPANION[c] ?? '') ? /** @type {string} */ (COMPANION[c]) : /** @type {string} */ (categories[(categories.indexOf(c) + 1) % categories.length]);
  const gender = (/** @type {SimProduct} */ p) => p.attributes?.gender ?? '';
  const colour = (/** @type {SimProduct} */ p) => p.attributes?.colour ?? '';
  /** Products of `category` a shopper of `g` would look at (all of them when none fits). */
  const poolOf = (/** @type {string} */ category, /** @type {string} */ g) => {
    const all = byCategory.get(category) ?? products;
    const fits = all.filter((p) => !g || !gender(p) || gender(p) === g || gender(p) === 'Unisex');
    return fits.length > 0 ? fits : all;
  };
  // Each product's fixed match in the companion category (same gender where possible): the "bought together" pair.
  const match = new Map(products.map((p) => [p.productId, pick(poolOf(companionOf(p.category), gender(p)))]));
  const hits = Array.from({ length: Math.min(8, products.length) }, () => pick(products));

  /** @type {{ time: number, order: number, cells: string[] }[]} */
  const rows = [];
  const uuid = () => Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  let sessions = 0;
  let purchaseSessions = 0;
  const emit = (/** @type {number} */ time, /** @type {string} */ type, /** @type {SimProduct} */ p, /** @type {string} */ user, /** @type {string} */ session) => {
    time = Math.floor(time / 1000) * 1000; // the CSV has whole seconds
    rows.push({ time, order: rows.length, cells: [formatTime(time), type, p.productId, categoryIds.get(p.category) ?? '', p.category, '', p.price.toFixed(2), user, session] });
  };

  for (let s = 0; s < shoppers; s++) {
    const user = String(512_000_000 + s);
    const home = pick(categories);
    const g = gender(pick(byCategory.get(home) ?? products));
    const companion = companionOf(home);
    const likedColour = colour(pick(byCategory.get(home) ?? products));
    const browse = () => {
      const r = random();
      const pool = r < 0.7 ? poolOf(home, g) : r < 0.9 ? poolOf(companion, g) : products;
      const liked = pool.filter((p) => likedColour && colour(p) === likedColour);
      return pick(liked.length > 0 && chance(0.5) ? liked : pool);
    };
    const visits = 1 + (chance(0.5) ? 1 : 0) + (chance(0.25) ? 1 : 0);
    for (let v = 0; v < visits; v++) {
      const session = uuid();
      sessions++;
      const kind = random();
      const bounce = kind < 0.25;
      const buyer = !bounce && kind > 0.8;
      const views = bounce ? between(1, 2) : buyer ? between(5, 16) : between(3, 12);
      let time = end - 28 * DAY + random() * (28 * DAY - 3 * 3_600_000);
      const step = () => (time += (buyer ? 40_000 : 15_000) + random() * 120_000);
      /** @type {SimProduct[]} */
      const seen = [];
      /** @type {SimProduct[]} */
      const cart = [];
      for (let i = 0; i < views; i++) {
        const p = seen.length > 0 && chance(buyer ? 0.3 : 0.12) ? pick(seen) : browse(); // buyers come back to products
        seen.push(p);
        emit(step(), 'view', p, user, session);
        if (!bounce && chance(buyer ? 0.25 : 0.06)) {
          emit(step(), 'cart', p, user, session);
          cart.push(p);
          if (!buyer && chance(0.3)) emit(step(), 'remove_from_cart', /** @type {SimProduct} */ (cart.pop()), user, session);
        }
      }
      if (!buyer) continue;
      if (cart.length === 0) {
        const p = /** @type {SimProduct} */ (seen[seen.length - 1]);
        emit(step(), 'cart', p, user, session);
        cart.push(p);
      }
      const first = /** @type {SimProduct} */ (cart[0]);
      const partner = /** @type {SimProduct} */ (match.get(first.productId));
      if (chance(0.65) && !cart.includes(partner)) {
        emit(step(), 'view', partner, user, session);
        emit(step(), 'cart', partner, user, session);
        cart.push(partner);
      }
      for (const p of cart) emit(step(), 'purchase', p, user, session);
      purchaseSessions++;
    }
  }
  // This week's hits: short visits of other shoppers in the last 12 hours, so trending differs from popular.
  for (let s = 0; s < Math.ceil(shoppers / 5); s++) {
    const user = String(513_000_000 + s);
    const session = uuid();
    sessions++;
    let time = end - 3_600_000 - random() * 11 * 3_600_000;
    for (let i = between(1, 3); i > 0; i--) emit((time += 20_000 + random() * 60_000), 'view', chance(0.8) ? pick(hits) : pick(products), user, session);
  }

  // Every product gets looked at: shoppers who came from a search engine straight to one that nobody viewed yet.
  const viewed = new Set(rows.map((r) => r.cells[2]));
  let u = 514_000_000;
  for (const p of products.filter((q) => !viewed.has(q.productId))) {
    const user = String(u++);
    const session = uuid();
    sessions++;
    let time = end - 28 * DAY + random() * (27 * DAY);
    emit(time, 'view', p, user, session);
    emit((time += 30_000 + random() * 90_000), 'view', pick(poolOf(p.category, gender(p))), user, session);
  }

  rows.sort((a, b) => a.time - b.time || a.order - b.order);
  const csv = `${[CSV_HEADER, ...rows.map((r) => r.cells.map(field).join(','))].join('\n')}\n`;
  const last = rows[rows.length - 1]?.time ?? end;
  const recentViews = rows.filter((r) => r.cells[1] === 'view' && r.time > last - 2 * DAY).map((r) => ({ productId: /** @type {string} */ (r.cells[2]), time: r.time }));
  return { csv, recentViews, events: rows.length, shoppers: u - 514_000_000 + shoppers + Math.ceil(shoppers / 5), sessions, purchaseSessions, start: rows[0]?.time ?? end, end: last };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [catalogueFile, out] = process.argv.slice(2);
  if (!catalogueFile || !out) {
    console.error('Usage: node tools/demo/simulate-events.mjs <catalogue.json> <out.csv>');
    process.exit(2);
  }
  const { products } = JSON.parse(readFileSync(catalogueFile, 'utf8'));
  const log = simulateEventLog(products);
  writeFileSync(out, log.csv);
  console.log(`simulate-events: ${log.events} SIMULATED events, ${log.sessions} sessions (${log.purchaseSessions} with a purchase) → ${out}`);
}
