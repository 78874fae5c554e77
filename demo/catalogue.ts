import { byId, el, money } from './ui.ts';

export interface Product {
  productId: string;
  title: string;
  category: string;
  categoryName: string;
  price: number;
  image: string;
  attributes: Record<string, string>;
}

export interface Catalogue {
  source: 'real' | 'generated';
  description: string;
  products: Product[];
  /** The self-hosted MobileNet's folder (model.json, metadata.json, weights), or null when the data directory had none (photo search is off). */
  imageModel: string | null;
  /** The recommender's folder, trained at build time by `storefront-ml train recommend` from the simulated log. */
  recommender: string;
  /** The SIMULATED event log prepare.mjs wrote (CSV), what it holds, and its last two days' views (JSON) for trending. */
  simulated: { events: number; shoppers: number; sessions: number; purchaseSessions: number; log: string; recentViews: string };
}

export async function loadCatalogue(): Promise<Catalogue> {
  const response = await fetch('data/catalogue.json');
  if (!response.ok) throw new Error(`demo: data/catalogue.json answered HTTP ${response.status}; run node demo/prepare.mjs`);
  return (await response.json()) as Catalogue;
}

/** A product card: photo, title, price, and the two actions a shopper takes. */
export function productCard(product: Product, actions: { onView(p: Product): void; onCart(p: Product): void }): HTMLElement {
  const image = el('img', { attrs: { src: product.image, alt: product.title, loading: 'lazy', width: '224', height: '224' } });
  const view = el('button', { text: 'View', className: 'view', attrs: { type: 'button' } });
  const cart = el('button', { text: 'Add to cart', className: 'cart', attrs: { type: 'button' } });
  view.addEventListener('click', () => actions.onView(product));
  image.addEventListener('click', () => actions.onView(product));
  cart.addEventListener('click', () => actions.onCart(product));
  return el('article', { className: 'product', attrs: { 'data-product-id': product.productId } }, [
    image,
    el('h3', { text: product.title }),
    el('p', { className: 'price', text: money(product.price) }),
    el('div', { className: 'actions' }, [view, cart]),
  ]);
}

export function renderCatalogue(catalogue: Catalogue, filter: string, actions: Parameters<typeof productCard>[1]): void {
  const grid = byId('catalogue-grid');
  const shown = catalogue.products.filter((p) => filter === 'all' || p.category === filter);
  grid.replaceChildren(...shown.map((p) => productCard(p, actions)));
}

export function renderCategoryFilter(catalogue: Catalogue, onChange: (category: string) => void): void {
  const select = byId<HTMLSelectElement>('category-filter');
  const categories = [...new Map(catalogue.products.map((p) => [p.category, p.categoryName])).entries()];
  select.replaceChildren(
    el('option', { text: 'All categories', attrs: { value: 'all' } }),
    ...categories.map(([value, name]) => el('option', { text: name, attrs: { value } })),
  );
  select.addEventListener('change', () => onChange(select.value));
}
