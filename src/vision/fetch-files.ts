/**
 * Downloads a model's files and proves they are the ones its metadata names: size first (a short file is a
 * truncated download), then SHA-256 with WebCrypto. Reports progress in bytes and honours an AbortSignal.
 */
import { StorefrontError, describeError, throwIfAborted } from '../core/errors.ts';
import type { VisionModelFile } from './metadata.ts';

export interface FetchProgress {
  /** Bytes received so far, over all files. */
  loaded: number;
  /** Bytes expected over all files (from the metadata). */
  total: number;
}

/** Lower-case hex SHA-256 of `bytes` (WebCrypto; available in browsers, workers and Node 20). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Throws unless `bytes` has the size and SHA-256 that `expected` promises. */
export async function verifyFile(url: string, bytes: ArrayBuffer, expected: VisionModelFile): Promise<void> {
  if (bytes.byteLength !== expected.bytes) {
    const why = bytes.byteLength < expected.bytes ? 'truncated' : 'longer than expected';
    throw new StorefrontError(
      'MODEL_LOAD_FAILED',
      `Vision model: ${url} is ${bytes.byteLength} bytes but metadata.json expects ${expected.bytes} (${why}). ` +
        'Re-upload the file, or regenerate metadata.json if the model changed.',
      { details: { url, bytes: bytes.byteLength, expectedBytes: expected.bytes } },
    );
  }
  const actual = await sha256Hex(bytes);
  if (actual !== expected.sha256) {
    throw new StorefrontError(
      'INTEGRITY_MISMATCH',
      `Vision model: ${url} has SHA-256 ${actual} but metadata.json expects ${expected.sha256}. ` +
        'The file was altered or belongs to another model version; serve the matching files or regenerate metadata.json.',
      { details: { url, sha256: actual, expectedSha256: expected.sha256 } },
    );
  }
}

/** Fetches one file as bytes, streaming so that progress can be reported. */
async function fetchBytes(url: string, signal: AbortSignal | undefined, onBytes: (n: number) => void): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal, credentials: 'same-origin' });
  } catch (error) {
    throwIfAborted(signal, 'Loading the vision model');
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model: fetching ${url} failed: ${describeError(error)}. ` +
      'Check the URL and that the server allows this origin.', { cause: error, details: { url } });
  }
  if (!response.ok) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model: ${url} answered HTTP ${response.status}. ` +
      'Serve the model files at that URL (see README, "Product vision").', { details: { url, status: response.status } });
  }
  try {
    if (!response.body) {
      const buffer = await response.arrayBuffer();
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
    throwIfAborted(signal, 'Loading the vision model');
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model: reading ${url} failed: ${describeError(error)}. ` +
      'The connection dropped; try again.', { cause: error, details: { url } });
  }
}

/**
 * Fetches and verifies `files` (path → expected) relative to `resolve(path)`, two at a time. Returns path → bytes.
 * `onProgress` gets bytes over all files.
 */
export async function fetchVerified(
  files: Record<string, VisionModelFile>,
  resolve: (path: string) => string,
  options: { signal?: AbortSignal; onProgress?: (progress: FetchProgress) => void },
): Promise<Map<string, ArrayBuffer>> {
  const { signal, onProgress } = options;
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
      const [path, expected] = entries[index] as [string, VisionModelFile];
      try {
        throwIfAborted(signal, 'Loading the vision model');
        const url = resolve(path);
        const bytes = await fetchBytes(url, signal, (n) => {
          loaded += n;
          onProgress?.({ loaded: Math.min(loaded, total), total });
        });
        await verifyFile(url, bytes, expected);
        out.set(path, bytes);
      } catch (error) {
        const first = failure as { index: number } | undefined; // the other worker may have failed meanwhile
        if (!first || index < first.index) failure = { index, error };
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (failure) throw failure.error;
  throwIfAborted(signal, 'Loading the vision model');
  return out;
}
