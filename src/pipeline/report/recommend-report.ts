/**
 * Report data of a recommender on the leave-one-out split (src/recommend/dataset.ts): HR@K and NDCG@K for every K
 * (src/recommend/metrics.ts) for the model and the popularity and item-kNN baselines (src/recommend/baselines.ts)
 * on the same test cases, full ranking with the history masked (src/recommend/protocol.ts). Pure.
 */
import { StorefrontError } from '../../core/errors.ts';
import { cooccurrenceCosine, itemKnnScorer, popularityScorer, type SequenceScorer } from '../../recommend/baselines.ts';
import type { LeaveOneOutSplit, RankingCase } from '../../recommend/dataset.ts';
import { rankingMetrics } from '../../recommend/metrics.ts';
import { batchOf, rankCases } from '../../recommend/protocol.ts';
import type { RankingSeries, RecommendReport, ReportHeader } from './types.ts';

/** One ranker's 0-based rank of each test target; a rank ≥ the largest K means "not in the top list". */
export interface RankedSeries {
  name: string;
  role: 'model' | 'baseline';
  ranks: ArrayLike<number>;
}

/** K = 1 … max. */
export const cutoffs = (max = 50): number[] => Array.from({ length: max }, (_, i) => i + 1);

/** Long work's hooks. */
export interface RankingRunOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Ranks of the test targets under popularity and item-kNN (co-occurrence cosine, recency 0.8), trained on `split.train`. */
export async function baselineRanks(split: LeaveOneOutSplit, options: RankingRunOptions = {}): Promise<RankedSeries[]> {
  const n = split.numItems;
  const scorers: [string, SequenceScorer][] = [
    ['popularity', popularityScorer(split.train, n)],
    ['item-kNN', itemKnnScorer(cooccurrenceCosine(split.train, n), 0.8)],
  ];
  const out: RankedSeries[] = [];
  for (const [name, scorer] of scorers) {
    const { ranks } = await rankCases(batchOf(scorer), split.test, n, { ...options, coverageK: 1 });
    out.push({ name, role: 'baseline', ranks });
  }
  return out;
}

/**
 * The top list of a trained model for a history of product ids (oldest first), leaving out `exclude`; at least
 * `topK` long when the model knows that many products.
 */
export type TopList = (history: readonly string[], exclude: readonly string[], topK: number) => Promise<readonly string[]>;

/**
 * Ranks of the test targets in a model's top lists: the target's index in the list, or `maxK` when it is absent.
 * The history's items are left out of the list as rankOf() masks them, except the target itself (a repeat
 * purchase is a hit, not an impossible case).
 */
export async function modelRanks(cases: readonly RankingCase[], itemIds: readonly string[], topList: TopList, maxK: number, options: RankingRunOptions = {}): Promise<Int32Array> {
  const ranks = new Int32Array(cases.length);
  for (let c = 0; c < cases.length; c++) {
    options.signal?.throwIfAborted();
    const { history, target } = cases[c] as RankingCase;
    const ids = Array.from(history, (i) => itemIds[i] as string);
    const targetId = itemIds[target] as string;
    const list = await topList(ids, [...new Set(ids)].filter((id) => id !== targetId), maxK);
    const at = list.indexOf(targetId);
    ranks[c] = at >= 0 && at < maxK ? at : maxK;
    if ((c + 1) % 256 === 0 || c + 1 === cases.length) options.onProgress?.(c + 1, cases.length);
  }
  return ranks;
}

/** What {@link recommendReport} summarises. */
export interface RecommendRun {
  /** Ascending cut-offs. @default cutoffs(50) */
  ks?: number[];
  numItems: number;
  /** Test targets the model does not know. @default 0 */
  unknownTargets?: number;
  series: readonly RankedSeries[];
}

export function recommendReport(header: ReportHeader, run: RecommendRun): RecommendReport {
  const ks = run.ks ?? cutoffs(50);
  if (ks.length === 0 || ks.some((k, i) => !Number.isInteger(k) || k < 1 || (i > 0 && k <= (ks[i - 1] as number)))) {
    throw new StorefrontError('INVALID_OPTION', `Recommender report: ks is ${JSON.stringify(ks)}. Pass ascending positive integers, e.g. [1, 5, 10, 20, 50].`);
  }
  const cases = run.series[0]?.ranks.length ?? 0;
  if (cases === 0 || run.series.some((s) => s.ranks.length !== cases)) {
    throw new StorefrontError('INVALID_INPUT', 'Recommender report: every ranker needs one rank per test case, and there must be at least one case. Use event logs with shoppers of 3 or more items.');
  }
  const maxK = ks[ks.length - 1] as number;
  const series: RankingSeries[] = run.series.map((s) => {
    const m = rankingMetrics(s.ranks, ks, maxK);
    return { name: s.name, role: s.role, hr: ks.map((k) => m.hr[k] as number), ndcg: ks.map((k) => m.ndcg[k] as number), mrrAtMaxK: m.mrrAt as number };
  });
  const notes: string[] = [];
  const unknownTargets = run.unknownTargets ?? 0;
  if (unknownTargets > 0) {
    notes.push(`${unknownTargets} of ${cases} test targets are products the model was not trained on; they count as misses for the model.`);
  }
  if (cases < 1000) {
    notes.push(`${cases} test cases: an HR@10 of 0.05 is ± ${(1.96 * Math.sqrt(0.05 * 0.95 / cases)).toFixed(3)} (95 %), so small gaps between rankers are noise.`);
  }
  return { ...header, kind: 'recommender', ks, cases, numItems: run.numItems, unknownTargets, series, notes };
}
