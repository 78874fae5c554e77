import type { HistoryStore } from 'storefront-ml';
import { byId, el } from './ui.ts';

export const RETENTION = { maxAgeMs: 30 * 24 * 3_600_000, maxEvents: 2_000 };

export interface DataPanelActions {
  /** Called after consent changes, the store erased, or anything else that changes what is stored. */
  onChange(): void;
  /** Deletes what the page stored besides the history (the photo index); returns what it deleted. */
  eraseOthers(): Promise<string[]>;
}

/** What `indexedDB.databases()` lists on this origin (the browser's own view of what is stored). */
async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '').filter(Boolean);
}

/** The "your data" panel: consent switch, what is stored, export, erase, retention. */
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
    const count = await history.count();
    const facts: [string, string][] = [
      ['Stored events', String(count)],
      ['Where', `IndexedDB "${history.name}" in this browser${history.encrypted ? ', encrypted (AES-GCM, key not extractable)' : ''}`],
      ['Retention', `${RETENTION.maxAgeMs / 86_400_000} days or the last ${RETENTION.maxEvents.toLocaleString('en')} events, whichever is less`],
      ['Not stored', 'your chat messages and the photos you search with (used once, in memory)'],
      ['Shop data cached', 'the catalogue photo index (features of the shop\'s product photos, nothing about you), erased with the rest'],
      ['Databases on this device', (await databaseNames()).join(', ') || 'none'],
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
      await history.setConsent('denied'); // stops recording and erases the history database
      await history.erase();
      const others = await actions.eraseOthers();
      exportView.hidden = true;
      byId('data-download').hidden = true;
      const left = await databaseNames();
      byId('data-erase-result').textContent = `Erased your history and ${others.join(', ') || 'nothing else'}. ` +
        `Databases left on this device: ${left.length === 0 ? 'none' : left.join(', ')}.`;
      actions.onChange();
    })();
  });
  return { refresh };
}
