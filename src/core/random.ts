/** Seeded randomness for reproducible training, sampling and splits: pure functions, run in Node too. */

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same floats in [0, 1) everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of an array or typed array, in place, with `random`. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(items: T, random: () => number): T {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}

/**
 * The indices of each label, labels in ascending order, not first appearance: a split must not depend on which class
 * the data starts with.
 */
function indicesByLabel(labels: ArrayLike<string | number>): number[][] {
  const byLabel = new Map<string | number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] as string | number;
    const rows = byLabel.get(label);
    if (rows) rows.push(i);
    else byLabel.set(label, [i]);
  }
  const order = [...byLabel.keys()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  return order.map((label) => byLabel.get(label) as number[]);
}

/**
 * Stratified split of indices 0…labels.length-1: per label (labels in ascending order), a seeded shuffle, then
 * `testFraction` of its rows (rounded; at least one when the label has two or more rows) go to `test`, so both parts
 * keep each label's share. Indices are returned sorted. Used by intent validation, assistant calibration and evals.
 */
export function stratifiedSplit(labels: ArrayLike<string | number>, testFraction: number, seed: number): { train: number[]; test: number[] } {
  const random = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const indices of indicesByLabel(labels)) {
    const rows = shuffleInPlace(indices, random);
    const n = rows.length < 2 ? 0 : Math.max(1, Math.round(rows.length * testFraction));
    test.push(...rows.slice(0, n));
    train.push(...rows.slice(n));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * Stratified K-fold assignment of indices 0…labels.length-1: per label (ascending), a seeded shuffle dealt round-robin
 * into `k` folds, so every fold keeps each label's share. Returns the fold (0…k-1) of each index.
 */
export function stratifiedFolds(labels: ArrayLike<string | number>, k: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const fold = new Uint8Array(labels.length);
  let next = 0;
  for (const indices of indicesByLabel(labels)) for (const i of shuffleInPlace(indices, random)) fold[i] = next++ % k;
  return fold;
}
