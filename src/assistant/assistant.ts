/**
 * The customer-service assistant: trained in the browser from the shop's content, answers with a calibrated
 * confidence, hands off to a person when unsure or out of scope, extracts order numbers, e-mails and amounts.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { checkFileOptions } from '../core/files/index.ts';
import { guardDisposed, type LoadOptions, type ModelFiles } from '../core/lifecycle.ts';
import { show } from '../core/validate.ts';
import { softmax } from './calibrate.ts';
import { checkTrainOptions } from './check-options.ts';
import {
  DEFAULT_HANDOFF,
  detectLanguage,
  flattenContent,
  pickLocalized,
  type AssistantContent,
  type AssistantLanguage,
  type ClassInfo,
} from './content.ts';
import { extractEntities, type Entity } from './entities.ts';
import { FamiliarityGate, type AssistantFamiliarity } from './familiarity.ts';
import { vectorize } from './features.ts';
import { FORMAT, FORMAT_VERSION, artifactsToFiles, artifactsToModel, modelToArtifacts, readArtifacts, savedBytes, writeArtifacts, type SavedAssistant } from './io.ts';
import { SparseSoftmax } from './sparse-softmax.ts';
import { hasReadableText } from './text.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { trainModel, type TrainAssistantOptions, type TrainedModel } from './train.ts';
import { encoderTrust, latinWords, withEmbedding } from './encoder/combine.ts';
import { nearness } from './encoder/nearness.ts';
import type { AssistantEncoderOptions, SentenceEncoder } from './encoder/sentence-encoder.ts';
import type { LoadOptions as SharedLoadOptions } from '../core/lifecycle.ts';

/**
 * Why the assistant answered as it did: `'unfamiliar'` is text unlike anything it was trained on (mostly in a script
 * the content never used, or letters no word of it resembles: keyboard mash), handed off before the softmax decides.
 */
export type AnswerReason = 'confident' | 'low_confidence' | 'out_of_scope' | 'unfamiliar' | 'no_text';

/** One candidate: an intent or FAQ id and its calibrated probability. */
export interface AnswerCandidate {
  label: string;
  kind: 'intent' | 'faq' | 'out_of_scope';
  score: number;
}

/** What `answer()` returns: plain data. */
export interface AssistantAnswer {
  /** The best intent or FAQ id; null when the message had nothing to read or was unfamiliar. */
  label: string | null;
  kind: 'intent' | 'faq' | 'out_of_scope' | null;
  /** The text to show: the entry's answer in the shopper's language, or the hand-off message. Null for an intent without answer. */
  answer: string | null;
  /** Calibrated probability of `label` (temperature-scaled on held-out messages), 0…1. */
  confidence: number;
  /** The next best candidates, best first (up to 3). */
  alternatives: AnswerCandidate[];
  /** True: pass the conversation to a person. */
  handoff: boolean;
  reason: AnswerReason;
  /** Order numbers, e-mail addresses and amounts found in the message. */
  entities: Entity[];
  /** The language answered in. */
  language: AssistantLanguage;
}

/** What a trained assistant knows about itself: its format and calibration facts (`assistant.metadata`). */
export interface AssistantMetadata {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  labels: string[];
  temperature: number;
  /** Hand-off below this calibrated confidence. */
  threshold: number;
  /** The scripts of the training text, and the letter floor (mean log-probability per letter; null: no letter check). */
  familiarity: AssistantFamiliarity;
  /** Held-out in-scope accuracy and OOS recall at `threshold`, unfamiliar messages handed off (NaN when nothing was held out). */
  validation: { inScopeAccuracy: number; oosRecall: number; rows: number };
  trainSeconds: number;
  /** Bytes of the saved weights: the rows of W training touched, b and the IDF, float32. */
  modelBytes: number;
  /** The sentence encoder it needs (name, embedding width, where it was loaded from in training), or null: n-grams only. */
  encoder: { name: string; dim: number; url: string } | null;
}

/** The files of a saved assistant's folder: `model.json` (topology, content, calibration) and `weights.bin`. */
export interface AssistantFiles extends ModelFiles {
  'model.json': string;
  'weights.bin': Uint8Array;
}

/**
 * A trained assistant, from `trainAssistant()` or `loadAssistant()`. To learn edited content, train a new one
 * (the old one can answer until it is ready) and dispose the old. Dispose it to free its weights.
 */
export interface Assistant {
  /** Calibration facts: labels, temperature, hand-off threshold, validation, training time, weight bytes (a copy). */
  readonly metadata: AssistantMetadata;
  /** Answers one message. Non-strings throw INVALID_INPUT; any string gets an answer or a hand-off. */
  answer(text: string): Promise<AssistantAnswer>;
  /** Saves to `indexeddb://<name>` or any tf.io handler. */
  save(target: string | tf.io.IOHandler): Promise<void>;
  /** The files to host in one folder; load them back with `loadAssistant('<folder>/model.json')`. */
  toFiles(): Promise<AssistantFiles>;
  /** The content it was trained on (a copy). */
  content(): AssistantContent;
  /** Frees the weights; idempotent. Any use afterwards throws DISPOSED. */
  dispose(): void;
}

const TOP_ALTERNATIVES = 3;

class AssistantImpl implements Assistant {
  private classes: ClassInfo[];
  private network: SparseSoftmax;
  private gate: FamiliarityGate;
  private knownWords: Set<string>;
  private disposed = false;

  constructor(private shopContent: AssistantContent, private trained: TrainedModel, private encoder: SentenceEncoder | null = null) {
    const flat = flattenContent(shopContent);
    this.classes = flat.classes;
    this.gate = new FamiliarityGate(trained.familiarity, flat.texts, trained.features.maxChars);
    this.network = new SparseSoftmax(trained.softmax);
    this.knownWords = trained.encoder ? latinWords(flat.texts, trained.features) : new Set();
  }

  private check(method: string): void {
    if (this.disposed) throw new StorefrontError('DISPOSED', `Assistant: ${method}() was called after dispose(). Train or load a new assistant.`);
  }

  async answer(text: string): Promise<AssistantAnswer> {
    this.check('answer');
    if (typeof text !== 'string') {
      throw new StorefrontError('INVALID_INPUT', `Assistant: answer() expects a string message; got ${show(text)}.`, { details: { value: text } });
    }
    const language = detectLanguage(text);
    const entities = extractEntities(text.slice(0, this.trained.features.maxChars * 4));
    const handoffText = pickLocalized(this.shopContent.handoffAnswer ?? DEFAULT_HANDOFF, language);
    const vector = vectorize(text, this.trained.features, this.trained.idf);
    if (!hasReadableText(text) || vector.indices.length === 0) {
      return { label: null, kind: null, answer: handoffText, confidence: 0, alternatives: [], handoff: true, reason: 'no_text', entities, language };
    }
    if (this.gate.unfamiliar(text)) {
      return { label: null, kind: null, answer: handoffText, confidence: 0, alternatives: [], handoff: true, reason: 'unfamiliar', entities, language };
    }
    const encoded = this.trained.encoder;
    let input = vector;
    const trust = encoded === undefined ? 0 : encoderTrust(text, this.trained.features, this.knownWords);
    if (encoded !== undefined && this.encoder !== null && trust > 0) {
      const [embedding] = (await this.encoder.embed([text])) as [Float32Array];
      const { centroids } = this.trained;
      if (encoded.nearnessFloor !== null && centroids !== undefined && nearness(embedding, centroids, encoded.dim) < encoded.nearnessFloor) {
        return { label: null, kind: null, answer: handoffText, confidence: 0, alternatives: [], handoff: true, reason: 'unfamiliar', entities, language };
      }
      input = withEmbedding(vector, embedding, this.trained.features.dim, encoded.weight * trust);
    }
    const [logits] = await this.network.logits([input]);
    const p = softmax(logits as Float32Array, this.trained.temperature);
    const ranked = Array.from(p, (score, i) => ({ i, score })).sort((a, b) => b.score - a.score);
    const [best, ...rest] = ranked.slice(0, TOP_ALTERNATIVES + 1).map(({ i, score }) => {
      const c = this.classes[i] as ClassInfo;
      return { label: c.label, kind: c.kind, score, answer: c.answer };
    });
    const top = best as AnswerCandidate & { answer?: ClassInfo['answer'] };
    const reason: AnswerReason = top.kind === 'out_of_scope' ? 'out_of_scope' : top.score < this.trained.threshold ? 'low_confidence' : 'confident';
    const handoff = reason !== 'confident';
    return {
      label: top.label,
      kind: top.kind,
      answer: handoff ? handoffText : pickLocalized(top.answer, language),
      confidence: top.score,
      alternatives: rest.map(({ label, kind, score }) => ({ label, kind, score })),
      handoff,
      reason,
      entities,
      language,
    };
  }

  async save(target: string | tf.io.IOHandler): Promise<void> {
    this.check('save');
    await writeArtifacts(target, modelToArtifacts({ content: this.shopContent, model: this.trained }));
  }

  async toFiles(): Promise<AssistantFiles> {
    this.check('toFiles');
    const { modelJson, weights } = artifactsToFiles(modelToArtifacts({ content: this.shopContent, model: this.trained }));
    return { 'model.json': modelJson, 'weights.bin': weights };
  }

  content(): AssistantContent {
    this.check('content');
    return structuredClone(this.shopContent);
  }

  get metadata(): AssistantMetadata {
    this.check('metadata');
    const { temperature, threshold, familiarity, validation, trainSeconds } = this.trained;
    return {
      format: FORMAT,
      version: FORMAT_VERSION,
      labels: this.classes.map((c) => c.label),
      temperature,
      threshold,
      familiarity: { scripts: [...familiarity.scripts], letterFloor: familiarity.letterFloor },
      validation: { ...validation },
      trainSeconds,
      modelBytes: savedBytes(this.trained),
      encoder: this.trained.encoder ? { name: this.trained.encoder.name, dim: this.trained.encoder.dim, url: this.trained.encoder.url } : null,
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.network.dispose();
    this.encoder?.dispose();
  }
}

/**
 * Trains an assistant on the shop's content, in the browser (or Node), in seconds: hashed word and character
 * n-gram features, softmax regression, temperature scaling and a hand-off threshold chosen on held-out messages.
 * Takes an AbortSignal (→ ABORTED) and reports progress per epoch.
 */
export async function trainAssistant(content: AssistantContent, given?: TrainAssistantOptions): Promise<Assistant> {
  const options = checkTrainOptions(given);
  const flat = flattenContent(content);
  await ensureRuntime(); // training's and the network's tensors go on the chosen backend, even without initRuntime()
  const started = performance.now();
  const encoder = options.encoder === undefined ? null : await openEncoder(options.encoder, options.signal, 'trainAssistant');
  try {
    const trained = await trainModel(flat, options, encoder ? { model: encoder, url: options.encoder?.url as string, started } : undefined);
    return guarded(new AssistantImpl(structuredClone(content), trained, encoder));
  } catch (error) {
    encoder?.dispose();
    throw error;
  }
}

/** Loads the encoder (its module only now: a shop without it never downloads either). */
async function openEncoder(options: AssistantEncoderOptions, signal: AbortSignal | undefined, caller: string): Promise<SentenceEncoder> {
  if (typeof options !== 'object' || options === null || typeof options.url !== 'string' || options.url === '') {
    throw new StorefrontError('INVALID_OPTION', `${caller}: option encoder is ${show(options)}. Pass { url } of the folder hosting Universal Sentence Encoder lite.`, {
      details: { option: 'encoder' },
    });
  }
  const { loadSentenceEncoder } = await import('./encoder/sentence-encoder.ts');
  return loadSentenceEncoder(options, signal);
}

function guarded(assistant: AssistantImpl): Assistant {
  return guardDisposed(assistant, 'Assistant', 'Train or load a new assistant.');
}

/** Options of `loadAssistant()`: the shared loader options, and the encoder for an assistant trained with one. */
export interface LoadAssistantOptions extends SharedLoadOptions {
  /**
   * Where the shop hosts the sentence encoder, for an assistant trained with `encoder` (its `metadata.encoder`);
   * without it such an assistant is refused with ENCODER_REQUIRED. Ignored for an n-gram assistant. @default undefined
   */
  encoder?: AssistantEncoderOptions;
}

/**
 * Loads an assistant saved with `save()` or `toFiles()`: `indexeddb://<name>`, the URL of a `model.json` (e.g.
 * under `models/`) whose `files` manifest the weights must match (INTEGRITY_MISMATCH), from this origin unless
 * allowed (ORIGIN_NOT_ALLOWED), or a tf.io handler. Missing or malformed → MODEL_LOAD_FAILED naming the field
 * (NOT_FOUND for an unknown IndexedDB name). The shared loader options apply to a hosted model.json.
 */
export async function loadAssistant(source: string | tf.io.IOHandler, options: LoadAssistantOptions = {}): Promise<Assistant> {
  const fileOptions = checkFileOptions(options, 'Assistant');
  throwIfAborted(fileOptions.signal, 'Loading the assistant');
  await ensureRuntime();
  let saved: SavedAssistant;
  try {
    saved = artifactsToModel(await readArtifacts(source, fileOptions), typeof source === 'string' ? source : 'the handler');
  } catch (error) {
    throwIfAborted(fileOptions.signal, 'Loading the assistant'); // an aborted fetch fails as a network error
    throw error;
  }
  throwIfAborted(fileOptions.signal, 'Loading the assistant');
  const needed = saved.model.encoder;
  if (needed === undefined) return guarded(new AssistantImpl(saved.content, saved.model));
  if (options.encoder === undefined) {
    throw new StorefrontError('ENCODER_REQUIRED', `Assistant: ${typeof source === 'string' ? source : 'the handler'} was trained with the sentence encoder ${needed.name} (loaded from ${needed.url}). ` +
      `Host its files and pass loadAssistant(source, { encoder: { url } }).`, { details: { encoder: needed } });
  }
  const encoder = await openEncoder(options.encoder, fileOptions.signal, 'loadAssistant');
  if (encoder.name !== needed.name || encoder.dim !== needed.dim) {
    encoder.dispose();
    throw new StorefrontError('ENCODER_REQUIRED', `Assistant: needs ${needed.name} (${needed.dim}-d), got ${encoder.name} (${encoder.dim}-d).`, { details: { encoder: needed } });
  }
  return guarded(new AssistantImpl(saved.content, saved.model, encoder));
}
