/**
 * The history export format (GDPR Art. 20 portability), version 1:
 * `{ "format": "storefront-ml/history", "version": 1, "exportedAt": "<ISO 8601>", "events": StoredEvent[] }`,
 * events oldest first, always in plain text (the export is for the shopper). `import()` checks all of it before
 * writing anything.
 */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import type { StoredEvent } from './types.ts';
import { validateStoredEvent } from './validate-event.ts';

export const EXPORT_FORMAT = 'storefront-ml/history';
export const EXPORT_VERSION = 1;

function bad(what: string, cause?: unknown): never {
  throw new StorefrontError('INVALID_INPUT', `History import: ${what}. Pass what export() produced (format "${EXPORT_FORMAT}", version ${EXPORT_VERSION}).`, cause === undefined ? {} : { cause });
}

/** Parses and validates an export (object or JSON text); throws INVALID_INPUT naming the first problem. */
export function parseExport(data: unknown): StoredEvent[] {
  let value = data;
  if (typeof data === 'string') {
    try { value = JSON.parse(data); } catch (error) { bad('the text is not valid JSON', error); }
  }
  const doc = value as { format?: unknown; version?: unknown; events?: unknown } | null;
  if (typeof doc !== 'object' || doc === null) bad(`expected an object; got ${show(doc)}`);
  if (doc.format !== EXPORT_FORMAT) bad(`format is ${show(doc.format)}`);
  if (doc.version !== EXPORT_VERSION) bad(`unsupported version ${show(doc.version)}; this build reads version ${EXPORT_VERSION}`);
  if (!Array.isArray(doc.events)) bad(`events must be an array; got ${show(doc.events)}`);
  const seen = new Set<string>();
  // Array.from, not map: a hole in the array is an event that is not one, not an event to skip.
  return Array.from(doc.events as unknown[], (e, i) => {
    const event = validateStoredEvent(e, `History import: event ${i}`);
    if (seen.has(event.id)) bad(`event ${i} repeats id ${event.id}`);
    seen.add(event.id);
    return event;
  });
}
