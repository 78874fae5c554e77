/** Messages between the page and ml.worker.ts. Plain structured-cloneable data only. */
import type { RecommendedProduct, RuntimeInfo, ShopperEvent, VisualSearchHit } from 'storefront-ml';

export interface WorkerProduct {
  productId: string;
  category: string;
  attributes: Record<string, string>;
  price: number;
  image: string;
}

/** Where the worker finds the recommender prepare.mjs trained with the CLI, and the simulated views for trending. */
export interface RecommenderSource {
  /** The model folder (metadata.json + weights.bin). */
  url: string;
  /** `{ end, views: { productId, time }[] }`: the SIMULATED log's views of its last two days. */
  recentViews: string;
}

export interface Lists {
  personal: RecommendedProduct[];
  similar: RecommendedProduct[];
  together: RecommendedProduct[];
  trending: RecommendedProduct[];
}

/** Requests the page sends; each has an id its answer carries back. */
export type WorkerRequest =
  | { id: number; kind: 'start'; products: WorkerProduct[]; modelUrl: string | null; recommender: RecommenderSource }
  | { id: number; kind: 'lists'; events: ShopperEvent[]; productId: string | null }
  | { id: number; kind: 'photo'; image: Blob }
  | { id: number; kind: 'erase-index' };

export interface WorkerAnswers {
  /** `info`: the loaded recommender's metadata `info` (provenance and held-out evaluation), as its metadata.json says. */
  start: { runtime: RuntimeInfo; products: number; info: Record<string, unknown> };
  lists: Lists;
  photo: VisualSearchHit[];
  'erase-index': { deleted: string };
}

/** What the worker sends: an answer (ok or error) to a request, or progress of its heavy work. */
export type WorkerMessage =
  | { id: number; ok: true; value: unknown; ms: number }
  | { id: number; ok: false; error: string; ms: number }
  | { progress: 'index'; done: number; total: number; detail: string };

/** The visual index's name; its IndexedDB database is `storefront-ml-vision-index:<name>` (README, Product vision). */
export const INDEX_NAME = 'demo-catalogue';
