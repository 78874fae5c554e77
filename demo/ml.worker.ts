/**
 * The demo's heavy work, off the main thread: loads the recommender that demo/prepare.mjs trained at build time with
 * `storefront-ml train recommend` on a SIMULATED event log (nothing is trained here), then indexes the catalogue
 * photos with MobileNet into the visual index and teaches the few-shot shop categories (worker-photos.ts), reporting
 * progress; afterwards answers list and photo requests. Only the package's public entries are used.
 */
import { loadRecommender, trendingProducts, type Recommender, type TrendingEvent } from 'storefront-ml/recommend';
import { initRuntime } from 'storefront-ml/runtime';
import { wasmPaths } from 'storefront-ml/wasm-vite';
import { openPhotoShop, searchPhoto, type PhotoShop } from './worker-photos.ts';
import type { Lists, WorkerMessage, WorkerProduct, WorkerRequest } from './worker-protocol.ts';

const TOP_K = 6;
let recommender: Recommender | undefined;
let trending: { end: number; views: TrendingEvent[] } | undefined;
let products: WorkerProduct[] = [];
let modelUrl: string | null = null;
let photos: Promise<PhotoShop> | undefined;

const post = (message: WorkerMessage) => postMessage(message);
const reports = {
  progress: (done: number, total: number, detail: string) => post({ progress: 'index', done, total, detail }),
  notice: post,
};

async function start(request: Extract<WorkerRequest, { kind: 'start' }>) {
  products = request.products;
  modelUrl = request.modelUrl;
  const runtime = await initRuntime({ backend: 'auto', wasmPaths });
  const [loaded, recent] = await Promise.all([
    loadRecommender(request.recommender.url),
    fetch(request.recommender.recentViews).then((r) => {
      if (!r.ok) throw new Error(`${request.recommender.recentViews} answered HTTP ${r.status}; run node demo/prepare.mjs`);
      return r.json() as Promise<{ end: number; views: TrendingEvent[] }>;
    }),
  ]);
  recommender = loaded;
  trending = recent;
  recommender.setCatalog(products.map((p) => ({ productId: p.productId, category: p.category, price: p.price })));
  void photoShop().catch((error: unknown) => reports.progress(0, products.length, `failed: ${error instanceof Error ? error.message : String(error)}`));
  return { runtime, products: recommender.productIds.length, info: recommender.metadata.info };
}

/** The photo index and categories, built once (again after close-index). */
function photoShop(): Promise<PhotoShop> {
  photos ??= openPhotoShop(products, modelUrl, reports);
  return photos;
}

async function lists(request: Extract<WorkerRequest, { kind: 'lists' }>): Promise<Lists> {
  if (!recommender || !trending) throw new Error('The recommender is still loading.');
  const { productId } = request;
  const known = productId !== null && recommender.productIds.includes(productId);
  return {
    personal: await recommender.recommend(request.events, { topK: TOP_K }),
    similar: known ? await recommender.similar(productId, { topK: TOP_K }) : [],
    together: known ? await recommender.boughtTogether(productId, { topK: TOP_K }) : [],
    // "Now" is the simulated log's end, so the list is the same on any day the demo is opened.
    trending: trendingProducts(trending.views, { topK: TOP_K, halfLifeHours: 24, now: trending.end }),
  };
}

/**
 * Before the page erases everything (with eraseAllData): waits for indexing to end, so nothing is written after the
 * erase, and lets go of the index and classifier; the next photo search builds them again.
 */
async function closeIndex() {
  const pending = photos;
  photos = undefined;
  const shop = await pending?.catch(() => undefined);
  shop?.index.close();
  shop?.categories?.dispose();
  return { closed: shop !== undefined };
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'start': return start(request);
    case 'lists': return lists(request);
    case 'photo': return searchPhoto(await photoShop(), request.image);
    case 'close-index': return closeIndex();
  }
}

addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  const t0 = performance.now();
  handle(request).then(
    (value) => post({ id: request.id, ok: true, value, ms: performance.now() - t0 }),
    (error: unknown) => post({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error), ms: performance.now() - t0 }),
  );
});

// The module (and TensorFlow.js with it) loaded: the page's start timeout stops here.
post({ ready: true });
