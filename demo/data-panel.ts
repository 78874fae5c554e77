/**
 * The "your data" panel: consent switch, what is stored (as the library lists it: `listStoredData()`), export, and
 * erase (consent withdrawn, then `eraseAllData()`: every database storefront-ml made on this origin), retention.
 */
import { listStoredData, type HistoryStore, type StoredData, type StoredDataKind } from 'storefront-ml';
import { byId, el } from './ui.ts';

export const RETENTION = { maxAgeMs: 30 * 24 * 3_600_000, maxEvents: 2_000 };

export interface DataPanelActions {
  /** Called after consent changes, the store erased, or anything else that changes what is stored. */
  onChange(): void;
  /** Erases everything the library stored (and what the page keeps itself); returns what it erased, in words. */
  eraseAll(): Promise<string[]>;
}

/** What each kind of stored data is, for the shopper. */
export const KIND_NAMES: Record<StoredDataKind, string> = {
  history: 'your history',
  'visual-index': 'the catalogue photo index',
  'category-store': 'the shop categories',
  'model-cache': 'cached model files',
  'saved-model': 'a saved model',
  registry: "storefront-ml's list of its databases",
  other: 'other storefront-ml data',
};

const describe = (items: readonly StoredData[]) => items.map((d) => `${d.name} (${KIND_NAMES[d.kind]})`).join(', ');

export function mountDataPanel(history: HistoryStore, actions: DataPanelActions): { refresh(): Promise<void> } {
  const consent = byId<HTMLInputElement>('consent');
  const status = byId('consent-status');
  const exportView = byId<HTMLPreElement>('data-export-view');

  async function refresh(): Promise<void> {
    const granted = history.consent === 'granted';
    consent.checked = granted;
    status.textContent = granted
      ? 'Recording: your views, cart changes, photo searches and time on product pages are stored in this browser only.'
      : 'Not recording: nothing about you is stored until you switch this on.';
    const [count, stored] = await Promise.all([history.count(), listStoredData()]);
    const facts: [string, string][] = [
      ['Stored events', String(count)],
      ['Where', `IndexedDB "${history.name}" in this browser${history.encrypted ? ', encrypted (AES-GCM, key not extractable)' : ''}`],
      ['Retention', `${RETENTION.maxAgeMs / 86_400_000} days or the last ${RETENTION.maxEvents.toLocaleString('en')} events, whichever is less`],
      ['Not stored', 'your chat messages and the photos you search with (used once, in memory)'],
      ['Shop data cached', 'the catalogue photo index and the shop categories (features of the shop\'s product photos, nothing about you), erased with the rest'],
      ['Stored on this device', describe(stored) || 'nothing'],
    ];
    byId('data-facts').replaceChildren(...facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]));
  }

  consent.addEventListener('change', () => {
    void history.setConsent(consent.checked ? 'granted' : 'denied').then(actions.onChange);
  });
  byId('data-export').addEventListener('click', () => {
    void history.export().then((data) => {
      const text = JSON.stringify(data, null, 2);
      exportView.textContent = text;
      exportView.hidden = false;
      const link = byId<HTMLAnchorElement>('data-download');
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.hidden = false;
    });
  });
  byId('data-erase').addEventListener('click', () => {
    void (async () => {
      await history.setConsent('denied', { erase: false }); // stops recording; eraseAll() deletes the history with the rest
      let erased: string[];
      try {
        erased = await actions.eraseAll();
      } catch (error) {
        byId('data-erase-result').textContent = `Erasing failed: ${error instanceof Error ? error.message : String(error)}`;
        actions.onChange();
        return;
      }
      exportView.hidden = true;
      byId('data-download').hidden = true;
      const left = await listStoredData();
      byId('data-erase-result').textContent = `Erased ${erased.join(', ') || 'nothing (nothing was stored)'}. ` +
        `Databases left on this device: ${left.length === 0 ? 'none' : describe(left)}.`;
      actions.onChange();
    })();
  });
  return { refresh };
}
