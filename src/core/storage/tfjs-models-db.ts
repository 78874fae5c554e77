/**
 * Models saved through TensorFlow.js at `indexeddb://<name>`, read and removed with plain IndexedDB: the history and
 * the "erase my data" calls must not load a 1 MB library to honour a shopper's rights, and a history-only page has none.
 * TensorFlow.js keeps them in its own database (`tensorflowjs`, version 1: stores `models_store` and
 * `model_info_store`, keyed by `modelPath`, the part after `indexeddb://`; tfjs-core's io/indexed_db.ts, the same
 * layout since TF.js 1.0; it joins the weights into one ArrayBuffer before saving).
 */
const TFJS_DB = 'tensorflowjs';
const MODELS = 'models_store';
const INFO = 'model_info_store';
const PREFIX = 'indexeddb://';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Runs `fn` in one transaction on TensorFlow.js's database, or resolves `undefined` when it does not exist (never
 * creates it: an upgrade from version 0 is aborted). The connection closes afterwards, and at once when another tab
 * needs it.
 */
async function withTfjsDb<T>(mode: IDBTransactionMode, fn: (tx: IDBTransaction) => Promise<T>): Promise<T | undefined> {
  const open = indexedDB.open(TFJS_DB, 1);
  open.onupgradeneeded = (event) => { if (event.oldVersion === 0) open.transaction?.abort(); };
  let db: IDBDatabase;
  try {
    db = await request(open);
  } catch (error) {
    if ((error as { name?: string } | null)?.name === 'AbortError') return undefined;
    throw error;
  }
  db.onversionchange = () => db.close();
  try {
    if (!db.objectStoreNames.contains(MODELS) || !db.objectStoreNames.contains(INFO)) return undefined;
    const tx = db.transaction([MODELS, INFO], mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('transaction aborted'));
    });
    const result = await fn(tx);
    await done;
    return result;
  } finally {
    db.close();
  }
}

const pathOf = (url: string) => url.slice(PREFIX.length);

/** The `indexeddb://…` URLs of every model TensorFlow.js keeps on this origin (ours and others'). */
export async function savedModelUrls(): Promise<Set<string>> {
  const keys = await withTfjsDb('readonly', (tx) => request(tx.objectStore(INFO).getAllKeys()));
  return new Set((keys ?? []).map((k) => PREFIX + String(k)));
}

/** The stored artifacts (`modelTopology`, `weightSpecs`, `weightData`, `userDefinedMetadata`…) of each URL, or undefined. */
export async function readSavedModels(urls: readonly string[]): Promise<(Record<string, unknown> | undefined)[]> {
  const rows = await withTfjsDb('readonly', (tx) => Promise.all(urls.map((u) => request(tx.objectStore(MODELS).get(pathOf(u))))));
  return urls.map((_, i) => (rows?.[i] as { modelArtifacts?: Record<string, unknown> } | undefined)?.modelArtifacts);
}

/** Removes the models at `urls` in one transaction (all or none); a URL with no model is nothing to do. */
export async function removeSavedModels(urls: readonly string[]): Promise<void> {
  await withTfjsDb('readwrite', async (tx) => {
    for (const url of urls) {
      tx.objectStore(INFO).delete(pathOf(url));
      tx.objectStore(MODELS).delete(pathOf(url));
    }
  });
}
