/**
 * Held-out evaluation of a recommender on a shop's own sequences: the S3-Rec leave-one-out split (per shopper the
 * last product is the test target, the second-last the validation target, training sees the items before it;
 * shoppers with fewer than 3 products give no case), full ranking with the shopper's history masked, HR@K and
 * NDCG@K of any top-K lister against the popularity and item-kNN baselines on the same split. Pure and
 * browser-safe; the lister may be a real Recommender's `recommend()`.
 */
import { throwIfAborted } from '../core/errors.ts';
import { cooccurrenceCosine, itemKnnScorer, popularityScorer } from '../recommend/baselines.ts';
import { leaveOneOut, type LeaveOneOutSplit, type RankingCase, type SequenceData } from '../recommend/dataset.ts';
import { rankingMetrics } from '../recommend/metrics.ts';
import { batchOf, rankCases } from '../recommend/protocol.ts';

/** HR@K and NDCG@K at each cutoff, over `cases` test cases. */
export interface HoldoutMetrics {
  hr: Record<number, number>;
  ndcg: Record<number, number>;
  cases: number;
}

/** The split in product ids, plus the indexed data the baselines score. */
export interface StringSplit {
  /** Per shopper, the products training may see (oldest first). */
  train: string[][];
  split: LeaveOneOutSplit;
  data: SequenceData;
}

/** Leave-one-out over product-id sequences (items indexed in order of first appearance). */
export function splitLeaveOneOut(sequences: readonly (readonly string[])[]): StringSplit {
  const itemIds: string[] = [];
  const itemIndex = new Map<string, number>();
  const indexed = sequences.map((seq) => Int32Array.from(seq, (id) => {
    let i = itemIndex.get(id);
    if (i === undefined) { i = itemIds.length; itemIndex.set(id, i); itemIds.push(id); }
    return i;
  }));
  const data: SequenceData = { sequences: indexed, userIds: sequences.map((_, i) => String(i)), itemIds, itemIndex };
  const split = leaveOneOut(data);
  return { train: split.train.map((s) => Array.from(s, (i) => itemIds[i] as string)), split, data };
}

function fromRanks(ranks: ArrayLike<number>, ks: readonly number[]): HoldoutMetrics {
  const m = rankingMetrics(ranks, ks);
  return { hr: m.hr, ndcg: m.ndcg, cases: m.cases };
}

export interface HoldoutOptions {
  /** Cutoffs. @default [5, 10] */
  ks?: readonly number[];
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Popularity and item-kNN (co-occurrence cosine, recency decay 0.8) on the split's test cases. */
export async function baselineMetrics(split: StringSplit, options: HoldoutOptions = {}): Promise<{ popularity: HoldoutMetrics; itemKnn: HoldoutMetrics }> {
  const ks = options.ks ?? [5, 10];
  const { train, test, numItems } = split.split;
  const pop = await rankCases(batchOf(popularityScorer(train, numItems)), test, numItems, { signal: options.signal });
  const knn = await rankCases(batchOf(itemKnnScorer(cooccurrenceCosine(train, numItems), 0.8)), test, numItems, { signal: options.signal });
  return { popularity: fromRanks(pop.ranks, ks), itemKnn: fromRanks(knn.ranks, ks) };
}

/**
 * Lists the top `k` product ids for a history (oldest first), never returning the ids in `exclude`. The target is
 * never excluded, so a repeat purchase can still be hit (as the S3-Rec protocol masks the history but the target).
 * `shopper` is the case's index in the sequences given to {@link splitLeaveOneOut}.
 */
export type TopLister = (history: readonly string[], exclude: readonly string[], k: number, shopper: number) => Promise<readonly string[]>;

/**
 * A held-out shopper's history as the events `recommend()` takes: one session for a shopper of one session in the
 * log (an anonymous visit), a session per product for a returning shopper, so each gets its own session-kNN weight.
 */
export function holdoutEvents(history: readonly string[], returning: boolean): { type: 'view'; time: number; sessionId: string; productId: string }[] {
  return history.map((productId, time) => ({ type: 'view' as const, time, sessionId: returning ? `eval/${time}` : 'eval', productId }));
}

/** HR@K / NDCG@K of a top-K lister on the test cases (K up to the largest cutoff). */
export async function listerMetrics(split: StringSplit, list: TopLister, options: HoldoutOptions = {}): Promise<HoldoutMetrics> {
  return listerCaseMetrics(split.split.test, split.data.itemIds, list, options);
}

/** {@link listerMetrics} on any cases (histories and targets index `ids`), e.g. a subset of them (internal: the evals). */
export async function listerCaseMetrics(cases: readonly RankingCase[], ids: readonly string[], list: TopLister, options: HoldoutOptions = {}): Promise<HoldoutMetrics> {
  const ks = options.ks ?? [5, 10];
  const k = Math.max(...ks);
  // A miss ranks beyond every cutoff; its exact rank does not change HR@K or NDCG@K for K ≤ k.
  const ranks = new Int32Array(cases.length).fill(k);
  for (let c = 0; c < cases.length; c++) {
    if (c % 64 === 0) throwIfAborted(options.signal, 'Evaluation');
    const { history, target, user } = cases[c] as RankingCase;
    const h = Array.from(history, (i) => ids[i] as string);
    const t = ids[target] as string;
    const top = await list(h, [...new Set(h)].filter((id) => id !== t), k, user);
    const r = top.indexOf(t);
    if (r >= 0) ranks[c] = r;
    if (c % 256 === 255 || c === cases.length - 1) options.onProgress?.(c + 1, cases.length);
  }
  return fromRanks(ranks, ks);
}
