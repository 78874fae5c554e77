/**
 * The file manifest every model family writes into its metadata and checks on load:
 * `files: { "<path relative to the metadata>": { bytes, sha256 } }` (the shape vision's metadata.json has always had).
 * Pure; runs in Node.
 */
import { StorefrontError } from '../errors.ts';
import { show } from '../validate.ts';
import { sha256HexSync } from './sha256.ts';

/** One file of a model (model.json, a weight shard…), with what it must be. */
export interface ModelFile {
  /** Size in bytes; a shorter download is reported as truncated. */
  bytes: number;
  /** Lower-case hex SHA-256 of the file's bytes. */
  sha256: string;
}

/** Path (relative to the metadata file) → what that file must be. */
export type FileManifest = Record<string, ModelFile>;

const HEX64 = /^[0-9a-f]{64}$/;
/** Builds the manifest of `files` (text is hashed as UTF-8), synchronously, for `toFiles()`-style writers. */
export function manifestOf(files: Record<string, string | Uint8Array | ArrayBuffer>): FileManifest {
  const out: FileManifest = {};
  for (const [path, content] of Object.entries(files)) {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
    out[path] = { bytes: bytes.byteLength, sha256: sha256HexSync(bytes) };
  }
  return out;
}

/**
 * Checks a manifest read from `where` and returns it typed. `required` are paths it must list. A malformed or
 * missing manifest throws MODEL_LOAD_FAILED with `details.field`.
 */
export function parseManifest(value: unknown, subject: string, where: string, required: readonly string[] = []): FileManifest {
  const fail = (field: string, got: unknown, fix: string): never => {
    throw new StorefrontError('MODEL_LOAD_FAILED', `${subject}: ${where} ${field} is ${show(got)}. ${fix}`, { details: { field, value: got, source: where } });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('files', value, 'Expected { "<path>": { "bytes", "sha256" } }: re-save the model with this version of storefront-ml, or run tools/models/write-manifests.mjs.');
  }
  const files = value as Record<string, unknown>;
  for (const [path, f] of Object.entries(files)) {
    // Any URL may be named: where it resolves is checked against the allowed origins before anything is fetched.
    if (path === '') fail('files[""]', path, 'Expected a path relative to the metadata file.');
    const file = f as Partial<ModelFile> | null;
    if (!file || !Number.isInteger(file.bytes) || (file.bytes as number) < 0 || typeof file.sha256 !== 'string' || !HEX64.test(file.sha256)) {
      fail(`files["${path}"]`, f, 'Expected { "bytes": <integer>, "sha256": "<64 lower-case hex digits>" }.');
    }
  }
  for (const path of required) {
    if (!(path in files)) fail('files', Object.keys(files), `It must list "${path}".`);
  }
  return files as FileManifest;
}
