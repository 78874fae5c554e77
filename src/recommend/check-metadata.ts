/**
 * Validates a hosted recommender's metadata.json against its weights before any tensor exists: dimensions bounded
 * (a `dim` of 40,000 would reserve gigabytes for the dense layer), one product id per row, weight specs that are
 * exactly the arrays this version writes, sizes that add up to the weights file. Failures are MODEL_LOAD_FAILED
 * with `details.field`. Pure; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import { fieldChecker, type FileManifest } from '../core/files/index.ts';

const SUBJECT = 'Recommender';
export const RECOMMENDER_FORMAT = 'storefront-ml/recommender';
/** The largest embedding width any recommender may have (trainRecommender's own limit). */
export const MAX_DIM = 1024;
const MAX_ITEMS = 2_000_000;
/** The most session entries a session index may hold (sessionIndex() keeps 100,000 sessions of at most 50). */
const MAX_SESSION_ITEMS = 5_000_000;

/** What `metadata.json` of a saved recommender holds. */
export interface RecommenderMetadata {
  format: typeof RECOMMENDER_FORMAT;
  version: 1;
  dim: number;
  window: number;
  modelWeight: number;
  /** Weight of session-kNN in `recommend` for an anonymous session (absent in files saved by 0.1.0: 0). */
  sessionWeight?: number;
  /** The same for a returning shopper (absent in files saved before it: DEFAULT_RETURNING_SESSION_WEIGHT). */
  returningSessionWeight?: number;
  productIds: string[];
  attributes: (string[] | null)[];
  /** The learned attribute of each row of `attribute_vectors` (absent without them). */
  attributeNames?: string[];
  weightSpecs: { name: string; dtype: 'float32' | 'int32'; shape: number[] }[];
  /** The weights file beside metadata.json. */
  weights: string;
  /** Provenance: when and how it was trained, metrics… */
  info: Record<string, unknown>;
  /** Size and SHA-256 of the weights file, checked on load. */
  files?: FileManifest;
}

/** Throws unless `value` is recommender metadata whose specs describe `weightBytes` bytes; returns it typed. */
export function checkRecommenderMetadata(value: unknown, where: string, weightBytes?: number): RecommenderMetadata {
  const m = value as Partial<RecommenderMetadata> | undefined;
  if (!m || typeof m !== 'object' || m.format !== RECOMMENDER_FORMAT || m.version !== 1) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${where} format ${JSON.stringify(m?.format)} v${m?.version} is not ${RECOMMENDER_FORMAT} v1. Save it with recommender.save() or recommender.toFiles().`, {
      details: { field: 'format', source: where },
    });
  }
  const c = fieldChecker(SUBJECT, where);
  const dim = c.int('dim', m.dim, 1, MAX_DIM);
  const window = c.int('window', m.window, 1, 200);
  c.num('modelWeight', m.modelWeight, 0, 1);
  if (m.sessionWeight !== undefined) c.num('sessionWeight', m.sessionWeight, 0, 1);
  if (m.returningSessionWeight !== undefined) c.num('returningSessionWeight', m.returningSessionWeight, 0, 1);
  const ids = m.productIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_ITEMS || !ids.every((id) => typeof id === 'string')) {
    return c.bad('productIds', ids, `Expected 1 to ${MAX_ITEMS} product id strings.`);
  }
  if (new Set(ids).size !== ids.length) c.bad('productIds', ids, 'Each product id may appear once.');
  const n = ids.length;
  if (!Array.isArray(m.attributes) || m.attributes.length !== n) c.bad('attributes', m.attributes, `Expected one entry (array or null) per product: ${n}.`);
  const specs = m.weightSpecs;
  if (!Array.isArray(specs)) return c.bad('weightSpecs', specs, 'Re-save the model with this version of storefront-ml.');
  const expected: [string, number[]][] = [
    ['input', [n + 1, dim]], ['position', [window]], ['dense', [dim, dim]], ['dense_bias', [dim]],
    ['items', [n, dim]], ['bias', [n]], ['popularity', [n]],
  ];
  // Optional blocks, each after the one before: item similarity (3 arrays), sequential rules (3; files saved before
  // them have none and still load) and the session index (2).
  for (const prefix of ['similarity', 'rules'] as const) {
    const at = expected.length;
    if (specs[at]?.name !== `${prefix}_row_start`) break;
    const neighbours = specs[at + 1]?.shape?.[0];
    c.int(`weightSpecs[${at + 1}].shape`, neighbours, 0, n * n);
    expected.push([`${prefix}_row_start`, [n + 1]], [`${prefix}_neighbours`, [neighbours as number]], [`${prefix}_values`, [neighbours as number]]);
  }
  if (specs[expected.length]?.name === 'sessions_start') {
    const at = expected.length;
    const sessions = c.int(`weightSpecs[${at}].shape`, specs[at]?.shape?.[0], 1, MAX_SESSION_ITEMS + 1);
    const total = c.int(`weightSpecs[${at + 1}].shape`, specs[at + 1]?.shape?.[0], 0, MAX_SESSION_ITEMS);
    expected.push(['sessions_start', [sessions]], ['sessions_items', [total]]);
  }
  const names = m.attributeNames;
  if (names !== undefined) {
    if (!Array.isArray(names) || names.length === 0 || names.length > MAX_ITEMS || !names.every((a) => typeof a === 'string' && a !== '')) {
      c.bad('attributeNames', names, `Expected 1 to ${MAX_ITEMS} attribute names (non-empty strings).`);
    }
    if (new Set(names).size !== names.length) c.bad('attributeNames', names, 'Each attribute may appear once.');
    expected.push(['attribute_vectors', [names.length, dim]]);
  }
  if (specs.length !== expected.length) {
    c.bad('weightSpecs', specs, 'Expected 7 arrays, then optionally 3 of item similarity, 3 of sequential rules, 2 of the session index ' +
      'and the learned attribute vectors (with attributeNames).');
  }
  expected.forEach(([name, shape], i) => {
    const spec = specs[i];
    const ok = spec?.name === name && Array.isArray(spec.shape) && spec.shape.join(',') === shape.join(',') &&
      spec.dtype === (/^sessions_|^(similarity|rules)_(row_start|neighbours)$/.test(name) ? 'int32' : 'float32');
    if (!ok) c.bad(`weightSpecs[${i}]`, spec?.name ?? spec, `Expected "${name}" of shape [${shape.join(', ')}] for ${n} products of dim ${dim}.`);
  });
  const bytes = expected.reduce((s, [, shape]) => s + 4 * shape.reduce((a, b) => a * b, 1), 0);
  if (weightBytes !== undefined && weightBytes !== bytes) {
    c.bad('weightSpecs', specs, `They describe ${bytes} bytes but the weights hold ${weightBytes}; host the files of one save together.`);
  }
  if (m.weights !== undefined && typeof m.weights !== 'string') c.bad('weights', m.weights, 'Expected the weights file name, e.g. "weights.bin".');
  return m as RecommenderMetadata;
}

/** Neighbour indices must name products (a bad one would read outside the item table). */
export function checkSimilarity(rowStart: Int32Array, neighbours: Int32Array, n: number, where: string, prefix = 'similarity'): void {
  const c = fieldChecker(SUBJECT, where);
  for (let i = 0; i < rowStart.length; i++) {
    const v = rowStart[i] as number;
    if (v < 0 || v > neighbours.length || (i > 0 && v < (rowStart[i - 1] as number))) c.bad(`${prefix}_row_start`, v, 'Re-save the model.');
  }
  for (const j of neighbours) if (j < 0 || j >= n) c.bad(`${prefix}_neighbours`, j, `Expected product indices 0…${n - 1}. Re-save the model.`);
}

/** Session starts must rise from 0 to the item count, and every item name a product. */
export function checkSessions(start: Int32Array, items: Int32Array, n: number, where: string): void {
  const c = fieldChecker(SUBJECT, where);
  if (start[0] !== 0 || start[start.length - 1] !== items.length) c.bad('sessions_start', start[0], 'Re-save the model.');
  for (let i = 1; i < start.length; i++) if ((start[i] as number) < (start[i - 1] as number)) c.bad('sessions_start', start[i], 'Re-save the model.');
  for (const j of items) if (j < 0 || j >= n) c.bad('sessions_items', j, `Expected product indices 0…${n - 1}. Re-save the model.`);
}
