import { describe, expect, it } from 'vitest';
import { adaptationOf, isAdapted, markAdapted } from '../../../src/intent/adapted.ts';
import type { IntentMetadata } from '../../../src/intent/types.ts';

const metadata = { provenance: { data: 'uci' } } as unknown as IntentMetadata;

describe('the adapted-on-the-shopper mark', () => {
  it('is added by markAdapted, kept beside the rest of the provenance, and read back by isAdapted', () => {
    expect(isAdapted(metadata)).toBe(false);
    const adapted = markAdapted(metadata, new Date('2026-01-02T03:04:05Z'));
    expect(adapted.provenance).toEqual({ data: 'uci', adaptedOn: 'shopper', adaptedAt: '2026-01-02T03:04:05.000Z' });
    expect(isAdapted(adapted)).toBe(true);
    expect(metadata.provenance).toEqual({ data: 'uci' }); // the input is left as it was
  });

  it('gives the fields a save re-applies over its provenance option, and nothing for a model not adapted', () => {
    expect(adaptationOf(metadata)).toEqual({});
    expect(adaptationOf(markAdapted(metadata, new Date(0)))).toEqual({ adaptedOn: 'shopper', adaptedAt: '1970-01-01T00:00:00.000Z' });
    expect(isAdapted({ provenance: { adaptedOn: 'nobody' } } as unknown as IntentMetadata)).toBe(false);
  });
});
