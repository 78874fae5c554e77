/**
 * The PyTorch tier's browser side: runs tools/distributed/train_recommender.py on the Vite server (tools/harness/
 * torch.mjs), loads the folder it wrote with `loadRecommender(url)` as a shop's page would, and compares the
 * browser's scores with the ones the job computed in PyTorch.
 */
import { expect } from 'vitest';
import type { ShopperEvent } from '../../src/history/types.ts';
import { loadRecommender, type Recommender } from '../../src/index.ts';

export interface ParityCase {
  history: string[];
  /** The PyTorch module's logits on the exported weights, one per product (productIds order). */
  logits: number[];
  /** recommend()'s blend of softmax and item-kNN, computed by the job (float64). */
  scores: number[];
}

export interface TorchJob {
  url: string;
  summary: Record<string, unknown>;
  parity: { productIds: string[]; modelWeight: number; cases: ParityCase[] };
}

/** Runs the job with `processes` ranks over loopback; `launch` 'env' starts one OS process per rank (MASTER_ADDR…). */
export async function runTorchJob(job: { events: string; processes: number; launch: 'env' | 'spawn'; args?: string[] }): Promise<TorchJob> {
  const response = await fetch('/@torch/train', { method: 'POST', body: JSON.stringify(job) });
  const body = await response.json() as TorchJob & { error?: string };
  if (!response.ok) throw new Error(`the PyTorch job failed: ${body.error}`);
  return body;
}

/** The history as the shop's events: one product view each, oldest first. */
export function viewsOf(history: readonly string[]): ShopperEvent[] {
  return history.map((productId, i) => ({ type: 'view', productId, time: 1_700_000_000_000 + i * 60_000, sessionId: 's', page: 'product' }));
}

/** Every product's score from `recommend()` for `history`, nothing excluded. */
export async function allScores(recommender: Recommender, history: readonly string[]): Promise<Map<string, number>> {
  const list = await recommender.recommend(viewsOf(history), { topK: recommender.productIds.length, excludeSeen: false, excludePurchased: false });
  return new Map(list.map((r) => [r.productId, r.score]));
}

/** A fetch that serves the folder with metadata.json's `modelWeight` set to 1: recommend() then returns the model's logits. */
export function modelOnlyFetch(): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.endsWith('metadata.json')) return response;
    const meta = await response.json() as { modelWeight: number };
    return new Response(JSON.stringify({ ...meta, modelWeight: 1 }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}

/** The largest |browser − PyTorch| over every product and case, for the blend and for the logits. */
export async function parityGap(job: TorchJob, deployed: Recommender, modelOnly: Recommender): Promise<{ scores: number; logits: number; compared: number }> {
  const ids = job.parity.productIds;
  expect(deployed.productIds).toEqual(ids);
  let scores = 0;
  let logits = 0;
  let compared = 0;
  for (const c of job.parity.cases) {
    const blend = await allScores(deployed, c.history);
    const raw = await allScores(modelOnly, c.history);
    expect(blend.size).toBe(ids.length);
    ids.forEach((id, i) => {
      scores = Math.max(scores, Math.abs((blend.get(id) as number) - (c.scores[i] as number)));
      logits = Math.max(logits, Math.abs((raw.get(id) as number) - (c.logits[i] as number)));
      compared++;
    });
  }
  return { scores, logits, compared };
}

/** SHA-256 (hex) of what `url` serves. */
export async function sha256Of(url: string): Promise<string> {
  const bytes = await (await fetch(url)).arrayBuffer();
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export { loadRecommender };
