import type { FewShotPrediction, VisualSearchHit } from 'storefront-ml';
import type { Product } from './catalogue.ts';
import type { PhotoMetadata } from './worker-protocol.ts';
import { showProductList } from './product-list.ts';
import { byId, el } from './ui.ts';

export interface PhotoPanel {
  /** Shows the photo being searched for. */
  showQuery(image: Blob): Promise<void>;
  setStatus(text: string): void;
  showResults(hits: readonly VisualSearchHit<PhotoMetadata>[]): void;
  /** The few-shot classifier's shop category for the photo `query` names; null when there are no categories. */
  showCategory(prediction: FewShotPrediction | null, query?: string): void;
}

/** Photo search: upload, drop, or pick a catalogue photo; `search` runs the visual index (in the worker). */
export function mountPhotoPanel(picks: readonly Product[], products: ReadonlyMap<string, Product>, search: (image: Blob, label: string) => void, onOpen: (p: Product) => void): PhotoPanel {
  const names = new Map([...products.values()].map((p) => [p.category, p.categoryName]));
  const input = byId<HTMLInputElement>('photo-input');
  const drop = byId('photo-drop');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    input.value = ''; // so that choosing the same photo again searches again
    if (file) search(file, file.name);
  });
  drop.addEventListener('dragover', (event) => event.preventDefault());
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file) search(file, file.name);
  });
  byId('photo-picks').replaceChildren(...picks.map((product) => {
    const button = el('button', { className: 'pick', attrs: { type: 'button', title: product.title } }, [
      el('img', { attrs: { src: product.image, alt: product.title, width: '56', height: '56' } }),
    ]);
    button.addEventListener('click', () => {
      void fetch(product.image).then((r) => r.blob()).then((blob) => search(blob, product.title));
    });
    return button;
  }));
  return {
    async showQuery(image) {
      const canvas = byId<HTMLCanvasElement>('photo-query');
      const bitmap = await createImageBitmap(image); // drawn, not linked: no blob: URL, no request
      const scale = Math.max(canvas.width / bitmap.width, canvas.height / bitmap.height);
      const context = canvas.getContext('2d');
      context?.clearRect(0, 0, canvas.width, canvas.height);
      context?.drawImage(bitmap, (canvas.width - bitmap.width * scale) / 2, (canvas.height - bitmap.height * scale) / 2, bitmap.width * scale, bitmap.height * scale);
      bitmap.close();
      canvas.hidden = false;
    },
    setStatus(text) {
      byId('photo-status').textContent = text;
    },
    showResults(hits) {
      showProductList('photo-results', hits, products, onOpen, 'No match.');
    },
    showCategory(prediction, query = '') {
      const line = byId('photo-category');
      line.dataset.query = query;
      if (!prediction) {
        line.textContent = '';
        delete line.dataset.label;
        return;
      }
      const name = (label: string | null) => (label === null ? 'none of these' : names.get(label) ?? label);
      const runnerUp = prediction.scores[1];
      line.textContent = `Shop category: ${name(prediction.label)} (similarity ${prediction.score.toFixed(2)}` +
        `${runnerUp ? `; next: ${name(runnerUp.label)} ${runnerUp.score.toFixed(2)}` : ''}), by the few-shot classifier.`;
      line.dataset.label = prediction.label ?? '';
    },
  };
}
