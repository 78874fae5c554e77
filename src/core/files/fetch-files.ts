/**
 * Downloads a model's files and proves they are the ones its metadata names: size first (a short file is a
 * truncated download), then SHA-256 with WebCrypto. Reports progress in bytes and honours an AbortSignal.
 * Grown from the vision loader; every model family loads through it.
 */
import { StorefrontError, describeError, throwIfAborted } from '../errors.ts';
import type { FileManifest, ModelFile } from './manifest.ts';
import { sha256Hex } from './sha256.ts';

export interface FetchProgress {
  /** Bytes received so far, over all files. */
  loaded: number;
  /** Bytes expected over all files (from the metadata). */
  total: number;
}

/** What every fetching step takes. `subject` starts messages ("Vision model", "Intent model"…). */
export interface FetchContext {
  subject?: string;
  signal?: AbortSignal;
  onProgress?: (progress: FetchProgress) => void;
  /** The fetch to use; looked up on globalThis at call time when absent (so tests and polyfills can swap it). */
  fetch?: typeof fetch;
}

const subjectOf = (c: { subject?: string }): string => c.subject ?? 'Model';

/** Throws unless `bytes` has the size and SHA-256 that `expected` promises. */
export async function verifyFile(url: string, bytes: ArrayBuffer, expected: ModelFile, subject = 'Vision model'): Promise<void> {
  if (bytes.byteLength !== expected.bytes) {
    const why = bytes.byteLength < expected.bytes ? 'truncated' : 'longer than expected';
    throw new StorefrontError(
      'MODEL_LOAD_FAILED',
      `${subject}: ${url} is ${bytes.byteLength} bytes but its metadata expects ${expected.bytes} (${why}). ` +
        'Re-upload the file, or regenerate the metadata if the model changed.',
      { details: { url, bytes: bytes.byteLength, expectedBytes: expected.bytes } },
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expected.sha256) {
    throw new StorefrontError(
      'INTEGRITY_MISMATCH',
      `${subject}: ${url} has SHA-256 ${actual} but its metadata expects ${expected.sha256}. ` +
        'The file was altered or belongs to another model version; serve the matching files or regenerate the metadata.',
      { details: { url, sha256: actual, expectedSha256: expected.sha256 } },
    );
  }
}

/** Fetches one URL, mapping network failures and HTTP errors to MODEL_LOAD_FAILED naming the URL. */
export async function fetchResponse(url: string, context: FetchContext, fix = 'Check the URL and that the server allows this origin.'): Promise<Response> {
  const subject = subjectOf(context);
  let response: Response;
  try {
    response = await (context.fetch ?? globalThis.fetch)(url, { signal: context.signal, credentials: 'same-origin' });
  } catch (error) {
    throwIfAborted(context.signal, `Loading the ${subject.toLowerCase()}`);
    throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: fetching ${url} failed: ${describeError(error)}. ${fix}`, { cause: error, details: { url } });
  }
  if (!response.ok) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: ${url} answered HTTP ${response.status}. Serve the model files at that URL.`, {
      details: { url, status: response.status },
    });
  }
  return response;
}

/** Fetches a JSON document (a metadata file), refusing anything over `maxBytes` so a hostile file cannot exhaust memory. */
export async function fetchJson(url: string, context: FetchContext, maxBytes = 64 * 2 ** 20): Promise<unknown> {
  const subject = subjectOf(context);
  const bytes = await fetchBytes(url, context, () => undefined, maxBytes);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: ${url} is not JSON. Serve the metadata written by storefront-ml.`, { cause: error, details: { url } });
  }
}

/** Fetches one file as bytes, streaming so that progress can be reported; stops past `maxBytes`. */
export async function fetchBytes(url: string, context: FetchContext, onBytes: (n: number) => void, maxBytes = Infinity): Promise<ArrayBuffer> {
  const subject = subjectOf(context);
  const response = await fetchResponse(url, context);
  const tooLong = (): never => {
    throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: ${url} is longer than the ${maxBytes} bytes expected. Serve the matching file.`, {
      details: { url, maxBytes },
    });
  };
  try {
    if (!response.body) {
      const buffer = await response.arrayBuffer();
      if (buffer.byteLength > maxBytes) tooLong();
      onBytes(buffer.byteLength);
      return buffer;
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        tooLong();
      }
      onBytes(value.byteLength);
    }
    const out = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return out.buffer;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODEL_LOAD_FAILED') throw error;
    throwIfAborted(context.signal, `Loading the ${subject.toLowerCase()}`);
    throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: reading ${url} failed: ${describeError(error)}. ` +
      'The connection dropped; try again.', { cause: error, details: { url } });
  }
}

/**
 * Fetches and verifies `files` (path → expected) at `resolve(path)`, two at a time. Returns path → bytes.
 * `onProgress` gets bytes over all files. A file longer than its manifest says is cut off at once.
 */
export async function fetchVerified(
  files: FileManifest,
  resolve: (path: string) => string,
  context: FetchContext,
): Promise<Map<string, ArrayBuffer>> {
  const { signal, onProgress } = context;
  const what = `Loading the ${subjectOf(context).toLowerCase()}`;
  const entries = Object.entries(files);
  const total = entries.reduce((s, [, f]) => s + f.bytes, 0);
  let loaded = 0;
  const out = new Map<string, ArrayBuffer>();
  let nextIndex = 0;
  // The first file (in the metadata's order) that failed: reported whichever download finished first, so one bad
  // URL gives one stable message (model.json before its shards); no new download starts after a failure.
  let failure: { index: number; error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && nextIndex < entries.length) {
      const index = nextIndex++;
      const [path, expected] = entries[index] as [string, ModelFile];
      try {
        throwIfAborted(signal, what);
        const url = resolve(path);
        const bytes = await fetchBytes(url, context, (n) => {
          loaded += n;
          onProgress?.({ loaded: Math.min(loaded, total), total });
        }, expected.bytes);
        await verifyFile(url, bytes, expected, subjectOf(context));
        out.set(path, bytes);
      } catch (error) {
        const first = failure as { index: number } | undefined; // the other worker may have failed meanwhile
        if (!first || index < first.index) failure = { index, error };
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (failure) throw failure.error;
  throwIfAborted(signal, what);
  return out;
}
