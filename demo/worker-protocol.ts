/** Messages between the page and ml.worker.ts. Plain structured-cloneable data only. */
import type { RecommendedProduct, RuntimeInfo, ShopperEvent, VisualSearchHit } from '../src/index.ts';
import type { SimProduct } from './simulated-shoppers.ts';

export interface WorkerProduct extends SimProduct {
  price: number;
  image: string;
}

export interface Lists {
  personal: RecommendedProduct[];
  similar: RecommendedProduct[];
  together: RecommendedProduct[];
  trending: RecommendedProduct[];
}

/** Requests the page sends; each has an id its answer carries back. */
export type WorkerRequest =
  | { id: number; kind: 'start'; products: WorkerProduct[]; modelUrl: string | null }
  | { id: number; kind: 'lists'; events: ShopperEvent[]; productId: string | null }
  | { id: number; kind: 'photo'; image: Blob }
  | { id: number; kind: 'erase-index' };

export interface WorkerAnswers {
  start: { runtime: RuntimeInfo; shoppers: number; sequences: number };
  lists: Lists;
  photo: VisualSearchHit[];
  'erase-index': { deleted: string };
}

/** What the worker sends: an answer (ok or error) to a request, or progress of its heavy work. */
export type WorkerMessage =
  | { id: number; ok: true; value: unknown; ms: number }
  | { id: number; ok: false; error: string; ms: number }
  | { progress: 'train' | 'index'; done: number; total: number; detail: string };

/** The visual index's name; its IndexedDB database is `storefront-ml-vision-index:<name>` (README, Product vision). */
export const INDEX_NAME = 'demo-catalogue';
