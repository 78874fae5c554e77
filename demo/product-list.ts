import type { Product } from './catalogue.ts';
import { byId, el, money } from './ui.ts';

/** Fills a list with products (thumbnail, title, price, score); clicking one opens it. Text via textContent only. */
export function showProductList(
  listId: string,
  items: readonly { productId: string; score: number }[],
  products: ReadonlyMap<string, Product>,
  onOpen: (product: Product) => void,
  empty = 'Nothing yet.',
): void {
  const rows = items.flatMap(({ productId, score }) => {
    const product = products.get(productId);
    if (!product) return [];
    const open = el('button', { className: 'rec', attrs: { type: 'button', 'data-product-id': productId, title: `score ${score.toFixed(3)}` } }, [
      el('img', { attrs: { src: product.image, alt: '', width: '48', height: '48', loading: 'lazy' } }),
      el('span', { text: product.title }),
      el('span', { className: 'price', text: money(product.price) }),
    ]);
    open.addEventListener('click', () => onOpen(product));
    return [el('li', {}, [open])];
  });
  byId(listId).replaceChildren(...(rows.length > 0 ? rows : [el('li', { className: 'note', text: empty })]));
}
