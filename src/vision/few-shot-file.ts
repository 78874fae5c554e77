/**
 * The few-shot file (`few-shot.json`): JSON with base64 float32 embeddings. Pure format code; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';

export const FEW_SHOT_FORMAT = 'storefront-ml/few-shot@1';

/** What `toFiles()` writes and `loadFewShotClassifier` reads: JSON with base64 float32 embeddings. */
export interface FewShotFile {
  format: typeof FEW_SHOT_FORMAT;
  model: string | null;
  embeddingSize: number;
  k: number;
  threshold: number;
  examples: { label: string; embedding: string }[];
}

export function toBase64(v: Float32Array): string {
  const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Float32Array {
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function invalidFile(why: string, cause?: unknown): StorefrontError {
  return new StorefrontError('INVALID_INPUT', `Few-shot file: ${why}. Pass a file written by classifier.toFiles().`, { cause });
}

/** Checks a parsed few-shot file. */
export function parseFewShotFile(value: unknown): FewShotFile {
  const f = value as Partial<FewShotFile> | null;
  if (!f || f.format !== FEW_SHOT_FORMAT) throw invalidFile(`format is ${show(f?.format)}, expected "${FEW_SHOT_FORMAT}"`);
  if (!Number.isInteger(f.embeddingSize) || !Array.isArray(f.examples)) throw invalidFile('embeddingSize or examples are missing');
  for (const e of f.examples) {
    if (typeof e?.label !== 'string' || typeof e.embedding !== 'string') throw invalidFile('an example lacks label or embedding');
    let v: Float32Array;
    try {
      v = fromBase64(e.embedding);
    } catch (error) {
      throw invalidFile(`the embedding of "${e.label}" is not base64 float32`, error);
    }
    if (v.length !== f.embeddingSize) throw invalidFile(`an embedding of "${e.label}" has ${v.length} values, not ${f.embeddingSize}`);
  }
  return f as FewShotFile;
}

