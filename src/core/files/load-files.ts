/**
 * The hosted-model path every family shares: resolve the source (same origin unless allowed), fetch its metadata,
 * then every file its manifest lists, verified and optionally cached. Families parse and validate their metadata
 * between the two steps, before any tensor exists.
 */
import { StorefrontError } from '../errors.ts';
import { oneOf, show } from '../validate.ts';
import { fetchJson, fetchVerified, type FetchProgress } from './fetch-files.ts';
import type { FileManifest } from './manifest.ts';
import { fetchVerifiedCached } from './model-cache.ts';
import { resolveAllowed, resolveBeside } from './origin.ts';
import type { LoadOptions } from '../lifecycle.ts';

/** Options every hosted loader takes, with the same meaning everywhere. */
export type ModelFileOptions = LoadOptions;

/** Checks the shared options once, at the boundary. */
export function checkFileOptions(options: ModelFileOptions | undefined, subject: string): ModelFileOptions & { cache: 'indexeddb' | 'none' } {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new StorefrontError('INVALID_OPTION', `${subject}: options is ${show(options)}. Pass an object or nothing.`);
  }
  const o = options ?? {};
  const cache = oneOf('cache', o.cache ?? 'none', ['indexeddb', 'none'] as const);
  if (o.fetch !== undefined && typeof o.fetch !== 'function') {
    throw new StorefrontError('INVALID_OPTION', `${subject}: option fetch is ${show(o.fetch)}. Pass a fetch-compatible function.`, { details: { option: 'fetch' } });
  }
  const origins = o.allowedOrigins ?? [];
  if (!Array.isArray(origins) || !origins.every((x) => typeof x === 'string' && URL.canParse(x))) {
    throw new StorefrontError('INVALID_OPTION', `${subject}: option allowedOrigins is ${show(origins)}. Pass origins such as ["https://cdn.example.com"].`, {
      details: { option: 'allowedOrigins' },
    });
  }
  if (o.baseUrl !== undefined && typeof o.baseUrl !== 'string' && !(o.baseUrl instanceof URL)) {
    throw new StorefrontError('INVALID_OPTION', `${subject}: option baseUrl is ${show(o.baseUrl)}. Pass a URL or its string.`, { details: { option: 'baseUrl' } });
  }
  return { ...o, cache, allowedOrigins: origins };
}

/** Resolves `source` (origin-checked) and fetches the JSON there. Returns its absolute URL and the parsed value. */
export async function fetchMetadata(source: string, options: ModelFileOptions, subject: string): Promise<{ url: string; json: unknown }> {
  const url = resolveAllowed(source, options, subject, 'the source');
  return { url, json: await fetchJson(url, { subject, signal: options.signal, fetch: options.fetch }) };
}

/**
 * Downloads every file of `manifest` beside `metadataUrl` (each origin-checked), verified, from the cache when
 * asked. Returns path → bytes.
 */
export async function fetchManifestFiles(
  manifest: FileManifest,
  metadataUrl: string,
  options: ModelFileOptions,
  subject: string,
): Promise<Map<string, ArrayBuffer>> {
  const resolve = (path: string): string => resolveBeside(metadataUrl, path, options, subject);
  for (const path of Object.keys(manifest)) resolve(path); // refuse a foreign file before fetching any
  const context = { subject, signal: options.signal, onProgress: options.onProgress, fetch: options.fetch };
  return options.cache === 'indexeddb'
    ? (await fetchVerifiedCached(manifest, resolve, context)).files
    : fetchVerified(manifest, resolve, context);
}
