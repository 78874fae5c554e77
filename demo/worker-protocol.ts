/** Messages between the page and ml.worker.ts. Plain structured-cloneable data only. */
import type { FewShotPrediction, RecommendedProduct, RuntimeInfo, ShopperEvent, VisualSearchHit } from 'storefront-ml';

export interface WorkerProduct {
  productId: string;
  category: string;
  attributes: Record<string, string>;
  price: number;
  image: string;
}

/** What the demo keeps with each product in its visual index: typed, so hits and filters see a string category. */
export interface PhotoMetadata {
  category: string;
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

/** A photo search's answer: the most similar catalogue products, and the shop category the few-shot classifier sees. */
export interface PhotoAnswer {
  hits: VisualSearchHit<PhotoMetadata>[];
  category: FewShotPrediction | null;
}

/** Requests the page sends; each has an id its answer carries back. */
export type WorkerRequest =
  | { id: number; kind: 'start'; products: WorkerProduct[]; modelUrl: string | null; recommender: RecommenderSource }
  | { id: number; kind: 'lists'; events: ShopperEvent[]; productId: string | null }
  | { id: number; kind: 'photo'; image: Blob }
  | { id: number; kind: 'close-index' };

export interface WorkerAnswers {
  /** `info`: the loaded recommender's metadata `info` (provenance and held-out evaluation), as its metadata.json says. */
  start: { runtime: RuntimeInfo; products: number; info: Record<string, unknown> };
  lists: Lists;
  photo: PhotoAnswer;
  /** The worker let go of its photo index and shop categories (rebuilt on the next photo search). */
  'close-index': { closed: boolean };
}

/** The image model the worker loaded (from its metadata.json), or null with the reason there is none. */
export type ImageModelNotice = { notice: 'image-model'; url: string; name: string; version: string; format: string; inputSize: number; embeddingSize: number }
  | { notice: 'image-model'; url: null; reason: string };

/** The few-shot shop categories: taught from `perCategory` catalogue photos each, or loaded as saved in IndexedDB. */
export type CategoriesNotice = { notice: 'categories'; labels: string[]; perCategory: number; from: 'taught' | 'saved'; savedAs: string }
  | { notice: 'categories'; labels: null; reason: string };

/** What the worker sends: that it started, an answer (ok or error) to a request, progress of its heavy work, or news. */
export type WorkerMessage =
  | { ready: true }
  | { id: number; ok: true; value: unknown; ms: number }
  | { id: number; ok: false; error: string; ms: number }
  | { progress: 'index'; done: number; total: number; detail: string }
  | ImageModelNotice
  | CategoriesNotice;

/** The visual index's name; its IndexedDB database is `storefront-ml-vision-index:<name>` (README, Product vision). */
export const INDEX_NAME = 'demo-catalogue';
/** The few-shot classifier's name in the category store (IndexedDB `storefront-ml-vision-categories`). */
export const CATEGORIES_NAME = 'demo-shop-categories';
