/**
 * Fuzz: the metadata checkers of every model family on random JSON and on valid metadata with one field replaced
 * or removed. Each returns the metadata or fails with its documented code (MODEL_LOAD_FAILED; INVALID_INPUT /
 * INTEGRITY_MISMATCH for the few-shot file), never a raw TypeError.
 */
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { checkIntentMetadata } from '../../src/intent/check-metadata.ts';
import { checkRecommenderMetadata } from '../../src/recommend/check-metadata.ts';
import { parseMetadata } from '../../src/vision/metadata.ts';
import { FEW_SHOT_FORMAT, parseFewShotFile, toBase64 } from '../../src/vision/few-shot-file.ts';
import { artifactsToModel, FORMAT, FORMAT_VERSION } from '../../src/assistant/io.ts';
import { flattenContent } from '../../src/assistant/content.ts';
import type { ErrorCode } from '../../src/core/errors.ts';
import { SHOP_FAQ } from '../fixtures/faq/shop-faq.ts';
import { fc, fuzz, resolvesValidOrRejectsTyped } from './fuzz.ts';

type Json = unknown;

/** Every path (list of keys) into a JSON value, the root included. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** `base` with the value at one path replaced by random JSON, a hostile number, or removed. */
function mutated(base: Json): fc.Arbitrary<Json> {
  const all = paths(base);
  const replacement = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(null, -1, 0, 1e300, -0, 2 ** 31, 0.5, '', '__proto__', [], {}), fc.constant(undefined));
  return fc.tuple(fc.nat({ max: all.length - 1 }), replacement).map(([i, value]) => {
    const copy = structuredClone(base) as Record<string | number, unknown>;
    const path = all[i] as (string | number)[];
    if (path.length === 0) return value;
    let at: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    const last = path.at(-1) as string | number;
    // Metadata is parsed JSON, which has no holes: an array element is removed, not deleted.
    if (value === undefined && Array.isArray(at)) at.splice(last as number, 1);
    else if (value === undefined) delete at[last];
    else at[last] = value;
    return copy;
  });
}

const recommenderBase = (() => {
  const n = 3, dim = 2, window = 2;
  return {
    format: 'storefront-ml/recommender', version: 1, dim, window, modelWeight: 0.5, productIds: ['a', 'b', 'c'],
    attributes: [['x'], null, []], weights: 'weights.bin', info: {},
    weightSpecs: [['input', [n + 1, dim]], ['position', [window]], ['dense', [dim, dim]], ['dense_bias', [dim]], ['items', [n, dim]], ['bias', [n]], ['popularity', [n]]]
      .map(([name, shape]) => ({ name, dtype: 'float32', shape })),
  };
})();

/** The same with learned attribute vectors: two names, and their [2, dim] array last. */
const recommenderLearnedBase = {
  ...recommenderBase, attributeNames: ['a:x', 'c:y'],
  weightSpecs: [...recommenderBase.weightSpecs, { name: 'attribute_vectors', dtype: 'float32', shape: [2, 2] }],
};

const assistantBase = {
  format: FORMAT, version: FORMAT_VERSION, content: SHOP_FAQ, features: { dim: 1024, charMin: 2, charMax: 4, cjkMax: 2, wordWeight: 1, maxChars: 2000 },
  classes: flattenContent(SHOP_FAQ).classes.length, temperature: 1, threshold: 0.5,
};

const fewShotBase = {
  format: FEW_SHOT_FORMAT, model: null, embeddingSize: 2, k: 3, threshold: 0.5,
  examples: [{ label: 'red', embedding: toBase64(new Float32Array([1, 0])) }, { label: 'blue', embedding: toBase64(new Float32Array([0, 1])) }],
};

const families: [string, Json, (value: Json) => unknown, ErrorCode[]][] = [
  ['intent', JSON.parse(readFileSync('models/purchase-intent/metadata.json', 'utf8')), (v) => checkIntentMetadata(v, 'metadata.json'), ['MODEL_LOAD_FAILED']],
  ['recommender', recommenderBase, (v) => checkRecommenderMetadata(v, 'metadata.json', 4 * (8 + 2 + 4 + 2 + 6 + 3 + 3)), ['MODEL_LOAD_FAILED']],
  ['recommender with learned attributes', recommenderLearnedBase, (v) => checkRecommenderMetadata(v, 'metadata.json', 4 * (8 + 2 + 4 + 2 + 6 + 3 + 3 + 4)), ['MODEL_LOAD_FAILED']],
  ['vision', JSON.parse(readFileSync('models/vision/mobilenet_v1_025_layers/metadata.json', 'utf8')), (v) => parseMetadata(v), ['MODEL_LOAD_FAILED']],
  // The topology as loadAssistant reads it from model.json; without weights, a topology that passes ends in "has no weights".
  ['assistant', assistantBase, (v) => artifactsToModel({ modelTopology: v as never }, 'model.json'), ['MODEL_LOAD_FAILED']],
  ['few-shot', fewShotBase, (v) => parseFewShotFile(v), ['INVALID_INPUT', 'INTEGRITY_MISMATCH']],
];

describe('fuzz: metadata checkers', () => {
  for (const [family, base, check, codes] of families) {
    it(`${family}: the committed/valid metadata passes; random JSON and one-field mutations pass or fail with ${codes.join('/')}`, async () => {
      if (family !== 'assistant') await check(base);
      await fuzz(`${family} metadata`, { numRuns: 1500, timeLimitMs: 5000 }, [fc.oneof({ weight: 3, arbitrary: mutated(base) }, { weight: 1, arbitrary: fc.jsonValue() })], async (value) => {
        await resolvesValidOrRejectsTyped(() => check(value), () => true, codes);
      });
    });
  }
});
