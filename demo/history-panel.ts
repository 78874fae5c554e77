import type { StoredEvent } from 'storefront-ml';
import type { Product } from './catalogue.ts';
import { byId, el } from './ui.ts';

/** Shows the most recent events of the history store, newest first (what the page reads back from IndexedDB). */
export function showHistory(events: readonly StoredEvent[], total: number, products: ReadonlyMap<string, Product>): void {
  byId('history-count').textContent = total === 0 ? 'Nothing recorded.' : `${total} event${total === 1 ? '' : 's'} stored in IndexedDB on this device`;
  byId('history-list').replaceChildren(...[...events].reverse().map((e) => {
    const product = e.productId ? products.get(e.productId) : undefined;
    const what = e.type === 'dwell' ? `dwell ${((e.durationMs ?? 0) / 1000).toFixed(1)} s` : e.type;
    const subject = product ? `${product.title} (${e.productId})` : e.productId ?? e.query ?? '';
    return el('li', { text: `${new Date(e.time).toLocaleTimeString()} · ${what} · ${e.page ?? ''}${subject ? ` · ${subject}` : ''}` });
  }));
}
