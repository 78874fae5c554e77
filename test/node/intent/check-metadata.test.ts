import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStorefrontError } from '../../../src/core/errors.ts';
import { checkIntentMetadata, declaredShape } from '../../../src/intent/check-metadata.ts';

const shipped = JSON.parse(readFileSync('models/purchase-intent/metadata.json', 'utf8'));

function fieldOf(change: (m: Record<string, any>) => void): unknown {
  const m = structuredClone(shipped);
  change(m);
  try {
    checkIntentMetadata(m, 'metadata.json');
  } catch (error) {
    if (isStorefrontError(error, 'MODEL_LOAD_FAILED')) return error.details.field;
    throw error;
  }
  return 'accepted';
}

describe('checkIntentMetadata', () => {
  it('accepts the shipped metadata, whose schema encodes what model.json takes', () => {
    const m = checkIntentMetadata(shipped, 'metadata.json');
    const shape = declaredShape(JSON.parse(readFileSync('models/purchase-intent/model.json', 'utf8')));
    expect(shape).toEqual({ inputs: m.featureNames.length, units: 1 });
  });

  it('names the field of each bad value', () => {
    expect(fieldOf((m) => { m.format = 'x'; })).toBe('format');
    expect(fieldOf((m) => { m.threshold = -0.1; })).toBe('threshold');
    expect(fieldOf((m) => { m.featureSchema.numeric[2].sd = -1; })).toBe('featureSchema.numeric[2].sd');
    expect(fieldOf((m) => { m.featureSchema.numeric[2].sd = 1e-30; })).toBe('featureSchema.numeric[2].sd');
    expect(fieldOf((m) => { m.featureSchema.numeric[0].transform = 'sqrt'; })).toBe('featureSchema.numeric[0].transform');
    expect(fieldOf((m) => { m.featureSchema.categorical[1].values.push('1'); })).toBe('featureSchema.categorical[1].values');
    expect(fieldOf((m) => { m.featureSchema.categorical[0].name = 'Colour'; })).toBe('featureSchema.categorical[0].name');
    expect(fieldOf((m) => { m.architecture.activation = 'gelu'; })).toBe('architecture.activation');
    expect(fieldOf((m) => { m.architecture.members = 1; })).toBe('architecture.members');
    expect(fieldOf((m) => { m.architecture.members = 2.5; })).toBe('architecture.members');
    expect(fieldOf((m) => { m.featureNames = m.featureNames.slice(1); })).toBe('featureNames');
    expect(fieldOf((m) => { m.featureSchema.numeric[0].transform = 'quantile'; })).toBe('featureSchema.numeric[0].knots');
    expect(fieldOf((m) => { Object.assign(m.featureSchema.numeric[0], { transform: 'quantile', knots: [1, 0], levels: [0.2, 0.8] }); })).toBe('featureSchema.numeric[0].knots');
  });

  it('accepts a quantile-scaled column; the shipped file has none (the fields are optional)', () => {
    expect(shipped.featureSchema.numeric.some((n: { knots?: unknown }) => n.knots !== undefined)).toBe(false);
    expect(fieldOf((m) => { Object.assign(m.featureSchema.numeric[0], { transform: 'quantile', knots: [0, 1, 5], levels: [0.4, 0.7, 0.9] }); })).toBe('accepted');
  });
});
