import type { Product } from './catalogue.ts';
import { showProductList } from './product-list.ts';
import type { Lists } from './worker-protocol.ts';
import { byId } from './ui.ts';

/** Shows the four recommendation lists the worker computed for the shopper's latest history. */
export function showRecommendations(lists: Lists, focus: Product | null, personalised: boolean, products: ReadonlyMap<string, Product>, onOpen: (p: Product) => void): void {
  byId('recs-status').textContent = personalised
    ? `Updated from your ${focus ? `latest product, ${focus.title}, and your ` : ''}history.`
    : 'Popular products: switch on recording under "Your data" to personalise.';
  showProductList('recs-personal', lists.personal, products, onOpen);
  showProductList('recs-similar', lists.similar, products, onOpen, 'Open a product to see similar ones.');
  showProductList('recs-together', lists.together, products, onOpen, 'Open a product to see what goes with it.');
  showProductList('recs-trending', lists.trending, products, onOpen);
}
