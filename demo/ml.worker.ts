/**
 * The demo's heavy work, off the main thread: loads the recommender that demo/prepare.mjs trained at build time with
 * `storefront-ml train recommend` on a SIMULATED event log (nothing is trained here), then indexes the catalogue
 * photos with MobileNet into the visual index, reporting progress; afterwards answers list and photo requests. Only
 * the library's public entry is used.
 */
import {
  initRuntime,
  loadImageModel,
  loadRecommender,
  openVisualIndex,
  trendingProducts,
  type ImageModel,
  type Recommender,
  type TrendingEvent,
  type VisualIndex,
} from 'storefront-ml';
import { wasmPaths } from 'storefront-ml/wasm-vite';
import { INDEX_NAME, type Lists, type WorkerMessage, type WorkerProduct, type WorkerRequest } from './worker-protocol.ts';

const TOP_K = 6;
let recommender: Recommender | undefined;
let trending: { end: number; views: TrendingEvent[] } | undefined;
let products: WorkerProduct[] = [];
let modelUrl: string | null = null;
let imageModel: ImageModel | undefined;
let index: Promise<VisualIndex> | undefined;

const post = (message: WorkerMessage) => postMessage(message);
const progress = (task: 'index', done: number, total: number, detail: string) =>
  post({ progress: task, done, total, detail });

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
  void buildIndex().catch((error: unknown) => progress('index', 0, products.length, `failed: ${error instanceof Error ? error.message : String(error)}`));
  return { runtime, products: recommender.productIds.length, info: recommender.metadata.info };
}

/** Indexes the catalogue photos (fetched from this origin) into a fresh visual index. */
function buildIndex(): Promise<VisualIndex> {
  index ??= (async () => {
    if (!modelUrl) throw new Error('no MobileNet in this build (the data directory had none).');
    imageModel ??= await loadImageModel(modelUrl);
    const visual = await openVisualIndex({ name: INDEX_NAME, model: imageModel });
    await visual.clear();
    const total = products.length;
    progress('index', 0, total, 'MobileNet α0.25 loaded');
    const batch = 32;
    for (let i = 0; i < total; i += batch) {
      const slice = products.slice(i, i + batch);
      const images = await Promise.all(slice.map(async (p) => (await fetch(p.image)).blob()));
      await visual.putMany(slice.map((p, k) => ({ productId: p.productId, image: images[k], metadata: { category: p.category } })), { batchSize: 16 });
      progress('index', Math.min(total, i + batch), total, 'catalogue photos embedded');
    }
    return visual;
  })();
  return index;
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

async function eraseIndex() {
  const pending = index;
  index = undefined;
  const visual = await pending?.catch(() => undefined);
  visual?.close();
  const name = `storefront-ml-vision-index:${INDEX_NAME}`;
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`Deleting ${name} failed`));
  });
  return { deleted: name };
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'start': return start(request);
    case 'lists': return lists(request);
    case 'photo': return (await buildIndex()).search(request.image, { topK: TOP_K });
    case 'erase-index': return eraseIndex();
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
