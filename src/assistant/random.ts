/** Seeded randomness for reproducible training and splits: pure functions, run in Node. */

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given generator. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * Stratified split: per label, a seeded shuffle, then the first `fraction` (rounded, at least one when the label has
 * two or more rows) go to `held`. Returns row indices.
 */
export function stratifiedSplit(labels: ArrayLike<string | number>, fraction: number, seed: number): { kept: number[]; held: number[] } {
  const byLabel = new Map<string | number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as string | number;
    const rows = byLabel.get(label) ?? [];
    rows.push(i);
    byLabel.set(label, rows);
  }
  const random = mulberry32(seed);
  const kept: number[] = [];
  const held: number[] = [];
  for (const rows of byLabel.values()) {
    shuffleInPlace(rows, random);
    const n = rows.length < 2 ? 0 : Math.max(1, Math.round(rows.length * fraction));
    held.push(...rows.slice(0, n));
    kept.push(...rows.slice(n));
  }
  return { kept: kept.sort((a, b) => a - b), held: held.sort((a, b) => a - b) };
}
