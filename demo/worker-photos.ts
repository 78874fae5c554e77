/**
 * The worker's photo side: MobileNet, the catalogue's visual index (typed with the demo's PhotoMetadata), and
 * few-shot shop categories taught from a few catalogue photos per category, saved in IndexedDB through the category
 * store and loaded from it on the next visit. Reached only through the package name, as a shop would.
 */
import {
  createFewShotClassifier,
  loadImageModel,
  openCategoryStore,
  openVisualIndex,
  type FewShotClassifier,
  type ImageModel,
  type VisualIndex,
} from 'storefront-ml/vision';
import { CATEGORIES_NAME, INDEX_NAME, type CategoriesNotice, type ImageModelNotice, type PhotoAnswer, type PhotoMetadata, type WorkerProduct } from './worker-protocol.ts';

/** Catalogue photos per category the classifier is taught from: "a few", as a shop would label by hand. */
export const PER_CATEGORY = 5;
const TOP_K = 6;

export interface PhotoShop {
  index: VisualIndex<PhotoMetadata>;
  categories: FewShotClassifier | null;
  model: ImageModel;
}

export interface PhotoReports {
  progress(done: number, total: number, detail: string): void;
  notice(message: ImageModelNotice | CategoriesNotice): void;
}

let imageModel: ImageModel | undefined;

/** Loads MobileNet (once), indexes the catalogue photos (fetched from this origin) into a fresh index, then the categories. */
export async function openPhotoShop(products: readonly WorkerProduct[], modelUrl: string | null, report: PhotoReports): Promise<PhotoShop> {
  if (!modelUrl) {
    const reason = 'no MobileNet in this build (the data directory had none)';
    report.notice({ notice: 'image-model', url: null, reason });
    report.notice({ notice: 'categories', labels: null, reason });
    throw new Error(`${reason}.`);
  }
  imageModel ??= await loadImageModel(modelUrl);
  const m = imageModel.metadata;
  report.notice({ notice: 'image-model', url: modelUrl, name: m.name, version: m.version, format: m.modelFormat, inputSize: m.inputSize, embeddingSize: m.embeddingSize });
  const index = await openVisualIndex<PhotoMetadata>({ name: INDEX_NAME, model: imageModel });
  await index.clear();
  const total = products.length;
  report.progress(0, total, `${m.name} loaded`);
  const batch = 32;
  for (let i = 0; i < total; i += batch) {
    const slice = products.slice(i, i + batch);
    const images = await Promise.all(slice.map(async (p) => (await fetch(p.image)).blob()));
    await index.putMany(slice.map((p, k) => ({ productId: p.productId, image: images[k], metadata: { category: p.category } })), { batchSize: 16 });
    report.progress(Math.min(total, i + batch), total, 'catalogue photos embedded');
  }
  let categories: FewShotClassifier | null = null;
  try {
    categories = await shopCategories(products, index, imageModel, report);
  } catch (error) {
    report.notice({ notice: 'categories', labels: null, reason: error instanceof Error ? error.message : String(error) });
  }
  return { index, categories, model: imageModel };
}

/**
 * The classifier saved in the category store, or (none saved yet, or the shop's categories changed) one taught from
 * the first PER_CATEGORY photos of each category, reusing the embeddings the index holds, and saved for the next visit.
 */
async function shopCategories(products: readonly WorkerProduct[], index: VisualIndex<PhotoMetadata>, model: ImageModel, report: PhotoReports): Promise<FewShotClassifier> {
  const store = await openCategoryStore();
  try {
    const current = [...new Set(products.map((p) => p.category))].sort();
    if ((await store.list()).includes(CATEGORIES_NAME)) {
      const saved = await store.load(CATEGORIES_NAME, { model });
      // Kept while the shop has the same categories; a changed catalogue is taught again below.
      if (saved.labels.join('\n') === current.join('\n')) {
        report.notice({ notice: 'categories', labels: saved.labels, perCategory: Math.min(...Object.values(saved.counts)), from: 'saved', savedAs: CATEGORIES_NAME });
        return saved;
      }
      saved.dispose();
    }
    const trainer = await createFewShotClassifier({ model, k: 3 });
    const examples = new Map<string, Float32Array[]>();
    for (const p of products) {
      const list = examples.get(p.category) ?? [];
      const embedding = index.get(p.productId)?.embedding;
      if (list.length < PER_CATEGORY && embedding) examples.set(p.category, [...list, embedding]);
    }
    for (const [category, embeddings] of examples) await trainer.addExamples(category, embeddings);
    await store.save(CATEGORIES_NAME, trainer);
    report.notice({ notice: 'categories', labels: trainer.labels, perCategory: PER_CATEGORY, from: 'taught', savedAs: CATEGORIES_NAME });
    return trainer;
  } finally {
    store.close();
  }
}

/** Embeds the photo once; searches the index and asks the classifier with that one embedding. */
export async function searchPhoto(shop: PhotoShop, image: Blob): Promise<PhotoAnswer> {
  const embedding = await shop.model.embed(image);
  const [hits, category] = await Promise.all([shop.index.search(embedding, { topK: TOP_K }), shop.categories?.predict(embedding) ?? null]);
  return { hits, category };
}
