import type { Catalogue, Product } from './catalogue.ts';
import { showProductList } from './product-list.ts';
import type { Lists } from './worker-protocol.ts';
import { byId, el } from './ui.ts';

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

/** What `storefront-ml train recommend` writes into metadata.json's `info` (the parts this page shows). */
interface CliInfo {
  provenance?: { tool?: string; source?: { file?: string; events?: number } };
  evaluation?: { test_cases?: number; model?: { hr_10?: number }; popularity?: { hr_10?: number }; item_knn?: { hr_10?: number } } | null;
}

/**
 * Where the loaded recommender came from, from its own metadata.json (`info`, written by the CLI at build time) and
 * the simulated log prepare.mjs made. Nothing on this page trains it.
 */
export function showRecommenderSource(url: string, products: number, info: CliInfo, simulated: Catalogue['simulated']): void {
  const tool = info.provenance?.tool ?? 'an unknown tool';
  const events = info.provenance?.source?.events ?? simulated.events;
  const log = el('a', { text: `simulated event log (${info.provenance?.source?.file ?? 'CSV'})`, attrs: { href: simulated.log, download: 'simulated-events.csv' } });
  const e = info.evaluation;
  const hr = (x: number | undefined) => (x === undefined ? '?' : x.toFixed(2));
  const evaluation = e ? ` Held out (each simulated shopper's last product, ${e.test_cases} shoppers): HR@10 ${hr(e.model?.hr_10)}, ` +
    `against ${hr(e.popularity?.hr_10)} for popularity and ${hr(e.item_knn?.hr_10)} for item-kNN.` : '';
  byId('recs-provenance').replaceChildren(
    el('strong', { text: 'Simulated:' }),
    document.createTextNode(' these lists come from a recommender trained by '),
    el('code', { text: tool }),
    document.createTextNode(' from a '),
    log,
    document.createTextNode(` of ${events.toLocaleString('en')} events (${simulated.sessions.toLocaleString('en')} sessions of invented shoppers, ` +
      `${simulated.purchaseSessions} ending in a purchase; this demo has no real shoppers) when the demo was built, and loaded here: ` +
      `nothing is trained in your browser. "For you" and "similar" follow your own history.${evaluation}`),
  );
  byId('work-recommender-status').textContent = `Loaded ${url} (${products} products), trained by ${tool} at build time · done`;
}
