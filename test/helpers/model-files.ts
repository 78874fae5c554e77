/**
 * Serving model files to loaders in tests, two ways: over real HTTP (written under results/served/ through Vitest's
 * browser commands, so the Vite server answers them like any hosted model) and from memory through a loader's
 * `fetch` option (tampered copies, foreign origins). Plus the check every failure test makes: a typed error, with
 * no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { commands } from 'vitest/browser';
import { isStorefrontError } from '../../src/core/errors.ts';

type Content = string | Uint8Array | ArrayBuffer;

function bytesOf(content: Content): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content instanceof Uint8Array ? content : new Uint8Array(content);
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Writes `files` under results/served/<folder>/ and returns their folder URL (ending in "/"). */
export async function serveFiles(folder: string, files: Record<string, Content>): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    await commands.writeFile(`results/served/${folder}/${name}`, base64(bytesOf(content)), 'base64');
  }
  return `/results/served/${folder}/`;
}

/** The bytes a URL serves (a real file of the repo or the data directory). */
export async function bytesAt(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A copy of `bytes` with one byte flipped (at `index`, default the middle). */
export function flipByte(bytes: Uint8Array, index = Math.floor(bytes.length / 2)): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] as number) ^ 0xff;
  return copy;
}

/**
 * A fetch serving `files` (absolute URL or path on this origin → content) from memory, 404 for anything else.
 * `seen` lists every URL asked for, so a test can prove nothing was fetched from a foreign origin. `base` prefixes
 * every key (a hosted model folder: `memoryFetch(await model.toFiles(), '/hosted/x/')`).
 */
export function memoryFetch(files: Record<string, Content>, base = ''): { fetch: typeof fetch; seen: string[] } {
  const byUrl = new Map(Object.entries(files).map(([url, content]) => [new URL(base + url, location.href).href, bytesOf(content)]));
  const seen: string[] = [];
  const fake = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input), location.href).href;
    seen.push(url);
    const body = byUrl.get(url);
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetch: fake, seen };
}

/**
 * Awaits `load()` and returns its StorefrontError, failing when it resolves, throws something else, has another
 * code, names another field (when `field` is given) or leaves tensors behind.
 */
export async function loadError(load: () => Promise<unknown>, code: string, field?: string | RegExp): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    const result = await load();
    (result as { dispose?: () => void } | undefined)?.dispose?.();
  } catch (e) {
    error = e;
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`the failed load leaked ${leaked} tensor(s)`);
  if (!isStorefrontError(error)) throw new Error(`expected a StorefrontError ${code}, got ${error === undefined ? 'success' : String(error)}`);
  if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`);
  const got = error.details.field;
  if (field !== undefined && !(typeof field === 'string' ? got === field : typeof got === 'string' && field.test(got))) {
    throw new Error(`expected details.field ${String(field)}, got ${String(got)}: ${error.message}`);
  }
  return { code: error.code, message: error.message, details: { ...error.details } };
}
