/**
 * Ranking metrics of the S3-Rec protocol: the target's rank among all items (the user's history masked),
 * HR@K, NDCG@K with binary relevance, MRR, and catalogue coverage. Pure, runs in Node.
 */

/**
 * The 0-based rank of `target` among all items by `scores`, skipping masked items (never the target itself).
 * Ties are broken by item index, lower first, so a model that gives every item the same score is not rewarded.
 */
export function rankOf(scores: ArrayLike<number>, target: number, masked?: ArrayLike<number>): number {
  const t = scores[target] as number;
  let rank = 0;
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s > t || (s === t && i < target)) rank++;
  }
  if (masked) {
    // Masked items are scored as if absent: take back the ones counted above, each once.
    const seen = new Set<number>();
    for (let m = 0; m < masked.length; m++) {
      const i = masked[m] as number;
      if (i === target || seen.has(i)) continue;
      seen.add(i);
      const s = scores[i] as number;
      if (s > t || (s === t && i < target)) rank--;
    }
  }
  return rank;
}

/** HR@K, NDCG@K, MRR over a list of 0-based ranks, averaged over cases. */
export interface RankingMetrics {
  hr: Record<number, number>;
  ndcg: Record<number, number>;
  /** Mean reciprocal rank over the full ranking (no cutoff). */
  mrr: number;
  /** Mean reciprocal rank counting only ranks within `mrrCutoff` (MRR@K), when asked. */
  mrrAt?: number;
  cases: number;
}

/** Hit rate and NDCG (binary relevance: 1/log2(rank+2) when rank < K) at each K, and MRR. */
export function rankingMetrics(ranks: ArrayLike<number>, ks: readonly number[] = [5, 10, 20], mrrCutoff?: number): RankingMetrics {
  const hr: Record<number, number> = {};
  const ndcg: Record<number, number> = {};
  for (const k of ks) {
    hr[k] = 0;
    ndcg[k] = 0;
  }
  let mrr = 0;
  let mrrAt = 0;
  const n = ranks.length;
  for (let c = 0; c < n; c++) {
    const r = ranks[c] as number;
    mrr += 1 / (r + 1);
    if (mrrCutoff !== undefined && r < mrrCutoff) mrrAt += 1 / (r + 1);
    for (const k of ks) {
      if (r < k) {
        hr[k] = (hr[k] as number) + 1;
        ndcg[k] = (ndcg[k] as number) + 1 / Math.log2(r + 2);
      }
    }
  }
  const d = Math.max(n, 1);
  for (const k of ks) {
    hr[k] = (hr[k] as number) / d;
    ndcg[k] = (ndcg[k] as number) / d;
  }
  return { hr, ndcg, mrr: mrr / d, ...(mrrCutoff === undefined ? {} : { mrrAt: mrrAt / d }), cases: n };
}

/** Catalogue coverage: the share of the `numItems` items that appear in at least one of the lists. */
export function coverage(lists: readonly ArrayLike<number>[], numItems: number): number {
  const seen = new Uint8Array(numItems);
  let count = 0;
  for (const list of lists) {
    for (let i = 0; i < list.length; i++) {
      const item = list[i] as number;
      if (item >= 0 && item < numItems && seen[item] === 0) {
        seen[item] = 1;
        count++;
      }
    }
  }
  return numItems === 0 ? 0 : count / numItems;
}
