/** Full-ranking evaluation of a scorer over ranking cases (the S3-Rec protocol). Pure, runs in Node. */
import type { RankingCase } from './dataset.ts';
import { rankOf } from './metrics.ts';
import { topKIndices } from '../core/top-k.ts';

/** Scores a batch of histories at once: returns rows of numItems scores, concatenated. */
export type BatchScorer = (histories: readonly Int32Array[]) => Float32Array | Promise<Float32Array>;

/** Options of {@link rankCases}. */
export interface RankCasesOptions {
  /** Mask the items of each case's history (S3-Rec does on Beauty). @default true */
  maskHistory?: boolean;
  /** Cases scored per batch. @default 256 */
  batchSize?: number;
  /** Length of the top lists kept for coverage. @default 10 */
  coverageK?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Ranks of each case's target (0-based) and each case's top-K list (for coverage). */
export async function rankCases(score: BatchScorer, cases: readonly RankingCase[], numItems: number, options: RankCasesOptions = {}): Promise<{ ranks: Int32Array; tops: number[][] }> {
  const mask = options.maskHistory ?? true;
  const batch = options.batchSize ?? 256;
  const k = options.coverageK ?? 10;
  const ranks = new Int32Array(cases.length);
  const tops: number[][] = [];
  for (let start = 0; start < cases.length; start += batch) {
    options.signal?.throwIfAborted();
    const chunk = cases.slice(start, start + batch);
    const scores = await score(chunk.map((c) => c.history));
    chunk.forEach((c, b) => {
      const row = scores.subarray(b * numItems, (b + 1) * numItems);
      ranks[start + b] = rankOf(row, c.target, mask ? c.history : undefined);
      const masked = mask ? new Set(Array.from(c.history)) : undefined;
      tops.push(topKIndices(row, k, masked ? { skip: (i) => masked.has(i) } : {}));
    });
    options.onProgress?.(Math.min(start + batch, cases.length), cases.length);
  }
  return { ranks, tops };
}

/** Turns a one-history scorer into a {@link BatchScorer}. */
export function batchOf(scorer: { numItems: number; scoreInto(history: ArrayLike<number>, out: Float32Array): void }): BatchScorer {
  return (histories) => {
    const out = new Float32Array(histories.length * scorer.numItems);
    histories.forEach((h, b) => scorer.scoreInto(h, out.subarray(b * scorer.numItems, (b + 1) * scorer.numItems)));
    return out;
  };
}
