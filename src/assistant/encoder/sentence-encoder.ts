/**
 * Universal Sentence Encoder lite (Cer et al. 2018) in TensorFlow.js: the pretrained sentence encoder an assistant
 * may use beside its n-grams. Loaded only when a shop asks for it (`encoder` option; this module is imported
 * dynamically), from the shop's own folder of the published files, each checked against its pinned size and SHA-256.
 *
 * Why not `@tensorflow-models/universal-sentence-encoder`: its loader fetches with tf.util.fetch outside our file
 * layer (no origin check, no integrity check, no abort, no IndexedDB cache), declares a TF.js 3 peer, and builds the
 * sparse input by repeated `concat` (quadratic in the batch's tokens); what remains is its tokenizer, ported in
 * tokenizer.ts (same ids) in fewer lines than an `overrides` entry would cost us to keep.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, isStorefrontError, throwIfAborted } from '../../core/errors.ts';
import { fetchVerified, fetchVerifiedCached, resolveAllowed, type FileManifest } from '../../core/files/index.ts';
import type { LoadOptions } from '../../core/lifecycle.ts';
import { SentencePieceTokenizer, type Vocabulary } from './tokenizer.ts';
import { sparseTokenInput, lengthBatches } from './batches.ts';

/** Which encoder an assistant was trained with; saved with it so `loadAssistant` can demand the same one. */
export const USE_LITE = {
  name: 'universal-sentence-encoder-lite',
  dim: 512,
  /** The published files (Google's TF.js conversion), as the shop hosts them in one folder. */
  files: {
    'model.json': { bytes: 247026, sha256: '507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53' },
    'vocab.json': { bytes: 218327, sha256: '1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e' },
    'group1-shard1of7': { bytes: 4194304, sha256: '8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412' },
    'group1-shard2of7': { bytes: 4194304, sha256: 'deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd' },
    'group1-shard3of7': { bytes: 4194304, sha256: '50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936' },
    'group1-shard4of7': { bytes: 4194304, sha256: 'c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596' },
    'group1-shard5of7': { bytes: 4194304, sha256: '410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b' },
    'group1-shard6of7': { bytes: 4194304, sha256: '83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b' },
    'group1-shard7of7': { bytes: 2737832, sha256: 'a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689' },
  } satisfies FileManifest,
} as const;

/** Where the shop hosts the encoder's files, and how to fetch them (the shared loader options). */
export interface AssistantEncoderOptions extends Omit<LoadOptions, 'signal'> {
  /** URL of the folder holding USE lite's model.json, vocab.json and group1-shard*of7 (28 MB). */
  url: string;
}

/** A loaded sentence encoder: text in, one 512-d embedding per text out; no tensor escapes. */
export interface SentenceEncoder {
  readonly name: string;
  readonly dim: number;
  /** Embeddings of `texts`, batched by length (`batchSize` texts a batch); `onBatch` after each batch. */
  embed(texts: readonly string[], options?: { batchSize?: number; signal?: AbortSignal; onBatch?: (done: number) => void | Promise<void> }): Promise<Float32Array[]>;
  dispose(): void;
}

const SUBJECT = 'Assistant encoder';

class UseLite implements SentenceEncoder {
  readonly name = USE_LITE.name;
  readonly dim = USE_LITE.dim;
  constructor(private model: tf.GraphModel, private tokenizer: SentencePieceTokenizer, private maxChars: number) {}

  async embed(texts: readonly string[], options: { batchSize?: number; signal?: AbortSignal; onBatch?: (done: number) => void | Promise<void> } = {}): Promise<Float32Array[]> {
    const ids = texts.map((t) => this.tokenizer.encode(t.slice(0, this.maxChars)));
    const out: Float32Array[] = new Array(texts.length);
    let done = 0;
    for (const batch of lengthBatches(ids, options.batchSize ?? 128)) {
      throwIfAborted(options.signal, 'Embedding the assistant’s messages');
      const input = sparseTokenInput(batch.map((i) => ids[i] as number[]));
      const indices = tf.tensor2d(input.indices, [input.values.length, 2], 'int32');
      const values = tf.tensor1d(input.values, 'int32');
      let result: tf.Tensor | tf.Tensor[] | undefined;
      try {
        result = await this.model.executeAsync({ indices, values });
        const embedding = Array.isArray(result) ? (result[0] as tf.Tensor) : result;
        const data = await embedding.data<'float32'>();
        batch.forEach((row, k) => (out[row] = data.slice(k * this.dim, (k + 1) * this.dim)));
      } finally {
        indices.dispose();
        values.dispose();
        if (result !== undefined) tf.dispose(result);
      }
      done += batch.length;
      await options.onBatch?.(done);
    }
    return out;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * Loads USE lite from the shop's folder: every file checked against its pinned size and SHA-256 (INTEGRITY_MISMATCH),
 * same origin unless allowed (ORIGIN_NOT_ALLOWED); anything else that fails is MODEL_LOAD_FAILED.
 */
export async function loadSentenceEncoder(options: AssistantEncoderOptions, signal?: AbortSignal, maxChars = 1000): Promise<SentenceEncoder> {
  const folder = resolveAllowed(options.url.endsWith('/') ? options.url : `${options.url}/`, options, SUBJECT, 'the encoder URL');
  const resolve = (path: string): string => resolveAllowed(path, { baseUrl: folder, allowedOrigins: options.allowedOrigins }, SUBJECT, `file "${path}" at`);
  const context = { subject: SUBJECT, signal, onProgress: options.onProgress, fetch: options.fetch };
  const files = options.cache === 'indexeddb'
    ? (await fetchVerifiedCached(USE_LITE.files, resolve, context)).files
    : await fetchVerified(USE_LITE.files, resolve, context);
  throwIfAborted(signal, 'Loading the assistant encoder');
  const fail = (what: string, cause: unknown) =>
    new StorefrontError('MODEL_LOAD_FAILED', `${SUBJECT}: ${folder} ${what}: ${String(cause)}.`, { cause, details: { source: folder } });
  let vocabulary: Vocabulary;
  let json: { modelTopology: tf.io.ModelArtifacts['modelTopology']; weightsManifest: tf.io.WeightsManifestConfig };
  try {
    vocabulary = JSON.parse(new TextDecoder().decode(files.get('vocab.json'))) as Vocabulary;
    json = JSON.parse(new TextDecoder().decode(files.get('model.json')));
  } catch (error) {
    throw fail('has unreadable JSON', error);
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const weightData = tf.io.concatenateArrayBuffers(json.weightsManifest.flatMap((g) => g.paths).map((p) => files.get(p) as ArrayBuffer));
  try {
    const model = await tf.loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
    return new UseLite(model, new SentencePieceTokenizer(vocabulary), maxChars);
  } catch (error) {
    if (isStorefrontError(error)) throw error;
    throw fail('could not be built as a TF.js graph model', error);
  }
}
