/**
 * What marks a purchase-intent model as derived from the shopper: `adapt()` fine-tunes it on that shopper's own
 * outcomes, so its weights are their data. The mark lives in the metadata's provenance (`adaptedOn: 'shopper'`,
 * `adaptedAt`), travels with save() and toFiles(), and makes a model saved in IndexedDB per-shopper data: listed
 * with `perShopper: true`, exported and erased by the shopper's history rights calls.
 */
import type { IntentMetadata } from './types.ts';

export const ADAPTED_ON = 'shopper';

/** True when the model's weights were adapted on a shopper (now, or before it was saved and loaded again). */
export function isAdapted(metadata: IntentMetadata): boolean {
  return metadata.provenance?.adaptedOn === ADAPTED_ON;
}

/** The metadata after a successful adaptation at `now`. */
export function markAdapted(metadata: IntentMetadata, now: Date): IntentMetadata {
  return { ...metadata, provenance: { ...metadata.provenance, adaptedOn: ADAPTED_ON, adaptedAt: now.toISOString() } };
}

/** The adaptation fields of a provenance, so a save's own provenance option cannot drop them. */
export function adaptationOf(metadata: IntentMetadata): Record<string, unknown> {
  if (!isAdapted(metadata)) return {};
  return { adaptedOn: ADAPTED_ON, adaptedAt: metadata.provenance.adaptedAt };
}
