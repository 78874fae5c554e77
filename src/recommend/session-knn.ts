/**
 * Session-kNN over a compact index of the training sessions (STAN-style: Garg et al. 2019, sequence-aware session
 * kNN), and the three-way blend `recommend()` uses: learned model + session-kNN + item-kNN. Pure, runs in Node.
 * Item indices are 0…numItems-1, histories oldest first.
 */
import type { ItemSimilarity } from './baselines.ts';

/** The training sessions, CSR: session s holds items[start[s] … start[s + 1]), oldest first. What is saved. */
export interface SessionIndex {
  numItems: number;
  start: Int32Array;
  items: Int32Array;
}

/** How session-kNN scores (the defaults were chosen on a validation split of the DIGINETICA sample). */
export interface SessionKnnParams {
  /** Neighbour sessions that vote. */
  neighbours: number;
  /** Weight per step back of a query item (the current session's most recent item weighs 1). */
  decay: number;
  /** Weight per step away, in a neighbour session, from its last item shared with the query (STAN's λ3). */
  positionDecay: number;
  /** Sessions read per query item, most recent first (bounds the time of a query on popular items). */
  sample: number;
  /** Distinct recent items of the history that form the query. */
  queryLength: number;
}

export const SESSION_KNN_DEFAULTS: Readonly<SessionKnnParams> = { neighbours: 100, decay: 0.8, positionDecay: 0.7, sample: 1000, queryLength: 20 };

/** The index of `train` (the most recent `maxSessions` sequences, each cut to its last `maxLength` items). */
export function sessionIndex(train: readonly ArrayLike<number>[], numItems: number, maxSessions = 100_000, maxLength = 50): SessionIndex {
  const kept = train.slice(Math.max(0, train.length - maxSessions));
  const start = new Int32Array(kept.length + 1);
  kept.forEach((s, i) => (start[i + 1] = (start[i] as number) + Math.min(s.length, maxLength)));
  const items = new Int32Array(start[kept.length] as number);
  kept.forEach((s, i) => {
    const from = s.length - Math.min(s.length, maxLength);
    for (let p = from, q = start[i] as number; p < s.length; p++) items[q++] = s[p] as number;
  });
  return { numItems, start, items };
}

/** Session-kNN over an index: `scoreInto(history, out)` adds nothing beyond `index.numItems`. */
export class SessionKnn {
  readonly numItems: number;
  private readonly p: SessionKnnParams;
  private readonly postingStart: Int32Array;
  private readonly postings: Int32Array;
  private readonly overlap: Float64Array;
  private readonly lengths: Int32Array;

  constructor(private readonly index: SessionIndex, params: Partial<SessionKnnParams> = {}) {
    this.p = { ...SESSION_KNN_DEFAULTS, ...params };
    const { numItems: n, start, items } = index;
    const sessions = start.length - 1;
    this.numItems = n;
    // Postings: for each item, the sessions holding it (once each), in session order (oldest first).
    const count = new Int32Array(n + 1);
    const lengths = new Int32Array(sessions);
    const seen = new Int32Array(n).fill(-1);
    for (let s = 0; s < sessions; s++) {
      for (let q = start[s] as number; q < (start[s + 1] as number); q++) {
        const i = items[q] as number;
        if (seen[i] === s) continue;
        seen[i] = s;
        count[i + 1]! += 1;
        lengths[s]! += 1;
      }
    }
    for (let i = 0; i < n; i++) count[i + 1]! += count[i] as number;
    const postings = new Int32Array(count[n] as number);
    const fill = count.slice(0, n);
    seen.fill(-1);
    for (let s = 0; s < sessions; s++) {
      for (let q = start[s] as number; q < (start[s + 1] as number); q++) {
        const i = items[q] as number;
        if (seen[i] === s) continue;
        seen[i] = s;
        postings[fill[i]!++] = s;
      }
    }
    this.postingStart = count;
    this.postings = postings;
    this.lengths = lengths;
    this.overlap = new Float64Array(sessions);
  }

  /** Writes session-kNN scores into `out` (zeroed first); returns their sum. */
  scoreInto(history: ArrayLike<number>, out: Float32Array): number {
    out.fill(0);
    const { neighbours: k, decay, positionDecay, sample, queryLength } = this.p;
    const { start, items, numItems: n } = this.index;
    const weights = new Map<number, number>();
    let w = 1;
    for (let h = history.length - 1; h >= 0 && weights.size < queryLength; h--, w *= decay) {
      const i = history[h] as number;
      if (i >= 0 && i < n && !weights.has(i)) weights.set(i, w);
    }
    if (weights.size === 0) return 0;
    const touched: number[] = [];
    for (const [i, wi] of weights) {
      const first = this.postingStart[i] as number;
      for (let p = (this.postingStart[i + 1] as number) - 1, read = 0; p >= first && read < sample; p--, read++) {
        const s = this.postings[p] as number;
        if (this.overlap[s] === 0) touched.push(s);
        this.overlap[s]! += wi;
      }
    }
    const norm = Math.sqrt(weights.size);
    const scored = touched.map((s) => [s, (this.overlap[s] as number) / (norm * Math.sqrt(this.lengths[s] as number))] as const);
    for (const s of touched) this.overlap[s] = 0;
    scored.sort((a, b) => b[1] - a[1] || b[0] - a[0]);
    let total = 0;
    // The query's most recent items first: the first one a neighbour holds anchors its position weights.
    const recent = [...weights.keys()];
    for (let r = 0; r < Math.min(k, scored.length); r++) {
      const [s, sim] = scored[r] as readonly [number, number];
      const from = start[s] as number;
      const to = start[s + 1] as number;
      let anchor = -1;
      for (const i of recent) {
        for (let q = to - 1; q >= from; q--) if (items[q] === i) { anchor = q; break; }
        if (anchor >= 0) break;
      }
      for (let q = from; q < to; q++) {
        const v = sim * positionDecay ** Math.abs(q - anchor);
        out[items[q] as number]! += v;
        total += v;
      }
    }
    return total;
  }
}

/** Default weight of session-kNN against the model + item-kNN blend (chosen on DIGINETICA validation). */
export const DEFAULT_SESSION_WEIGHT = 0.7;

/**
 * Default weight of session-kNN for a returning shopper, whose history spans several sessions (chosen on Amazon
 * Beauty validation, NDCG@10 of the blend: 0.0719 without, 0.0729 / 0.0734 / 0.0738 / 0.0725 / 0.0689 at 0.1 / 0.2 /
 * 0.3 / 0.5 / 0.7; docs/benchmarks.md).
 */
export const DEFAULT_RETURNING_SESSION_WEIGHT = 0.3;

/**
 * Share of the session part given to items two co-occurrence steps from the history: they order the products no
 * indexed session links to the history (DIGINETICA validation: 0.02…0.2 all gave P@20 +0.007…0.009).
 */
const TWO_STEP_SHARE = 0.1;
/** Neighbours followed per item on the second step, and the recency weight per step back of the history. */
const TWO_STEP_NEIGHBOURS = 20;
const TWO_STEP_DECAY = 0.5;

/**
 * Items two steps away in the co-occurrence graph: Σ over history items h (weight decay^age) of Σ over h's
 * neighbours j of sim(h, j) · Σ over j's first `TWO_STEP_NEIGHBOURS` neighbours l of sim(j, l), into `out`
 * (zeroed first). Returns their sum.
 */
export function twoStepInto(similarity: ItemSimilarity, history: ArrayLike<number>, out: Float32Array, queryLength = SESSION_KNN_DEFAULTS.queryLength): number {
  out.fill(0);
  const { rowStart, neighbours, values, numItems: n } = similarity;
  const seen = new Set<number>();
  let total = 0;
  let w = 1;
  for (let h = history.length - 1; h >= 0 && seen.size < queryLength; h--, w *= TWO_STEP_DECAY) {
    const i = history[h] as number;
    if (i < 0 || i >= n || seen.has(i)) continue;
    seen.add(i);
    for (let p = rowStart[i] as number; p < (rowStart[i + 1] as number); p++) {
      const j = neighbours[p] as number;
      const wj = w * (values[p] as number);
      for (let q = rowStart[j] as number, end = Math.min(rowStart[j + 1] as number, q + TWO_STEP_NEIGHBOURS); q < end; q++) {
        const v = wj * (values[q] as number);
        out[neighbours[q] as number]! += v;
        total += v;
      }
    }
  }
  return total;
}

/**
 * scores ← (1 − weight) · scores + weight · S, in place, where S is session-kNN's scores normalised to sum 1 and,
 * when `similarity` is given, mixed with the two-step item scores (share 0.1). `scores` is a distribution over the
 * items. Left alone when no indexed session shares an item with the history. `row` and `extra` are scratch.
 */
export function mixSessionKnn(scores: Float32Array, knn: SessionKnn, history: ArrayLike<number>, weight: number, row: Float32Array, similarity: ItemSimilarity | null = null, extra: Float32Array = new Float32Array(scores.length)): void {
  const sum = knn.scoreInto(history, row);
  if (!(sum > 0) || weight <= 0) return;
  const steps = similarity ? twoStepInto(similarity, history, extra) : 0;
  const share = steps > 0 ? TWO_STEP_SHARE : 0;
  const k = (weight * (1 - share)) / sum;
  const k2 = steps > 0 ? (weight * share) / steps : 0;
  for (let i = 0; i < scores.length; i++) scores[i] = (1 - weight) * (scores[i] as number) + k * (row[i] as number) + (k2 > 0 ? k2 * (extra[i] as number) : 0);
}
