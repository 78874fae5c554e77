/** Seeded splits for reproducible evaluation: pure functions, run in Node. */
import { seededRandom, shuffleInPlace } from '../core/random.ts';

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
  const random = seededRandom(seed);
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
