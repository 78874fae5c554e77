/**
 * A model folder on disk, read the way the browser reads it: metadata.json first (its `format` says the family),
 * then the family's own loader (`loadRecommender`, `loadIntentModel`) over a fetch that serves the folder's files,
 * so the file layer checks every file against metadata.json's manifest exactly as it does for a hosted folder.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { StorefrontError } from '../../core/errors.ts';

/** The origin the folder is served from, to the loaders (never a network request: `folderFetch` answers it). */
export const FOLDER_BASE = 'http://localhost/model/';

export const MODEL_FORMATS = { recommender: 'storefront-ml/recommender', intent: 'storefront-ml/purchase-intent' } as const;

export interface ModelFolder {
  /** Absolute path. */
  path: string;
  /** metadata.json as parsed. */
  metadata: Record<string, unknown>;
  family: keyof typeof MODEL_FORMATS;
}

/** Reads `dir`/metadata.json and tells the family; INVALID_INPUT / NOT_FOUND (exit 2) saying what to pass otherwise. */
export async function readModelFolder(dir: string, cwd: string): Promise<ModelFolder> {
  const abs = path.resolve(cwd, dir);
  const info = await stat(abs).catch((cause: unknown) => {
    throw new StorefrontError('NOT_FOUND', `Model folder ${dir}: no such folder. Pass the folder a train command wrote (it holds metadata.json).`, { cause, details: { path: abs } });
  });
  if (!info.isDirectory()) {
    throw new StorefrontError('INVALID_INPUT', `Model folder ${dir} is a file, not a folder. Pass the folder that holds metadata.json.`, { details: { path: abs } });
  }
  const text = await readFile(path.join(abs, 'metadata.json'), 'utf8').catch((cause: unknown) => {
    throw new StorefrontError('INVALID_INPUT', `Model folder ${dir} has no metadata.json, so it is not a storefront-ml model folder. Pass a folder written by \`storefront-ml train …\` or a model's toFiles().`, { cause, details: { path: abs } });
  });
  let metadata: unknown;
  try {
    metadata = JSON.parse(text);
  } catch (cause) {
    throw new StorefrontError('INVALID_INPUT', `Model folder ${dir}: metadata.json is not JSON. Re-write the folder with the train command.`, { cause, details: { path: abs } });
  }
  const format = (metadata as { format?: unknown } | null)?.format;
  const family = (Object.keys(MODEL_FORMATS) as (keyof typeof MODEL_FORMATS)[]).find((k) => MODEL_FORMATS[k] === format);
  if (!family) {
    throw new StorefrontError('INVALID_INPUT', `Model folder ${dir}: metadata.json has format ${JSON.stringify(format)}, which evaluate cannot score. Expected one of: ${Object.values(MODEL_FORMATS).join(', ')}.`, { details: { path: abs, format } });
  }
  return { path: abs, metadata: metadata as Record<string, unknown>, family };
}

/** A fetch serving the files of `dir` at {@link FOLDER_BASE}; 404 for anything else (and for paths leaving the folder). */
export function folderFetch(dir: string): typeof globalThis.fetch {
  return (async (input: RequestInfo | URL) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const rel = decodeURIComponent(url.pathname).replace(/^\/model\//, '');
    const file = path.resolve(dir, rel);
    if (url.origin !== new URL(FOLDER_BASE).origin || !url.pathname.startsWith('/model/') || path.relative(dir, file).startsWith('..')) {
      return new Response('not found', { status: 404, statusText: 'Not Found' });
    }
    try {
      return new Response(new Uint8Array(await readFile(file)), { status: 200 });
    } catch {
      return new Response('not found', { status: 404, statusText: 'Not Found' });
    }
  }) as typeof globalThis.fetch;
}
