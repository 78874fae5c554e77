/**
 * Scoring a recommender folder for `evaluate`: the log's shoppers → leave-one-out split → HR@K and NDCG@K of the
 * loaded model's own `recommend()` (what the browser runs) against popularity and item-kNN on the same cases, by
 * the holdout code `train recommend` uses.
 */
import { StorefrontError } from '../../core/errors.ts';
import { userSequences, type EventLog } from '../../pipeline/event-log.ts';
import { baselineMetrics, holdoutEvents, listerMetrics, splitLeaveOneOut } from '../../pipeline/recommend-holdout.ts';
import { cutoffs, recommendReport } from '../../pipeline/report/recommend-report.ts';
import type { RecommendReport, ReportHeader } from '../../pipeline/report/types.ts';
import { loadRecommender } from '../../recommend/persistence.ts';
import type { Recommender } from '../../recommend/recommender.ts';
import type { Progress } from '../progress.ts';
import type { InputFile } from '../input-file.ts';
import { FOLDER_BASE, folderFetch, type ModelFolder } from './model-folder.ts';

type Info = {
  provenance?: { source?: { sha256?: string }; options?: { evaluate?: boolean; refit?: boolean; maxUsers?: number | null } } & Record<string, unknown>;
  evaluation?: { model?: Record<string, number>; popularity?: Record<string, number>; item_knn?: Record<string, number>; test_cases?: number } | null;
};

function relation(file: InputFile, info: Info, maxUsers: number | undefined): string {
  const p = info.provenance;
  if (p?.source?.sha256 !== file.sha256) return 'the model was trained on other data (its provenance names another file)';
  const o = p.options ?? {};
  if (o.evaluate === false || o.refit === true) {
    return 'the model was trained on every product of this file, test targets included (trained with --evaluate=false or --refit), so these numbers are optimistic';
  }
  if ((o.maxUsers ?? undefined) !== maxUsers) {
    return `the model was trained on this file with --max-users ${o.maxUsers ?? 'unset'}, this run uses ${maxUsers ?? 'every shopper'}: the splits differ, so some test targets may have been seen in training`;
  }
  return 'the model was trained on this file\'s training part only (train recommend held out these targets)';
}

function claimed(info: Info): Record<string, unknown> {
  const e = info.evaluation;
  if (!e) return {};
  const line = (m?: Record<string, number>) => (m ? `HR@10 ${m.hr_10?.toFixed(4)} · NDCG@10 ${m.ndcg_10?.toFixed(4)}` : undefined);
  return { 'model (held out at training)': line(e.model), popularity: line(e.popularity), 'item-kNN': line(e.item_knn), 'test cases': e.test_cases };
}

export interface RecommendInput {
  file: InputFile;
  log: EventLog;
  maxUsers?: number;
  maxK: number;
}

export async function evaluateRecommenderFolder(folder: ModelFolder, input: RecommendInput, header: ReportHeader, signal: AbortSignal, bar: (total: number) => Progress): Promise<RecommendReport> {
  let { sequences, returning } = userSequences(input.log.events);
  if (input.maxUsers !== undefined) {
    sequences = sequences.slice(0, input.maxUsers);
    returning = returning.slice(0, input.maxUsers);
  }
  const split = splitLeaveOneOut(sequences);
  if (split.split.test.length === 0) {
    throw new StorefrontError('INVALID_INPUT', `${input.file.name}: no shopper has 3 or more products, so there is no next product to predict. Pass a longer log.`);
  }
  const info = ((folder.metadata.info ?? {}) as Info);
  let model: Recommender | undefined;
  try {
    model = await loadRecommender(FOLDER_BASE, { fetch: folderFetch(folder.path), baseUrl: FOLDER_BASE, signal });
    const known = new Set(model.productIds);
    const ids = split.data.itemIds;
    const unknownTargets = split.split.test.filter((c) => !known.has(ids[c.target] as string)).length;
    const ks = cutoffs(input.maxK);
    const progress = bar(split.split.test.length);
    const trained = model;
    let ours;
    try {
      ours = await listerMetrics(split, async (history, exclude, k, shopper) => {
        const events = holdoutEvents(history, returning[shopper] === true);
        return (await trained.recommend(events, { topK: k, exclude, excludeSeen: false, excludePurchased: false })).map((r) => r.productId);
      }, { ks, signal, onProgress: (d) => progress.update(d) });
      progress.finish();
    } catch (error) {
      progress.finish('stopped');
      throw error;
    }
    const base = await baselineMetrics(split, { ks, signal });
    const { provenance = {}, evaluation: _e, ...rest } = info as Info & Record<string, unknown>;
    return recommendReport({
      ...header,
      evaluatedOn: `the last product of each of the ${split.split.test.length} shoppers of ${input.file.name} with 3 or more products (leave-one-out); ${relation(input.file, info, input.maxUsers)}`,
      model: { ...header.model, provenance: { ...rest, ...provenance }, claimed: claimed(info) },
    }, {
      ks, numItems: split.split.numItems, unknownTargets,
      series: [
        { name: 'model', role: 'model', metrics: ours },
        { name: 'popularity', role: 'baseline', metrics: base.popularity },
        { name: 'item-kNN', role: 'baseline', metrics: base.itemKnn },
      ],
    });
  } finally {
    model?.dispose();
  }
}
