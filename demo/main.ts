import { eraseAllData, initRuntime, loadAssistant, loadIntentModel, openHistory, type RuntimeInfo, type ShopperEvent } from 'storefront-ml';
import { wasmPaths } from 'storefront-ml/wasm-vite';
import { loadCatalogue, renderCatalogue, renderCategoryFilter, type Catalogue, type Product } from './catalogue.ts';
import { mountChat } from './chat-panel.ts';
import { KIND_NAMES, RETENTION, mountDataPanel } from './data-panel.ts';
import { showHistory } from './history-panel.ts';
import { mountIntentPanel, type IntentPanel } from './intent-panel.ts';
import { mountPhotoPanel, type PhotoPanel } from './photo-panel.ts';
import { showRecommendations, showRecommenderSource } from './recs-panel.ts';
import { showImageModel, showRuntime, showRuntimeError, showTimings } from './runtime-panel.ts';
import { onTimings, timed } from './timings.ts';
import { byId, el, money } from './ui.ts';
import { startWorker } from './worker-client.ts';
import { showCategories, showProgress, showWorkerFailure } from './work-panel.ts';

const CONSENT_KEY = 'storefront-ml-demo-consent'; // the consent answer itself, so it survives a reload
const sessionId = `demo-${Date.now().toString(36)}`;
const worker = startWorker();
const cart = new Map<string, number>();
let products = new Map<string, Product>();
let focus: { product: Product; since: number } | null = null;
let lastProduct: Product | null = null; // the latest product the shopper opened or bought, for "similar" lists
let intentPanel: IntentPanel | undefined;
let recommenderReady = false;
let photoPanel: PhotoPanel | undefined;
let mainRuntime: RuntimeInfo | undefined;

const history = await openHistory({ consent: localStorage.getItem(CONSENT_KEY) === 'granted' ? 'granted' : 'pending', encrypt: true, retention: RETENTION });
const dataPanel = mountDataPanel(history, {
  onChange: () => {
    if (history.consent === 'granted') localStorage.setItem(CONSENT_KEY, 'granted');
    else localStorage.removeItem(CONSENT_KEY);
    void refresh();
  },
  async eraseAll() {
    localStorage.removeItem(CONSENT_KEY);
    // The worker first lets go of its photo index and categories (after any indexing in progress), so it writes
    // nothing after the erase; a worker that failed holds nothing.
    await worker.call('close-index', {}).catch(() => undefined);
    // Everything storefront-ml stored on this origin: history, photo index, categories, its registry. Our connections
    // in the shop's other tabs close for it, so this does not wait for those tabs.
    const { erased, waiting } = await eraseAllData();
    photoPanel?.setStatus('The photo index was erased with your data; the next photo search rebuilds it.');
    photoPanel?.showCategory(null);
    return [...erased.filter((e) => e.kind !== 'registry').map((e) => `${KIND_NAMES[e.kind]} (${e.name})`),
      ...waiting.map((e) => `${e.name} (once your other tabs close)`), 'the consent setting'];
  },
});
history.subscribe(() => void refresh());

/** Records an event when the shopper has consented; otherwise nothing is written anywhere. */
async function record(event: Omit<ShopperEvent, 'time' | 'sessionId'>): Promise<void> {
  if (history.consent !== 'granted') {
    void refresh(); // lists still follow the product on screen, from nothing stored
    return;
  }
  await timed('history: record', () => history.record({ ...event, time: Date.now(), sessionId }));
}

/** Time spent on the product that was open, as a dwell event, when the shopper moves on. */
function leaveProduct(): Promise<void> {
  if (!focus) return Promise.resolve();
  const { product, since } = focus;
  return record({ type: 'dwell', productId: product.productId, durationMs: Math.max(1, Date.now() - since), page: 'product' });
}

let refreshing: Promise<void> | null = null;
let again = false;
/** Re-reads the history store and updates every panel that depends on it (coalesced). */
function refresh(): Promise<void> {
  if (refreshing) {
    again = true;
    return refreshing;
  }
  refreshing = (async () => {
    do {
      again = false;
      const [recent, total, session] = await timed('history: read', () =>
        Promise.all([history.recent(50), history.count(), history.bySession(sessionId)]));
      showHistory(recent.slice(-12), total, products);
      await dataPanel.refresh();
      intentPanel?.sync(session.length);
      if (recommenderReady) {
        const lists = await worker.call('lists', { events: recent, productId: lastProduct?.productId ?? null });
        showRecommendations(lists, lastProduct, recent.length > 0, products, (p) => void showProduct(p));
      }
    } while (again);
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function showProduct(product: Product): Promise<void> {
  await leaveProduct();
  focus = { product, since: Date.now() };
  lastProduct = product;
  const panel = byId('product-detail');
  const cartButton = el('button', { text: 'Add to cart', className: 'cart', attrs: { type: 'button' } });
  cartButton.addEventListener('click', () => void addToCart(product));
  panel.replaceChildren(
    el('img', { attrs: { src: product.image, alt: product.title, width: '224', height: '224' } }),
    el('div', {}, [
      el('h2', { text: product.title }),
      el('p', { className: 'price', text: money(product.price) }),
      el('p', { text: `${product.categoryName} · ${Object.values(product.attributes).filter(Boolean).join(' · ')}` }),
      cartButton,
    ]),
  );
  panel.hidden = false;
  await record({ type: 'view', productId: product.productId, category: product.category, price: product.price, page: 'product' });
}

async function addToCart(product: Product): Promise<void> {
  lastProduct = product;
  cart.set(product.productId, (cart.get(product.productId) ?? 0) + 1);
  const items = [...cart.values()].reduce((s, n) => s + n, 0);
  byId('cart-count').textContent = `Cart: ${items} item${items === 1 ? '' : 's'}`;
  byId<HTMLButtonElement>('checkout').disabled = false;
  await record({ type: 'cart_add', productId: product.productId, category: product.category, price: product.price, quantity: 1, page: 'product' });
}

async function checkout(): Promise<void> {
  const [productId] = [...cart.keys()].slice(-1);
  const product = productId ? products.get(productId) : undefined;
  if (!product) return;
  await leaveProduct();
  focus = null;
  byId('checkout').textContent = 'At checkout (demo: nothing is sold)';
  await record({ type: 'view', productId: product.productId, category: product.category, price: product.price, page: 'checkout' });
}

function searchByPhoto(image: Blob, label: string): void {
  photoPanel?.setStatus(`Searching for products that look like ${label}…`);
  void photoPanel?.showQuery(image).catch(() => photoPanel?.setStatus(`${label} could not be read as an image.`));
  worker.call('photo', { image }).then(async ({ hits, category }) => {
    photoPanel?.showResults(hits);
    photoPanel?.showCategory(category, label);
    const best = hits[0] ? products.get(hits[0].productId) : undefined;
    photoPanel?.setStatus(`${hits.length} similar products${best ? `; best: ${best.title} (similarity ${hits[0]!.score.toFixed(2)})` : ''}.`);
    await record({ type: 'search', query: 'photo search', page: 'search' }); // the photo itself is never stored
  }, (error: unknown) => photoPanel?.setStatus(`Photo search failed: ${String(error)}`));
}

async function main(): Promise<void> {
  onTimings(showTimings);
  worker.onFailure((error) => {
    showWorkerFailure(error);
    showImageModel({ notice: 'image-model', url: null, reason: 'the worker that loads it failed' });
  });
  worker.onNotice((notice) => {
    if (notice.notice === 'image-model') showImageModel(notice);
    else showCategories(notice);
  });
  worker.onProgress((p) => {
    showProgress(p);
    if (p.progress === 'index' && p.detail.startsWith('failed')) photoPanel?.setStatus(`Photo search is off: ${p.detail.replace(/^failed: /, '')}`);
    else if (p.progress === 'index' && p.done === p.total) photoPanel?.setStatus(`Photo index ready: ${p.total} catalogue photos. Upload, drop or pick a photo.`);
  });
  const runtime = timed('initRuntime', () => initRuntime({ backend: 'auto', wasmPaths }));
  runtime.then((info) => { mainRuntime = info; showRuntime(info); }, showRuntimeError);
  let catalogue: Catalogue;
  try {
    catalogue = await loadCatalogue();
  } catch (error) {
    byId('catalogue-source').textContent = String(error);
    return;
  }
  products = new Map(catalogue.products.map((p) => [p.productId, p]));
  byId('catalogue-source').textContent = catalogue.source === 'real'
    ? `Catalogue: ${catalogue.description}. Prices are made up.`
    : `Catalogue: ${catalogue.description}. These are generated placeholders, not real products.`;
  const actions = { onView: (p: Product) => void showProduct(p), onCart: (p: Product) => void addToCart(p) };
  renderCategoryFilter(catalogue, (category) => renderCatalogue(catalogue, category, actions));
  renderCatalogue(catalogue, 'all', actions);
  byId('checkout').addEventListener('click', () => void checkout());
  const picks = [...new Map(catalogue.products.map((p) => [p.category, p])).values()].slice(0, 6);
  photoPanel = mountPhotoPanel(picks, products, searchByPhoto, actions.onView);
  worker.onFailure((error) => photoPanel?.setStatus(`Photo search is off: ${error.message}`));

  worker.call('start', {
    products: catalogue.products.map(({ productId, category, price, image, attributes }) =>
      ({ productId, category, price, attributes, image: new URL(image, location.href).href })),
    modelUrl: catalogue.imageModel ? new URL(catalogue.imageModel, location.href).href : null,
    recommender: { url: new URL(catalogue.recommender, location.href).href, recentViews: new URL(catalogue.simulated.recentViews, location.href).href },
  }).then((started) => {
    recommenderReady = true;
    showRecommenderSource(catalogue.recommender, started.products, started.info, catalogue.simulated);
    if (mainRuntime) showRuntime(mainRuntime, started.runtime);
    if (catalogue.imageModel) photoPanel?.setStatus('Indexing the catalogue photos; a search now waits for it.');
    void refresh();
  }, (error: unknown) => {
    byId('recs-status').textContent = `The recommender could not be loaded: ${String(error)}`;
    byId('work-recommender-status').textContent = `failed: ${String(error)}`;
  });

  await runtime;
  // Live intent: watchIntent() scores this session as the history records it (intent-panel.ts).
  const intentModel = await timed('loadIntentModel', () => loadIntentModel('data/models/purchase-intent-live/model.json'));
  intentPanel = await mountIntentPanel(history, intentModel, sessionId);
  void refresh();
  const assistantUrl = 'data/models/assistant/faq/model.json';
  const assistant = await timed('loadAssistant', () => loadAssistant(assistantUrl));
  // Who made it: model.json's provenance, which the CLI writes and the loader ignores (a small file, cached by now).
  const provenance = await fetch(assistantUrl).then((r) => r.json() as Promise<{ provenance?: { tool?: string } }>, () => ({ provenance: undefined }));
  mountChat(assistant, provenance.provenance?.tool ?? null);
}

void main();
