/**
 * Where a model may be fetched from: relative or same-origin URLs, plus origins the caller names. A metadata file
 * (or a source URL) pointing at another origin is refused before anything is fetched from it.
 */
import { StorefrontError } from '../errors.ts';

/** The page's URL, or a placeholder origin outside a page (Node, some workers). */
export function pageUrl(): string {
  return (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/';
}

function originOf(url: string): string {
  // blob: URLs made by this page carry its origin (URL.origin handles that); data: URLs have none.
  return new URL(url).origin;
}

/**
 * Resolves `url` against `baseUrl` (default: the page) and throws ORIGIN_NOT_ALLOWED unless it is same-origin with
 * the page or its origin is in `allowedOrigins`. `what` names the URL in the message ("the source", "metadata.json").
 */
export function resolveAllowed(url: string, options: { baseUrl?: string | URL; allowedOrigins?: readonly string[] }, subject: string, what: string): string {
  const base = options.baseUrl === undefined ? pageUrl() : new URL(options.baseUrl, pageUrl()).href;
  let resolved: URL;
  try {
    // blob: URLs are not hierarchical; resolve beside them the way tf.io.http does, by the last "/".
    resolved = base.startsWith('blob:') && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('/')
      ? new URL(base.slice(0, base.lastIndexOf('/') + 1) + url)
      : new URL(url, base);
  } catch (cause) {
    throw new StorefrontError('INVALID_INPUT', `${subject}: ${what} ${JSON.stringify(url)} is not a URL. Pass a relative or same-origin URL.`, { cause, details: { url } });
  }
  const origin = originOf(resolved.href);
  const page = originOf(pageUrl());
  const allowed = (options.allowedOrigins ?? []).map((o) => originOf(new URL(o).href));
  if (origin !== page && !allowed.includes(origin)) {
    throw new StorefrontError('ORIGIN_NOT_ALLOWED', `${subject}: ${what} ${resolved.href} is on origin ${origin}, not this page's (${page}). ` +
      'Serve the model from this origin, or name its origin in options.allowedOrigins.', { details: { url: resolved.href, origin, allowedOrigins: allowed } });
  }
  return resolved.href;
}

/** Resolves `path` against the folder of `fileUrl` (the metadata's URL), then applies the same origin rule. */
export function resolveBeside(fileUrl: string, path: string, options: { allowedOrigins?: readonly string[] }, subject: string): string {
  return resolveAllowed(path, { baseUrl: fileUrl, allowedOrigins: options.allowedOrigins }, subject, `file "${path}" at`);
}
