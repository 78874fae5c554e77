/** Top-K selection over dense score arrays: the one used by recommendations, visual search and classify. Pure, runs in Node. */

export interface TopKIndicesOptions {
  /** Only `scores[0..count)` are read (a store's score buffer may be longer than its rows). @default scores.length */
  count?: number;
  /** Excludes an index from the result. */
  skip?: (index: number) => boolean;
}

/**
 * Returns the indices of the `k` highest scores, best first. Ties: lower index first; NaN and -Infinity are never
 * returned.
 */
export function topKIndices(scores: ArrayLike<number>, k: number, options: TopKIndicesOptions = {}): number[] {
  const { skip } = options;
  // A min-heap of size k over (score, index): O(n log k), no full sort of 1M scores.
  const heapScore = new Float64Array(k);
  const heapIndex = new Int32Array(k);
  let size = 0;
  const worse = (sa: number, ia: number, sb: number, ib: number) => sa < sb || (sa === sb && ia > ib);
  const n = Math.min(options.count ?? scores.length, scores.length);
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    if (s !== s || s === -Infinity) continue;
    if (size === k && !worse(heapScore[0] as number, heapIndex[0] as number, s, i)) continue;
    if (skip !== undefined && skip(i)) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(s, i, heapScore[p] as number, heapIndex[p] as number)) break;
        heapScore[c] = heapScore[p] as number;
        heapIndex[c] = heapIndex[p] as number;
        c = p;
      }
      heapScore[c] = s;
      heapIndex[c] = i;
    } else {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= size) break;
        const r = l + 1;
        const m = r < size && worse(heapScore[r] as number, heapIndex[r] as number, heapScore[l] as number, heapIndex[l] as number) ? r : l;
        if (!worse(heapScore[m] as number, heapIndex[m] as number, s, i)) break;
        heapScore[c] = heapScore[m] as number;
        heapIndex[c] = heapIndex[m] as number;
        c = m;
      }
      heapScore[c] = s;
      heapIndex[c] = i;
    }
  }
  const out = Array.from(heapIndex.subarray(0, size));
  out.sort((a, b) => ((scores[b] as number) - (scores[a] as number)) || a - b);
  return out;
}
