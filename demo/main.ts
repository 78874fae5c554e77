import { initRuntime, type ShopperEvent } from '../src/index.ts';
import { wasmPaths } from '../src/runtime/wasm-vite.ts';
import { loadCatalogue, renderCatalogue, renderCategoryFilter, type Catalogue, type Product } from './catalogue.ts';
import { showRuntime, showRuntimeError } from './runtime-panel.ts';
import { byId, el, money } from './ui.ts';

const sessionId = `demo-${Date.now().toString(36)}`;
// Until the history store is wired in, the visit's events live in memory only.
const events: ShopperEvent[] = [];
const cart = new Map<string, number>();

function record(event: Omit<ShopperEvent, 'time' | 'sessionId'>): void {
  events.push({ ...event, time: Date.now(), sessionId });
  const log = byId('history-list');
  const last = events.slice(-12).reverse();
  log.replaceChildren(...last.map((e) =>
    el('li', { text: `${new Date(e.time).toLocaleTimeString()} · ${e.type}${e.productId ? ` · ${e.productId}` : ''}` })));
  byId('history-count').textContent = `${events.length} event${events.length === 1 ? '' : 's'} this visit`;
}

function showProduct(product: Product): void {
  record({ type: 'view', productId: product.productId, category: product.category, price: product.price, page: 'product' });
  const panel = byId('product-detail');
  panel.replaceChildren(
    el('img', { attrs: { src: product.image, alt: product.title, width: '224', height: '224' } }),
    el('div', {}, [
      el('h2', { text: product.title }),
      el('p', { className: 'price', text: money(product.price) }),
      el('p', { text: `${product.categoryName} · ${Object.values(product.attributes).filter(Boolean).join(' · ')}` }),
    ]),
  );
  panel.hidden = false;
}

function addToCart(product: Product): void {
  cart.set(product.productId, (cart.get(product.productId) ?? 0) + 1);
  record({ type: 'cart_add', productId: product.productId, category: product.category, price: product.price, quantity: 1, page: 'product' });
  const items = [...cart.values()].reduce((s, n) => s + n, 0);
  byId('cart-count').textContent = `Cart: ${items} item${items === 1 ? '' : 's'}`;
}

async function main(): Promise<void> {
  initRuntime({ backend: 'auto', wasmPaths }).then(showRuntime, showRuntimeError);
  let catalogue: Catalogue;
  try {
    catalogue = await loadCatalogue();
  } catch (error) {
    byId('catalogue-source').textContent = String(error);
    return;
  }
  byId('catalogue-source').textContent = catalogue.source === 'real'
    ? `Catalogue: ${catalogue.description}.`
    : `Catalogue: ${catalogue.description}. These are generated placeholders, not real products.`;
  const actions = { onView: showProduct, onCart: addToCart };
  renderCategoryFilter(catalogue, (category) => renderCatalogue(catalogue, category, actions));
  renderCatalogue(catalogue, 'all', actions);
}

void main();
