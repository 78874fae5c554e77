/**
 * Few-shot category scoring, pure math (runs in Node): each category's score is the mean cosine similarity of the
 * query to its `k` most similar examples. With one example per category it is nearest-neighbour; with many it
 * smooths out a single look-alike. "None of these" is a best score under the threshold.
 */
import { dot } from './vectors.ts';

/** A category's score; `L` is the shop's category names (`string` unless the classifier was typed). */
export interface LabelScore<L extends string = string> {
  label: L;
  score: number;
}

export interface Example {
  label: string;
  embedding: Float32Array;
}

/** Scores of every category, best first. */
export function scoreCategories(examples: readonly Example[], query: Float32Array, k: number): LabelScore[] {
  const byLabel = new Map<string, number[]>();
  for (const e of examples) {
    const list = byLabel.get(e.label) ?? [];
    list.push(dot(e.embedding, query));
    byLabel.set(e.label, list);
  }
  const out: LabelScore[] = [];
  for (const [label, sims] of byLabel) {
    sims.sort((a, b) => b - a);
    const top = sims.slice(0, k);
    out.push({ label, score: top.reduce((s, v) => s + v, 0) / top.length });
  }
  return out.sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1));
}
