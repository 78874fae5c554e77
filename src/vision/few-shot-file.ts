/**
 * The few-shot classifier's file: JSON with base64 float32 embeddings, the numbers it was taught with, and the
 * size + SHA-256 of its examples (the manifest of a one-file format). Parsing checks every field before the
 * classifier exists; fetching goes through the shared model-file layer.
 */
import { bytesToBase64 } from '../core/base64.ts';
import { StorefrontError } from '../core/errors.ts';
import { checkFileOptions, fetchJson, resolveAllowed, sha256Hex, type ModelFile, type ModelFileOptions } from '../core/files/index.ts';
import { show } from '../core/validate.ts';
import { EMBED_AUGMENTS, type EmbedAugment } from './augment.ts';

export const FEW_SHOT_FORMAT = 'storefront-ml/few-shot@1';
/** More examples than this is no few-shot file (and would hold gigabytes of embeddings). */
const MAX_EXAMPLES = 100_000;

/** The few-shot classifier's scoring rule (see `FewShotOptions.head`). */
export type FewShotHead = 'knn' | 'softmax';
export const FEW_SHOT_HEADS: readonly FewShotHead[] = ['knn', 'softmax'];
/** How image queries are embedded (see `FewShotOptions.augment`): one of `embed()`'s augmentations. */
export type FewShotAugment = EmbedAugment;

/** What `toFiles()` writes and `loadFewShotClassifier` reads: JSON with base64 float32 embeddings. */
export interface FewShotFile {
  format: typeof FEW_SHOT_FORMAT;
  model: string | null;
  embeddingSize: number;
  k: number;
  threshold: number;
  examples: { label: string; embedding: string }[];
  /** How categories are scored: `knn` (absent in older files) or `softmax` (a head trained on the examples when loaded). */
  head?: FewShotHead;
  /** How image queries are embedded: `none` (absent in older files) or `crops` (the image and its five crops averaged). */
  augment?: FewShotAugment;
  /** Size and SHA-256 of `JSON.stringify(examples)` as UTF-8, written by toFiles(); checked on load when present. */
  integrity?: ModelFile;
}

export function toBase64(v: Float32Array): string {
  return bytesToBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
}

export function fromBase64(text: string): Float32Array {
  const bin = atob(text);
  if (bin.length % 4 !== 0) throw new RangeError(`${bin.length} bytes is not a whole number of float32 values`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function invalidFile(why: string, field: string, cause?: unknown): StorefrontError {
  return new StorefrontError('INVALID_INPUT', `Few-shot file: ${why}. Pass a file written by classifier.toFiles().`, { cause, details: { field } });
}

/** Checks a parsed few-shot file: every field, every embedding finite and of the stated size, and its checksum. */
export async function parseFewShotFile(value: unknown): Promise<FewShotFile> {
  const f = value as Partial<FewShotFile> | null;
  if (!f || f.format !== FEW_SHOT_FORMAT) throw invalidFile(`format is ${show(f?.format)}, expected "${FEW_SHOT_FORMAT}"`, 'format');
  if (!Number.isInteger(f.embeddingSize) || (f.embeddingSize as number) < 1 || (f.embeddingSize as number) > 65_536) {
    throw invalidFile(`embeddingSize is ${show(f.embeddingSize)}, expected an integer from 1 to 65536`, 'embeddingSize');
  }
  if (!Number.isInteger(f.k) || (f.k as number) < 1 || (f.k as number) > 1000) throw invalidFile(`k is ${show(f.k)}, expected an integer from 1 to 1000`, 'k');
  if (typeof f.threshold !== 'number' || !(f.threshold >= -1 && f.threshold <= 1)) throw invalidFile(`threshold is ${show(f.threshold)}, expected a number from -1 to 1`, 'threshold');
  if (f.head !== undefined && !FEW_SHOT_HEADS.includes(f.head)) throw invalidFile(`head is ${show(f.head)}, expected one of: ${FEW_SHOT_HEADS.join(', ')}`, 'head');
  if (f.augment !== undefined && !EMBED_AUGMENTS.includes(f.augment)) throw invalidFile(`augment is ${show(f.augment)}, expected one of: ${EMBED_AUGMENTS.join(', ')}`, 'augment');
  if (f.model !== null && f.model !== undefined && typeof f.model !== 'string') throw invalidFile(`model is ${show(f.model)}, expected "name@version" or null`, 'model');
  if (!Array.isArray(f.examples) || f.examples.length > MAX_EXAMPLES) throw invalidFile(`examples is ${show(f.examples)}, expected up to ${MAX_EXAMPLES} examples`, 'examples');
  if (f.integrity !== undefined) {
    const i = f.integrity;
    const text = new TextEncoder().encode(JSON.stringify(f.examples));
    if (!i || typeof i.sha256 !== 'string' || !Number.isInteger(i.bytes)) throw invalidFile(`integrity is ${show(i)}, expected { bytes, sha256 }`, 'integrity');
    const actual = await sha256Hex(text);
    if (text.byteLength !== i.bytes || actual !== i.sha256) {
      throw new StorefrontError('INTEGRITY_MISMATCH', `Few-shot file: its examples have ${text.byteLength} bytes and SHA-256 ${actual}, but the file promises ` +
        `${i.bytes} bytes and ${i.sha256}. The file was altered; write it again with toFiles().`, { details: { field: 'examples', sha256: actual, expectedSha256: i.sha256 } });
    }
  }
  for (const [index, e] of f.examples.entries()) {
    const at = `examples[${index}]`;
    if (typeof e?.label !== 'string' || e.label === '' || typeof e.embedding !== 'string') throw invalidFile(`${at} lacks label or embedding`, at);
    let v: Float32Array;
    try {
      v = fromBase64(e.embedding);
    } catch (error) {
      throw invalidFile(`the embedding of "${e.label}" is not base64 float32`, `${at}.embedding`, error);
    }
    if (v.length !== f.embeddingSize) throw invalidFile(`an embedding of "${e.label}" has ${v.length} values, not ${f.embeddingSize}`, `${at}.embedding`);
    if (!v.every(Number.isFinite)) throw invalidFile(`an embedding of "${e.label}" holds NaN or Infinity`, `${at}.embedding`);
  }
  return f as FewShotFile;
}

/** Fetches a few-shot file from `url` (same origin unless allowed), with the shared options. */
export async function fetchFewShotFile(url: string, options: ModelFileOptions): Promise<unknown> {
  const subject = 'Few-shot file';
  const checked = checkFileOptions({ ...options, cache: 'none' }, subject);
  const where = resolveAllowed(url, checked, subject, 'the source');
  return fetchJson(where, { subject, signal: checked.signal, fetch: checked.fetch });
}
